package br.lncc.llm.ui.compress;

import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.lesson.compress.AblationExport;
import br.lncc.llm.lesson.compress.AblationLessons;
import br.lncc.llm.lesson.compress.AblationResult;
import br.lncc.llm.lesson.compress.Calibration;
import br.lncc.llm.lesson.compress.CompressionCondition;
import br.lncc.llm.lesson.compress.CompressionLab;
import br.lncc.llm.lesson.compress.CompressionModel;
import br.lncc.llm.lesson.compress.CompressionRequest;
import br.lncc.llm.lesson.compress.ConditionResult;
import br.lncc.llm.lesson.compress.LinearRole;
import br.lncc.llm.text.CompanionException;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.ch04.LabModel;
import br.lncc.llm.ui.lessons.PageLayout;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * Cap. 6.6 / 9.1.3 "Laboratório de compressão" (seed 004): the ablation of pruning + low-bit
 * quantization at one budget, measured honestly. The view collects the settings, runs
 * {@link CompressionLab} as a background task and draws its records: table, ppl and rep-4 against
 * bits, generations side by side, Fisher bars per layer, and the two lessons with this run's evidence.
 */
public final class CompressionLabView {
    /** The entry that opens the training lab's tiny random GPT-2 instead of a folder. */
    static final String TINY = "gpt2-tiny";
    /** The curve of the seed's first attempts: 8 bits is the original, 1 bit explodes. */
    static final List<Integer> SWEEP_BITS = List.of(8, 4, 3, 2, 1);

    private final PageContext ctx;
    private final I18n i18n;
    private final PageLayout layout;
    private final ComboBox<String> model = new ComboBox<>();
    private final Spinner<Integer> bits = new Spinner<>(1, 8, 4);
    private final Spinner<Double> sparsity = new Spinner<>(0.0, 0.99, 0.32, 0.01);
    private final Spinner<Integer> group = new Spinner<>(1, 4096, 128, 32);
    private final Spinner<Integer> tokens = new Spinner<>(1, 400, 60, 10);
    private final CheckBox skip = new CheckBox();
    private final CheckBox twoFour = new CheckBox();
    private final CheckBox sweep = new CheckBox();
    private final Map<CompressionCondition, CheckBox> conditions = new EnumMap<>(CompressionCondition.class);
    private final TextArea calibration = new TextArea(CompressionModel.sample("calibration-pt.txt"));
    private final TextArea evaluation = new TextArea(CompressionModel.sample("evaluation-pt.txt"));
    private final TextArea prompts = new TextArea(CompressionModel.sample("prompts-pt.txt"));
    private final Button run = new Button();
    private final Label message = new Label();
    private final ObservableList<ConditionResult> rows = FXCollections.observableArrayList();
    private final TableView<ConditionResult> table = new TableView<>(rows);
    private final LineChart<Number, Number> pplChart;
    private final LineChart<Number, Number> repChart;
    private final BarChart<String, Number> fisherChart;
    private final ComboBox<String> promptChoice = new ComboBox<>();
    private final HBox generations = new HBox(8);
    private final Label promptingNote = new Label();
    private final Label pplEvidence = new Label();
    private final Label tiedEvidence = new Label();
    private final Label fisherNote = new Label();
    private final Button exportCsv = new Button();
    private final Button exportJson = new Button();
    private final Button exportPng = new Button();
    private final br.lncc.llm.ui.widget.RecordExport record;
    private AblationResult last;

    public CompressionLabView(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        layout = new PageLayout(i18n, "compress.title", "compress.intro");
        layout.root().setId("compress-lab");

        model.setId("compress-model");
        model.setEditable(true);
        model.setPrefWidth(420);
        model.getItems().setAll(candidates());
        model.getSelectionModel().select(0);
        var folder = button("compress.folder", e -> {
            File dir = new DirectoryChooser().showDialog(ctx.owner());
            if (dir != null) model.setValue(dir.getAbsolutePath());
        });
        var modelRow = new HBox(8, label("compress.model"), model, folder);
        modelRow.setAlignment(Pos.CENTER_LEFT);

        skip.setSelected(true);
        skip.textProperty().bind(i18n.text("compress.skip"));
        twoFour.textProperty().bind(i18n.text("compress.twoFour"));
        sweep.textProperty().bind(i18n.text("compress.sweep"));
        sweep.setSelected(true);
        for (Spinner<?> s : List.of(bits, sparsity, group, tokens)) {
            s.setEditable(true);
            // Width in characters, not pixels: it grows with the presenter font ("0.32" was cut to "0.3").
            s.getEditor().setPrefColumnCount(5);
        }
        bits.setId("compress-bits");
        sparsity.setId("compress-sparsity");
        // The default converter follows the JVM's locale; the page follows the app's, and reads "0,5" or "0.5".
        sparsity.getValueFactory().setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : br.lncc.llm.ui.I18n.display("%.2f", v);
            }

