package br.lncc.llm.ui.ch05;

import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.lesson.Cap5Prompts;
import br.lncc.llm.lesson.SelfConsistency;
import br.lncc.llm.lesson.ch05.ContextLimitsDemo;
import br.lncc.llm.lesson.ch05.PromptingLab;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.widget.ChartExport;
import br.lncc.llm.ui.widget.CsvTable;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.DirectoryChooser;

/**
 * Cap. 5 on FLAN-T5: zero-shot vs few-shot and bad vs good template (5.5–5.6) beside what the
 * notebook recorded; self-consistency (5.7) with its tally and vote; context limits (5.8), which
 * need only the GPT-2 tokenizer and so work before any model is downloaded.
 */
public final class PromptingView extends BorderPane {
    /** The FLAN-T5 the Cap. 5 pages share (one lab in the app's ModelSessions; replacing it closes the old lease). */
    private final br.lncc.llm.ui.LabInUse<PromptingLab> shared = new br.lncc.llm.ui.LabInUse<>(
            br.lncc.llm.session.ModelSessions.app().lab(PromptingLab.HOLDER, PromptingLab.class));
    private final br.lncc.llm.ui.widget.RecordExport scRecord;

    private final PageContext ctx;
    private final I18n i18n;
    private final Label modelStatus = new Label();
    private final TableView<Row> templates = new TableView<>();
    private final ListView<String> samples = new ListView<>();
    private final BarChart<String, Number> tally = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final Label verdict = new Label();
    private final Label templatesNote = new Label();
    private final Label votesNote = new Label();
    private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 42);
    private final VBox contextBox = new VBox(10);

    /** One line of the templates table: our output beside the notebook's recorded one. */
    public record Row(String experiment, String prompt, String ours, String recorded) {}

    public PromptingView(PageContext ctx, int initialTab) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.scRecord = new br.lncc.llm.ui.widget.RecordExport(ctx, "cap5-self-consistency-registro");
        getStyleClass().add("page");
        setTop(modelBar());
        // The tabs scroll down to their whole results: fitted to the tab at presenter scale, 5.5's
        // table was squeezed to its header and 5.7's samples and vote chart had no height at all.
        var tabs = new TabPane(tab("prompt.tab.templates", fitWidth(new ScrollPane(templatesPane()))),
                tab("prompt.tab.sc", fitWidth(new ScrollPane(selfConsistencyPane()))),
                tab("prompt.tab.context", fitWidth(new ScrollPane(contextBox))));
        // Encoding the 10,063-token BANANA prompt takes most of a second: not on the FX thread.
        ctx.tasks().run(i18n.get("prompt.ctx.computing"),
                sink -> new Object[] {ContextLimitsDemo.inicio(1024), ContextLimitsDemo.banana(1024)},
                r -> fillContext((ContextLimitsDemo.HeadTail) r[0], (ContextLimitsDemo.Banana) r[1]));
        tabs.getSelectionModel().select(Math.max(0, Math.min(2, initialTab)));
        setCenter(tabs);
        shared.property().addListener((o, a, b) -> onModel(b));
        onModel(shared.get());
        if (shared.get() == null) openDefault();
    }

    private static ScrollPane fitWidth(ScrollPane p) {
        p.setFitToWidth(true);
        return p;
    }

    private Tab tab(String key, javafx.scene.Node content) {
        return br.lncc.llm.ui.widget.FixedTab.of(i18n, key, content);
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setWrapText(true);
        // Tables and charts below give up height; the explanations keep all their lines.
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private Node modelBar() {
        var choose = new ComboBox<ModelEntry>();
        choose.promptTextProperty().bind(i18n.text("prompt.model.choose"));
        choose.setOnShowing(e -> choose.setItems(FXCollections.observableArrayList(readyT5s())));
        choose.setOnAction(e -> {
            if (choose.getValue() != null) load(choose.getValue().path().toFile());
        });
        var folder = new Button();
        folder.textProperty().bind(i18n.text("gen.model.folder"));
        folder.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(ctx.owner());
            if (dir != null) load(dir);
        });
        var download = new Button();
        download.setId("prompt-model-download");
        download.textProperty().bind(i18n.text("prompt.model.download", FLAN_T5_SMALL, FLAN_T5_SMALL_MB));
        download.setOnAction(e -> download(download));
        var tiny = new Button();
        tiny.setId("prompt-model-tiny");
        tiny.textProperty().bind(i18n.text("prompt.model.tiny"));
        tiny.setOnAction(e -> ctx.tasks().run(i18n.get("gen.model.loading", br.lncc.llm.lesson.ch05.TinyT5.NAME),
                sink -> PromptingLab.tiny(PromptingLab.HOLDER), this::use));
        var title = label("prompt.title");
        title.getStyleClass().add("page-title");
        modelStatus.setId("prompt-model-status");
        modelStatus.setWrapText(true);
        modelStatus.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        choose.setMinWidth(220);
        for (var b : List.of(folder, download, tiny)) b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // At presenter scale the buttons take a second row instead of being cut.
        var row = new javafx.scene.layout.FlowPane(8, 6, choose, folder, download, tiny);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        var box = new VBox(6, title, row, modelStatus);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    /** The FLAN-T5 of the book's notebook N2. */
    static final String FLAN_T5_SMALL = "google/flan-t5-small";
    /** Its model.safetensors, in MB (308 MB on the Hub), so the button says what it costs. */
    static final int FLAN_T5_SMALL_MB = 308;

    private static List<ModelEntry> readyT5s() {
        return ModelCatalog.standard().list().stream()
                .filter(ModelEntry::isReady)
                .filter(m -> m.architecture() != null && m.architecture().toLowerCase(Locale.ROOT).contains("t5"))
                .toList();
    }

    /**
     * With nothing chosen yet: FLAN-T5 when this machine has it, else the project's tiny T5 (random
     * weights, labelled) — never a page whose buttons do nothing.
     */
    private void openDefault() {
        ctx.tasks().run(i18n.get("prompt.model.opening"), sink -> {
            var present = readyT5s().stream().filter(m -> m.id().toLowerCase(Locale.ROOT).contains("flan-t5")).findFirst();
            return present.isPresent() ? PromptingLab.lease(present.get().path(), PromptingLab.HOLDER) : PromptingLab.tiny(PromptingLab.HOLDER);
        }, lab -> {
            shared.setIfEmpty(lab);
        });
    }

    /** Downloads FLAN-T5-small into the Hugging Face cache (progress, resume, Cancel) and opens it. */
    private void download(Button button) {
        button.setDisable(true);
        var hub = new br.lncc.llm.hub.HubClient(br.lncc.llm.hub.HubConfig.forApp());
        ctx.tasks().run(i18n.get("models.task.download", FLAN_T5_SMALL), br.lncc.llm.ui.task.ProgressUnit.BYTES,
                sink -> PromptingLab.lease(hub.download(FLAN_T5_SMALL, "main", sink).snapshot(), PromptingLab.HOLDER), this::use,
                () -> button.setDisable(false));
    }

    public void load(File dir) {
        ctx.tasks().run(i18n.get("gen.model.loading", dir.getName()), sink -> PromptingLab.lease(dir.toPath(), PromptingLab.HOLDER), this::use);
    }

    private void use(PromptingLab lab) {
        shared.set(lab);
    }

    private void onModel(PromptingLab lab) {
        modelStatus.textProperty().unbind();
        modelStatus.getStyleClass().remove("status-warning");
        if (lab == null) {
            modelStatus.textProperty().bind(i18n.text("prompt.model.none"));
        } else if (lab.randomWeights()) {
            modelStatus.textProperty().bind(i18n.text("prompt.model.tinyLoaded", lab.name(),
                    lab.model().config().parameterCount(), FLAN_T5_SMALL, FLAN_T5_SMALL_MB));
            modelStatus.getStyleClass().add("status-warning");
        } else {
            modelStatus.textProperty().bind(i18n.text("prompt.model.loaded", lab.name(), lab.model().config().parameterCount()));
        }
    }

    /** "Outputs of t5-tiny (random weights)…" beside a result, or nothing for a trained model. */
    private String resultNote(PromptingLab lab) {
        return lab.randomWeights() ? i18n.get("prompt.result.random", lab.name()) : i18n.get("prompt.result.model", lab.name());
    }

    // ------------------------------------------------------------------ 5.5–5.6

    private Node templatesPane() {
        templates.getColumns().setAll(List.of(col("prompt.col.experiment", Row::experiment),
                col("prompt.col.ours", Row::ours), col("prompt.col.recorded", Row::recorded),
                col("prompt.col.prompt", r -> r.prompt().replace("\n", " ↵ "))));
        br.lncc.llm.ui.widget.FittedTable.fit(templates);
        List<Row> rows = new ArrayList<>();
        var exps = Cap5Prompts.templateExperiments();
        for (int i = 0; i < exps.size(); i++) {
            rows.add(new Row(exps.get(i).id(), exps.get(i).prompt(), "—", Cap5Prompts.RECORDED_NOTEBOOK_OUTPUTS.get(i)));
        }
        templates.setItems(FXCollections.observableArrayList(rows));
        var run = new Button();
        run.textProperty().bind(i18n.text("prompt.templates.run"));
        templatesNote.setId("prompt-templates-note");
        templatesNote.setWrapText(true);
        templatesNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        run.setId("prompt-templates-run");
        run.setOnAction(e -> {
            PromptingLab lab = shared.get();
            if (lab == null) {
                i18n.show(templatesNote.textProperty(), () -> i18n.get("prompt.model.stillLoading"));
                return;
            }
            run.setDisable(true);
            ctx.tasks().run(i18n.get("prompt.templates.run"), sink -> {
                List<Row> out = new ArrayList<>();
                for (int i = 0; i < exps.size(); i++) {
                    var o = lab.run(exps.get(i), 0, sink);
                    out.add(new Row(exps.get(i).id(), exps.get(i).prompt(), o.texts().get(0),
                            Cap5Prompts.RECORDED_NOTEBOOK_OUTPUTS.get(i)));
                }
                return out;
            }, out -> {
                templates.setItems(FXCollections.observableArrayList(out));
                showNote(templatesNote, lab);
            }, () -> run.setDisable(false));
        });
        ChartExport.installMenu(templates, () -> new CsvTable(List.of("experimento", "saida", "caderno", "prompt"),
                templates.getItems().stream().map(r -> List.<Object>of(r.experiment(), r.ours(), r.recorded(), r.prompt())).toList()),
                () -> "cap5-templates", i18n, ctx.status());
        var box = new VBox(8, label("prompt.templates.explain"), run, templatesNote, templates);
        box.setPadding(new Insets(8));
        return box;
    }

    private TableColumn<Row, String> col(String key, java.util.function.Function<Row, String> f) {
        var c = new TableColumn<Row, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(cd -> new SimpleStringProperty(f.apply(cd.getValue())));
        return c;
    }

    // ------------------------------------------------------------------ 5.7

    private Node selfConsistencyPane() {
        seed.setEditable(true);
        var labels = new Button();
        labels.textProperty().bind(i18n.text("prompt.sc.labels"));
        var numbers = new Button();
        numbers.textProperty().bind(i18n.text("prompt.sc.numbers"));
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        numbers.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        labels.setOnAction(e -> runSelfConsistency(Cap5Prompts.SELF_CONSISTENCY_LABELS, true));
        numbers.setOnAction(e -> runSelfConsistency(Cap5Prompts.SELF_CONSISTENCY_NUMBER, false));
        tally.setAnimated(false);
        tally.setLegendVisible(false);
        verdict.getStyleClass().add("page-heading");
        verdict.setWrapText(true);
        ChartExport.installMenu(tally, null, () -> "self-consistency", i18n, ctx.status());
        var seedLabel = label("gen.seed");
        seedLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var seedRow = new HBox(8, seedLabel, seed);
        seedRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // At presenter scale the two long run buttons take their own rows instead of being cut.
        var top = new javafx.scene.layout.FlowPane(8, 6, seedRow, labels, numbers);
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // Votes are counted: whole ticks only.
        br.lncc.llm.ui.widget.DiscreteAxis.follow(tally, (NumberAxis) tally.getYAxis(), false);
        var tallyBox = br.lncc.llm.ui.widget.EmptyChart.afterClicking(tally, i18n, labels);
        // The list keeps room for its sentences (and its "nothing yet" placeholder, cut to "Nada p..."
        // at presenter scale when the chart took the row).
        samples.setStyle("-fx-min-width: 16em;");
        var split = new HBox(8, samples, tallyBox);
        HBox.setHgrow(samples, Priority.ALWAYS);
        HBox.setHgrow(tallyBox, Priority.ALWAYS);
        votesNote.setId("prompt-sc-note");
        votesNote.setWrapText(true);
        votesNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        scRecord.setId("prompt-sc-record");
        var box = new VBox(8, label("prompt.sc.explain"), top, verdict, votesNote, split, scRecord);
        VBox.setVgrow(split, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    private void runSelfConsistency(Cap5Prompts.Experiment e, boolean labels) {
        PromptingLab lab = shared.get();
        if (lab == null) {
            i18n.show(verdict.textProperty(), () -> i18n.get("prompt.model.stillLoading"));
            return;
        }
        long s = seed.getValue();
        ctx.tasks().run(i18n.get("prompt.sc.running", e.samples()), sink -> lab.run(e, s, sink), out -> {
            SelfConsistency.Vote<?> vote = labels ? lab.labelVote(out) : lab.numberVote(out);
            showVote(vote);
            showNote(votesNote, lab);
            scRecord.setSource(locale -> br.lncc.llm.lesson.ch09.LabRecords.selfConsistency(lab.name(), lab.folder(), out, vote, locale));
        });
    }

    private void showNote(Label note, PromptingLab lab) {
        i18n.show(note.textProperty(), () -> resultNote(lab));
        note.getStyleClass().remove("status-warning");
        if (lab.randomWeights()) note.getStyleClass().add("status-warning");
    }

    void showVote(SelfConsistency.Vote<?> vote) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < vote.samples().size(); i++) {
            lines.add(String.format("%02d. %s   →  %s", i + 1, vote.samples().get(i).replace("\n", " "),
                    vote.parsed().get(i).map(String::valueOf).orElse("∅")));
        }
        samples.setItems(FXCollections.observableArrayList(lines));
        var series = new XYChart.Series<String, Number>();
        for (Object key : vote.order()) series.getData().add(new XYChart.Data<>(String.valueOf(key), ((Map<?, Integer>) vote.counts()).get(key)));
        tally.getData().setAll(List.of(series));
        i18n.show(verdict.textProperty(), () -> i18n.get("prompt.sc.verdict", vote.verdict(), vote.unparsed(), vote.total()));
    }

    // ------------------------------------------------------------------ 5.8

    private void fillContext(ContextLimitsDemo.HeadTail inicio, ContextLimitsDemo.Banana banana) {
        var box = contextBox;
        box.setPadding(new Insets(8));
        // The counts are data; every sentence around them follows the language of the moment.
        box.getChildren().setAll(label("prompt.ctx.explain"),
                heading(() -> i18n.get("prompt.ctx.inicio", inicio.total(), inicio.window())),
                bar(inicio.total(), new double[] {0, inicio.kept()}, Color.web("#2a6fb0"), () -> i18n.get("prompt.ctx.keepHead")),
                mono(() -> i18n.get("prompt.ctx.firstLast", show(inicio.headFirst30()), show(inicio.headLast30()))),
                bar(inicio.total(), new double[] {inicio.total() - inicio.kept(), inicio.total()}, Color.web("#e07b00"),
                        () -> i18n.get("prompt.ctx.keepTail")),
                mono(() -> i18n.get("prompt.ctx.firstLast", show(inicio.tailFirst30()), show(inicio.tailLast30()))),
                heading(() -> i18n.get("prompt.ctx.banana", banana.total(), banana.head(), banana.filler(), banana.question(),
                        banana.budget())),
                bar(banana.total(), new double[] {banana.total() - banana.tailKept(), banana.total()}, Color.web("#e07b00"),
                        () -> i18n.get("prompt.ctx.bananaTail", banana.tailKept(),
                                banana.tailKeepsInstruction() ? i18n.get("prompt.ctx.kept") : i18n.get("prompt.ctx.lost"))),
                mono(() -> i18n.get("prompt.ctx.firstLastChars", show(banana.tailStart()), show(banana.tailEnd()))),
                heading(() -> i18n.get("prompt.ctx.smart", banana.headPlusTail(), banana.head(), banana.question())),
                bookQuote(mono(() -> show(banana.headPlusTailText()))),
                label("prompt.ctx.rule"));
    }

    private static String show(String s) {
        return "«" + s.replace("\n", "\\n") + "»";
    }

    private Label heading(java.util.function.Supplier<String> text) {
        var l = new Label();
        i18n.show(l.textProperty(), text);
        l.getStyleClass().add("page-heading");
        l.setWrapText(true);
        return l;
    }

    private Label mono(java.util.function.Supplier<String> text) {
        var l = new Label();
        i18n.show(l.textProperty(), text);
        l.setStyle("-fx-font-family: monospace;");
        l.setWrapText(true);
        return l;
    }

    /** The book's BANANA prompt quoted as printed: content, Portuguese in both languages. */
    private static Label bookQuote(Label l) {
        l.getStyleClass().add("book-text");
        return l;
    }

    /** A horizontal bar of the whole prompt with the kept span [from, to) coloured. */
    private Node bar(int total, double[] span, Color color, java.util.function.Supplier<String> caption) {
        double width = 640;
        var whole = new Rectangle(width, 18, Color.web("#dddddd"));
        var kept = new Rectangle(width * (span[1] - span[0]) / total, 18, color);
        kept.setTranslateX(width * span[0] / total);
        var stack = new StackPane(whole, kept);
        stack.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        stack.setMaxWidth(width);
        var l = new Label();
        i18n.show(l.textProperty(), caption);
        l.setWrapText(true);
        return new VBox(2, stack, l);
    }
}