            @Override
            public Double fromString(String s) {
                try {
                    return br.lncc.llm.ui.I18n.parseNumber(s);
                } catch (NumberFormatException e) {
                    return sparsity.getValue();
                }
            }
        });
        var settings = new FlowPane(14, 8, field("compress.bits", bits), field("compress.sparsity", sparsity),
                field("compress.group", group), field("compress.tokens", tokens), skip, twoFour, sweep);
        var conditionRow = new FlowPane(14, 6);
        conditionRow.getChildren().add(label("compress.conditions"));
        for (CompressionCondition c : CompressionCondition.values()) {
            if (c == CompressionCondition.NONE) continue;
            var box = new CheckBox(c.cliName());
            box.setSelected(true);
            box.setId("compress-cond-" + c.cliName());
            conditions.put(c, box);
            conditionRow.getChildren().add(box);
        }
        var texts = new TabPane(tab("compress.tab.calibration", calibration), tab("compress.tab.evaluation", evaluation),
                tab("compress.tab.prompts", prompts));
        texts.setPrefHeight(170);
        for (TextArea a : List.of(calibration, evaluation, prompts)) a.setWrapText(true);

        run.setId("compress-run");
        run.textProperty().bind(i18n.text("compress.run"));
        run.setOnAction(e -> start());
        exportCsv.textProperty().bind(i18n.text("compress.export.csv"));
        exportCsv.setOnAction(e -> export("csv"));
        exportJson.textProperty().bind(i18n.text("compress.export.json"));
        exportJson.setOnAction(e -> export("json"));
        exportPng.textProperty().bind(i18n.text("compress.export.png"));
        exportPng.setId("compress-export-png");
        exportPng.setOnAction(e -> exportCharts());
        exportCsv.setDisable(true);
        exportJson.setDisable(true);
        exportPng.setDisable(true);
        for (Button b : List.of(run, exportCsv, exportJson, exportPng)) b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        record = new br.lncc.llm.ui.widget.RecordExport(ctx, "cap9-compressao-registro");
        record.setId("compress-record");
        // A flow: at presenter scale the export buttons take a second row instead of being cut.
        var actions = new FlowPane(10, 6, run, exportCsv, exportJson, exportPng);
        actions.setAlignment(Pos.CENTER_LEFT);
        message.setWrapText(true);
        message.setId("compress-message");
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        buildTable();
        pplChart = lineChart("compress.chart.bits", "compress.axis.ppl", "compress.chart.ppl");
        repChart = lineChart("compress.chart.bits", "compress.axis.rep4", "compress.chart.rep4");
        var pplBox = br.lncc.llm.ui.widget.EmptyChart.afterClicking(pplChart, i18n, run);
        var repBox = br.lncc.llm.ui.widget.EmptyChart.afterClicking(repChart, i18n, run);
        var charts = new HBox(10, pplBox, repBox);
        HBox.setHgrow(pplBox, Priority.ALWAYS);
        HBox.setHgrow(repBox, Priority.ALWAYS);
        var fisherX = new CategoryAxis();
        var fisherY = new NumberAxis();
        fisherX.labelProperty().bind(i18n.text("compress.fisher.layer"));
        fisherY.labelProperty().bind(i18n.text("compress.axis.fisher"));
        fisherChart = new BarChart<>(fisherX, fisherY);
        fisherChart.titleProperty().bind(i18n.text("compress.fisher.axis"));
        br.lncc.llm.ui.widget.PresenterSize.prefHeight(fisherChart, 260);
        fisherChart.setAnimated(false);
        // Right-click: one chart alone as PNG (the button above saves all three).
        br.lncc.llm.ui.widget.ChartExport.installMenu(pplChart, null, () -> "compression-ppl", i18n, ctx.status());
        br.lncc.llm.ui.widget.ChartExport.installMenu(repChart, null, () -> "compression-rep4", i18n, ctx.status());
        br.lncc.llm.ui.widget.ChartExport.installMenu(fisherChart, null, () -> "compression-fisher", i18n, ctx.status());
        fisherNote.setWrapText(true);
        promptChoice.setOnAction(e -> showGenerations());
        var genScroll = new javafx.scene.control.ScrollPane(generations);
        genScroll.setFitToHeight(true);
        genScroll.setPrefHeight(230);
        for (Label l : List.of(pplEvidence, tiedEvidence)) {
            l.setWrapText(true);
            l.getStyleClass().add("lesson-text");
        }
        pplEvidence.setId("compress-evidence-ppl");
        tiedEvidence.setId("compress-evidence-tied");

        layout.add(modelRow, settings, conditionRow, texts, actions, message);
        layout.heading("compress.results");
        layout.add(table, charts, record);
        layout.heading("compress.generations");
        promptingNote.setWrapText(true);
        layout.add(new HBox(8, label("compress.prompt"), promptChoice), promptingNote, genScroll);
        layout.heading("compress.fisher");
        layout.add(fisherNote, br.lncc.llm.ui.widget.EmptyChart.afterClicking(fisherChart, i18n, run));
        layout.heading("compress.lessons");
        layout.add(layout.note("compress.lesson.ppl"), pplEvidence, layout.note("compress.lesson.tied"), tiedEvidence);
        i18n.localeProperty().addListener((o, a, b) -> {
            if (last != null) show(last);
        });
    }

    public javafx.scene.Node root() {
        return layout.root();
    }

    /** The course model (shipped, trained by the app), the ready causal models the app knows, the tiny random GPT-2. */
    static List<String> candidates() {
        List<String> out = new ArrayList<>();
        CompressionModel.courseModel().ifPresent(p -> out.add(p.toString()));
        try {
            for (ModelEntry e : LabModel.candidates()) out.add(e.path().toString());
        } catch (RuntimeException ignored) {
            // An unreadable catalog leaves the tiny model and the folder button.
        }
        out.add(TINY);
        return out;
    }

    private void start() {
        List<CompressionCondition> chosen = conditions.entrySet().stream().filter(e -> e.getValue().isSelected())
                .map(Map.Entry::getKey).toList();
        CompressionRequest request;
        try {
            request = new CompressionRequest(chosen, bits.getValue(), sparsity.getValue(), group.getValue(), skip.isSelected(),
                    twoFour.isSelected(), CompressionRequest.lines(calibration.getText()), evaluation.getText(),
                    CompressionRequest.lines(prompts.getText()), tokens.getValue(), Calibration.Settings.SEED, 16,
                    sweep.isSelected() ? SWEEP_BITS : List.of());
        } catch (CompanionException e) {
            message.setText(i18n.message(e));
            return;
        }
        String source = model.getValue() == null ? TINY : model.getValue().strip();
        message.setText("");
        rows.clear();
        last = null;
        record.setSource(null);
        run.setDisable(true);
        ctx.tasks().run(i18n.get("compress.task", source), sink -> {
            var what = source.equals(TINY) ? new CompressionModel.Source.TinyRandom() : new CompressionModel.Source.Folder(Path.of(source));
            try (CompressionModel m = CompressionModel.open(what)) {
                return CompressionLab.run(m, request, sink, c -> Platform.runLater(() -> rows.add(c)));
            }
        }, r -> {
            show(r);
            Path folder = source.equals(TINY) ? null : Path.of(source);
            record.setSource(locale -> br.lncc.llm.lesson.ch09.LabRecords.compression(r, folder, locale));
        }, () -> run.setDisable(false));
    }

    private void show(AblationResult r) {
        last = r;
        rows.setAll(AblationExport.rows(r));
        rows.addAll(r.sweep());
        if (r.cancelled()) message.setText(i18n.get("compress.cancelled"));
        exportCsv.setDisable(false);
        exportJson.setDisable(false);
        exportPng.setDisable(false);
        plot(r);
        fisherBars(r);
        promptChoice.getItems().setAll(r.request().prompts());
        promptChoice.getSelectionModel().select(0);
        // Seed 004 generates through the chat template; say which prompt format these answers had.
        promptingNote.setText(i18n.get(r.chatTemplate() ? "compress.prompting.chat" : "compress.prompting.raw"));
        showGenerations();
        pplEvidence.setText(i18n.get(AblationLessons.perplexityLied(r)));
        tiedEvidence.setText(i18n.get(AblationLessons.tiedBudget(r)));
    }

    private void plot(AblationResult r) {
        pplChart.getData().clear();
        repChart.getData().clear();
        for (ConditionResult c : AblationExport.rows(r)) {
            var p = new XYChart.Series<Number, Number>();
            p.setName(c.condition().cliName());
            p.getData().add(new XYChart.Data<>(c.budget().allWeights(), c.pplRatio()));
            pplChart.getData().add(p);
            var q = new XYChart.Series<Number, Number>();
            q.setName(c.condition().cliName());
            q.getData().add(new XYChart.Data<>(c.budget().allWeights(), c.rep4()));
            repChart.getData().add(q);
        }
        if (r.sweep().isEmpty()) return;
        var p = new XYChart.Series<Number, Number>();
        var q = new XYChart.Series<Number, Number>();
        p.setName(i18n.get("compress.sweep.series"));
        q.setName(i18n.get("compress.sweep.series"));
        for (ConditionResult c : r.sweep()) {
            p.getData().add(new XYChart.Data<>(c.budget().allWeights(), c.pplRatio()));
            q.getData().add(new XYChart.Data<>(c.budget().allWeights(), c.rep4()));
        }
        pplChart.getData().add(p);
        repChart.getData().add(q);
    }

    /** Fisher per layer: Q, K, V (GPT-2's c_attn columns, or the Llama family's own matrices), attention output, MLP in, MLP out. */
    private void fisherBars(AblationResult r) {
        fisherChart.getData().clear();
        if (r.fisher().isEmpty()) {
            fisherNote.setText(i18n.get("compress.fisher.none"));
            return;
        }
        fisherNote.setText(i18n.get("compress.fisher.note"));
        Map<String, XYChart.Series<String, Number>> series = new java.util.LinkedHashMap<>();
        for (String role : List.of("q", "k", "v")) {
            r.fisherParts().forEach((name, score) -> {
                if (name.endsWith(".attn." + role)) add(series, role.toUpperCase(Locale.ROOT), name, score);
            });
        }
        r.fisher().forEach((name, score) -> {
            LinearRole role = LinearRole.of(name);
            if (role == null) return;
            switch (role) {
                case Q, K, V -> add(series, role.name(), name, score); // the Llama family's own q/k/v_proj
                case ATTN_OUT -> add(series, "attn out", name, score);
                case MLP_IN -> add(series, name.endsWith("up_proj.weight") ? "mlp up" : "mlp in", name, score); // gate (or fc) vs up
                case MLP_OUT -> add(series, "mlp out", name, score);
                default -> { }
            }
        });
        fisherChart.getData().addAll(series.values());
    }

    private static void add(Map<String, XYChart.Series<String, Number>> series, String role, String name, double score) {
        var s = series.computeIfAbsent(role, k -> {
            var n = new XYChart.Series<String, Number>();
            n.setName(k);
            return n;
        });
        String layer = name.split("\\.")[1];
        s.getData().add(new XYChart.Data<>(layer, score));
    }

    private void showGenerations() {
        generations.getChildren().clear();
        if (last == null || promptChoice.getSelectionModel().getSelectedIndex() < 0) return;
        int index = promptChoice.getSelectionModel().getSelectedIndex();
        List<ConditionResult> all = new ArrayList<>(AblationExport.rows(last));
        all.addAll(last.sweep());
        for (ConditionResult c : all) {
            if (index >= c.outputs().size()) continue;
            var out = c.outputs().get(index);
            var title = new Label(AblationExport.label(c, last) + (out.scriptSwitches() > 0
                    ? "  " + i18n.get("compress.switches", out.scriptSwitches()) : ""));
            title.getStyleClass().add("lesson-note-title");
            var text = new TextArea(out.text());
            text.setEditable(false);
            text.setWrapText(true);
            text.setPrefWidth(240);
            text.setPrefHeight(190);
            generations.getChildren().add(new VBox(4, title, text));
        }
    }

    private void buildTable() {
        table.setId("compress-table");
        var empty = new Label();
        empty.textProperty().bind(i18n.text("compress.table.empty"));
        table.setPlaceholder(empty);
        br.lncc.llm.ui.widget.FittedTable.fit(table);
        table.getColumns().add(column("compress.col.condition", c -> last == null ? c.condition().cliName() : AblationExport.label(c, last)));
        table.getColumns().add(column("compress.col.bitsCompressed", c -> fmt("%.2f", c.budget().compressed())));
        table.getColumns().add(column("compress.col.bitsAll", c -> fmt("%.2f", c.budget().allWeights())));
        table.getColumns().add(column("compress.col.ppl", c -> fmt("%.3f", c.ppl())));
        table.getColumns().add(column("compress.col.ratio", c -> fmt("%.3f×", c.pplRatio())));
        table.getColumns().add(column("compress.col.rep4", c -> fmt("%.3f", c.rep4())));
        table.getColumns().add(column("compress.col.distinct2", c -> fmt("%.3f", c.distinct2())));
        table.getColumns().add(column("compress.col.switches", c -> String.valueOf(c.scriptSwitches())));
        table.getColumns().add(column("compress.col.seconds", c -> fmt("%.1f", c.seconds())));
    }

    private TableColumn<ConditionResult, String> column(String key, java.util.function.Function<ConditionResult, String> value) {
        var col = new TableColumn<ConditionResult, String>();
        col.textProperty().bind(i18n.text(key));
        col.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return col;
    }

    private static String fmt(String pattern, double v) {
        return br.lncc.llm.ui.I18n.display(pattern, v);
    }

    private void export(String kind) {
        if (last == null) return;
        var chooser = new FileChooser();
        chooser.setInitialFileName("compression-ablation." + kind);
        File file = chooser.showSaveDialog(ctx.owner());
        if (file == null) return;
        try {
            Files.writeString(file.toPath(), kind.equals("csv") ? AblationExport.csv(last) : AblationExport.json(last),
                    StandardCharsets.UTF_8);
            ctx.status().accept(i18n.get("compress.exported", file.getName()));
        } catch (IOException e) {
            message.setText(i18n.get("compress.exportFailed", file.getName(), String.valueOf(e.getMessage())));
        }
    }

    /**
     * The three charts as PNG (2× for slides): NAME-ppl.png, NAME-rep4.png and NAME-fisher.png
     * beside the file the student picked, drawn as they are on screen in the current language.
     */
    private void exportCharts() {
        if (last == null) return;
        var chooser = new FileChooser();
        chooser.setInitialFileName("compression-ablation.png");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        File file = chooser.showSaveDialog(ctx.owner());
        if (file != null) exportCharts(file.toPath());
    }

    /** Writes the three PNGs named after {@code file} and returns them. */
    List<Path> exportCharts(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.png$", "");
        List<Path> written = new ArrayList<>();
        try {
            for (var e : Map.of("ppl", (javafx.scene.Node) pplChart, "rep4", repChart, "fisher", fisherChart).entrySet()) {
                Path out = file.resolveSibling(stem + "-" + e.getKey() + ".png");
                br.lncc.llm.ui.widget.ChartExport.png(e.getValue(), out, 2.0);
                written.add(out);
            }
            ctx.status().accept(i18n.get("compress.exported", stem + "-{ppl,rep4,fisher}.png"));
        } catch (IOException | RuntimeException e) {
            message.setText(i18n.get("compress.exportFailed", file.getFileName(), String.valueOf(e.getMessage())));
        }
        return written;
    }

    /** A chart whose title says what the y axis measures; the rotated axis label stays short so 1.5x does not cut it. */
    private LineChart<Number, Number> lineChart(String xKey, String yKey, String titleKey) {
        var x = new NumberAxis();
        var y = new NumberAxis();
        x.setForceZeroInRange(false);
        x.labelProperty().bind(i18n.text(xKey));
        y.labelProperty().bind(i18n.text(yKey));
        var chart = new LineChart<>(x, y);
        chart.titleProperty().bind(i18n.text(titleKey));
        chart.setAnimated(false);
        br.lncc.llm.ui.widget.PresenterSize.prefHeight(chart, 260);
        // Bits per weight are whole numbers (8, 4, 3, 2, 1).
        br.lncc.llm.ui.widget.DiscreteAxis.follow(chart, x, true);
        return chart;
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private HBox field(String key, javafx.scene.Node input) {
        var box = new HBox(6, label(key), input);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private Button button(String key, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        var b = new Button();
        b.textProperty().bind(i18n.text(key));
        b.setOnAction(action);
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return b;
    }

    private Tab tab(String key, javafx.scene.Node content) {
        return br.lncc.llm.ui.widget.FixedTab.of(i18n, key, content);
    }
}
