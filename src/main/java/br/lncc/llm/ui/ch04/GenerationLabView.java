package br.lncc.llm.ui.ch04;

import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.StepDistribution;
import br.lncc.llm.generate.Strategy;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskHandle;
import br.lncc.llm.ui.widget.ChartExport;
import br.lncc.llm.ui.widget.CsvTable;
import br.lncc.llm.ui.widget.DistributionChart;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.DirectoryChooser;

/**
 * Cap. 4.8–4.12, the generation lab: a prompt, the sampling knobs, the text as it streams, and
 * beside it the next-token distribution — before temperature, after it, and the nucleus kept by
 * top-p. Moving a slider redraws the distribution at once (the logits of the current context are
 * cached; only the sampler's arithmetic reruns). Step mode samples one token per click.
 */
public final class GenerationLabView extends BorderPane {
    private static final int TOP_N = 12;

    private final PageContext ctx;
    private final I18n i18n;
    private final br.lncc.llm.ui.LabInUse<GenerationLab> shared = LabModel.inUse();

    final TextArea prompt = new TextArea(GenerationLab.DEFAULT_PROMPT);
    final Slider temperature = new Slider(Math.log10(0.05), Math.log10(3.0), 0);
    final Slider topP = new Slider(0.05, 1.0, 0.9);
    final Spinner<Integer> topK = new Spinner<>(0, 50_000, 0, 10);
    final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 42);
    final Spinner<Integer> maxTokens = new Spinner<>(1, 1024, 40);
    final CheckBox greedy = new CheckBox();
    final DistributionChart chart = new DistributionChart();
    private final TextFlow output = new TextFlow();
    private final Label modelStatus = new Label();
    private final Label stats = new Label();
    private final Label notice = new Label();
    private final Label tempValue = new Label();
    private final Label topPValue = new Label();
    private final Button generate = new Button();
    private final Button step = new Button();
    private final Button reset = new Button();
    private final Button cancel = new Button();
    private final TableView<GenerationLab.Sample> grid = new TableView<>();

    /** Ids of the context whose next token the chart shows (the text up to the chosen position) and its logits. */
    private long[] contextIds = new long[0];
    private float[] contextLogits;
    private final List<Long> stepped = new ArrayList<>();
    /** The whole text as ids (prompt + generated or stepped tokens) and where the prompt ends. */
    private long[] history = new long[0];
    private int promptLength;
    /** Which position the chart describes: 0 = right after the prompt, n = after n generated tokens. */
    final Spinner<Integer> position = new Spinner<>(0, 0, 0);
    private final Label positionCaption = new Label();
    private boolean movingPosition;
    private final ComboBox<ModelEntry> choose = new ComboBox<>();
    private final Label outputNote = br.lncc.llm.ui.RandomWeightsNote.create("gen-random-note");
    private final Label gridNote = br.lncc.llm.ui.RandomWeightsNote.create("gen-grid-random-note");
    private TaskHandle running;
    private final SimpleObjectProperty<StepDistribution> current = new SimpleObjectProperty<>();

    public GenerationLabView(PageContext ctx, int initialTab) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        getStyleClass().add("page");
        setTop(modelBar());
        var tabs = new TabPane(tab("gen.tab.lab", labPane()), tab("gen.tab.compare", comparePane()),
                tab("gen.tab.cache", scrolling(new KvCacheView(ctx))));
        tabs.getSelectionModel().select(Math.max(0, Math.min(initialTab, 2)));
        setCenter(tabs);
        shared.property().addListener((o, a, b) -> onModel(b));
        onModel(shared.get());
        if (shared.get() == null) loadCourseModel();
    }

    /** The lab this page works on now, as its property has it (FX thread). */
    GenerationLab lab() {
        return shared.property().get();
    }

    /** The default with nothing downloaded: the course model, unless the student picked another meanwhile. */
    private void loadCourseModel() {
        ctx.tasks().run(i18n.get("gen.model.loading", br.lncc.llm.lesson.CourseModelInfo.NAME), sink -> GenerationLab.course(), lab -> {
            shared.setIfEmpty(lab);
        });
    }

    /** At presenter scale the form, the explanation and the chart may not fit the tab's height. */
    private static javafx.scene.Node scrolling(javafx.scene.layout.Region content) {
        var scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        return scroll;
    }

    private Tab tab(String key, javafx.scene.Node content) {
        return br.lncc.llm.ui.widget.FixedTab.of(i18n, key, content);
    }

    // ------------------------------------------------------------------ model bar

    private javafx.scene.Node modelBar() {
        choose.setId("gen-model-choose");
        choose.promptTextProperty().bind(i18n.text("gen.model.choose"));
        choose.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ModelEntry e) {
                return e == null ? "" : e.id() + "  (" + e.architecture() + ")";
            }

            @Override
            public ModelEntry fromString(String s) {
                return null;
            }
        });
        choose.setOnShowing(e -> choose.setItems(FXCollections.observableArrayList(LabModel.candidates())));
        choose.setOnAction(e -> {
            if (choose.getValue() != null) load(choose.getValue().path().toFile());
        });
        var folder = new Button();
        folder.textProperty().bind(i18n.text("gen.model.folder"));
        folder.setOnAction(e -> {
            var dc = new DirectoryChooser();
            File dir = dc.showDialog(ctx.owner());
            if (dir != null) load(dir);
        });
        var tiny = new Button();
        tiny.setId("gen-model-tiny");
        tiny.textProperty().bind(i18n.text("gen.model.tiny"));
        tiny.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        tiny.setOnAction(e -> ctx.tasks().run(i18n.get("gen.model.loading", br.lncc.llm.lesson.TinyQwen2.NAME),
                sink -> br.lncc.llm.lesson.ch04.GenerationLab.randomTiny(42), shared::set));
        var course = new Button();
        course.setId("gen-model-course");
        course.textProperty().bind(i18n.text("course.button"));
        course.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        course.setOnAction(e -> ctx.tasks().run(i18n.get("gen.model.loading", br.lncc.llm.lesson.CourseModelInfo.NAME),
                sink -> GenerationLab.course(), shared::set));
        var title = new Label();
        title.textProperty().bind(i18n.text("gen.title"));
        title.getStyleClass().add("page-title");
        modelStatus.setWrapText(true);
        // The status text wraps; the picker and the button keep their size.
        choose.setMinWidth(260);
        folder.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // The status gets its own line: beside three buttons it was squeezed into a narrow column.
        // A flow, not a row: at presenter scale the four controls are wider than the page, and a row
        // pushed the page over the contents pane and the menu bar.
        var row = new javafx.scene.layout.FlowPane(8, 6, choose, folder, course, tiny);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        var box = new VBox(6, title, row, modelStatus);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    /** Loads a model folder in the background; the pages share it through {@link LabModel}. */
    public void load(File dir) {
        ctx.tasks().run(i18n.get("gen.model.loading", dir.getName()), sink -> LabModel.open(dir.toPath()), shared::set);
    }

    private void onModel(GenerationLab lab) {
        boolean ready = lab != null;
        generate.setDisable(!ready);
        step.setDisable(!ready);
        if (!ready) {
            modelStatus.textProperty().bind(i18n.text("gen.model.none"));
            choose.promptTextProperty().bind(i18n.text("gen.model.choose"));
            return;
        }
        // The box names the model in use, however it was loaded (list, folder, course or tiny button).
        choose.setValue(null);
        choose.promptTextProperty().unbind();
        choose.setPromptText(lab.model().name());
        i18n.show(modelStatus.textProperty(), () -> i18n.get("gen.model.loaded", lab.model().name(), lab.model().maxPositions(),
                lab.model().vocabSize()) + (lab.randomWeights() ? "\n" + i18n.get("gen.model.tinyNote") : "")
                + (lab.courseModel() ? "\n" + br.lncc.llm.ui.CourseModelNote.text(i18n) : ""));
        // The book's English prompt means nothing to a model that only read Portuguese.
        if (lab.courseModel() && prompt.getText().equals(GenerationLab.DEFAULT_PROMPT)) prompt.setText(i18n.get(br.lncc.llm.lesson.CourseModelInfo.PROMPT));
        resetContext();
    }

    // ------------------------------------------------------------------ lab tab

    private javafx.scene.Node labPane() {
        prompt.setPrefRowCount(3);
        stats.setWrapText(true); // the timing line is longer than the left column
        stats.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped, never cut to "…"
        prompt.setWrapText(true);
        prompt.textProperty().addListener((o, a, b) -> resetContext());
        temperature.setBlockIncrement(0.05);
        temperature.setMinWidth(80);
        topP.setMinWidth(80);
        tempValue.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> br.lncc.llm.ui.I18n.display("%.2f", temperatureValue()), temperature.valueProperty(), i18n.localeProperty()));
        topPValue.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> br.lncc.llm.ui.I18n.display("%.2f", topP.getValue()), topP.valueProperty(), i18n.localeProperty()));
        temperature.valueProperty().addListener((o, a, b) -> redescribe());
        topP.valueProperty().addListener((o, a, b) -> redescribe());
        topK.valueProperty().addListener((o, a, b) -> redescribe());
        greedy.selectedProperty().addListener((o, a, b) -> {
            temperature.setDisable(b);
            topP.setDisable(b);
            topK.setDisable(b);
            redescribe();
        });
        topK.setEditable(true);
        seed.setEditable(true);
        maxTokens.setEditable(true);
        greedy.textProperty().bind(i18n.text("gen.greedy"));
        greedy.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        var knobs = new GridPane();
        knobs.setHgap(8);
        knobs.setVgap(6);
        int r = 0;
        knobs.addRow(r++, label("gen.temperature"), temperature, tempValue);
        knobs.addRow(r++, label("gen.topP"), topP, topPValue);
        knobs.addRow(r++, label("gen.topK"), topK);
        knobs.addRow(r++, label("gen.seed"), seed);
        knobs.addRow(r++, label("gen.maxTokens"), maxTokens);
        knobs.add(greedy, 1, r);
        GridPane.setHgrow(temperature, Priority.ALWAYS);
        GridPane.setHgrow(topP, Priority.ALWAYS);
        var labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        knobs.getColumnConstraints().addAll(labels, new javafx.scene.layout.ColumnConstraints(),
                new javafx.scene.layout.ColumnConstraints(48));

        generate.textProperty().bind(i18n.text("gen.generate"));
        step.textProperty().bind(i18n.text("gen.step"));
        reset.textProperty().bind(i18n.text("gen.reset"));
        cancel.textProperty().bind(i18n.text("gen.cancel"));
        generate.setDefaultButton(true);
        generate.setId("gen-generate");
        generate.setOnAction(e -> runGeneration());
        step.setOnAction(e -> stepOnce());
        reset.setOnAction(e -> resetContext());
        cancel.setDisable(true);
        cancel.setOnAction(e -> {
            if (running != null) running.cancel();
        });
        for (var b : List.of(generate, step, reset, cancel)) b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // At presenter scale the buttons take a second row instead of shrinking to "…".
        var buttons = new javafx.scene.layout.FlowPane(8, 6, generate, step, reset, cancel);

        output.getStyleClass().add("generation-output");
        var outScroll = new javafx.scene.control.ScrollPane(output);
        outScroll.setFitToWidth(true);
        outScroll.setPrefViewportHeight(160);
        notice.setWrapText(true);
        notice.getStyleClass().add("page-statement");
        notice.setVisible(false);
        notice.managedProperty().bind(notice.visibleProperty());
        var explain = new Label();
        explain.textProperty().bind(i18n.text("gen.explain"));
        explain.setWrapText(true);
        explain.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        var outputCaption = label("gen.output");
        outputCaption.setWrapText(true);
        outputCaption.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        var left = new VBox(8, label("gen.prompt"), prompt, knobs, buttons, notice, outputCaption, outScroll, stats, outputNote, explain);
        VBox.setVgrow(outScroll, Priority.ALWAYS);
        left.setPadding(new Insets(0, 8, 0, 0));
        var leftScroll = new javafx.scene.control.ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setFitToHeight(true);

        var chartTitle = label("gen.distribution");
        var entropy = new Label();
        entropy.setWrapText(true);
        // Wrapped lines need their height: without this the VBox squeezes the label to one line ("...").
        entropy.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        current.addListener((o, a, d) -> i18n.show(entropy.textProperty(), () -> d == null ? "" : i18n.get("gen.entropy",
                fmt(d.entropyBefore()), fmt(d.entropyAfter()), d.nucleusSize(), fmt(d.keptMass()))));
        Runnable captions = () -> chart.setCaptions(i18n.get("gen.chart.kept"), i18n.get("gen.chart.cut"));
        captions.run();
        i18n.localeProperty().addListener((o, a, b) -> captions.run());
        ChartExport.installMenu(chart, this::distributionCsv, () -> "distribuicao-proximo-token", i18n, ctx.status());
        position.setId("gen-position");
        position.setEditable(true);
        position.setPrefWidth(90);
        position.valueProperty().addListener((o, a, b) -> {
            if (!movingPosition && b != null) moveTo(b, null);
        });
        positionCaption.setId("gen-position-caption");
        positionCaption.setWrapText(true);
        positionCaption.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        var positionLabel = label("gen.position");
        positionLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var positionRow = new HBox(8, positionLabel, position);
        positionRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        var right = new VBox(6, chartTitle, positionRow, positionCaption, chart, entropy);
        VBox.setVgrow(chart, Priority.ALWAYS);

        var split = new SplitPane(leftScroll, right);
        split.setDividerPositions(0.56);
        return split;
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    private static String fmt(double v) {
        return br.lncc.llm.ui.I18n.display("%.3f", v);
    }

    double temperatureValue() {
        return Math.pow(10, temperature.getValue());
    }

    /** The strategy the knobs describe now. */
    Strategy strategy() {
        return greedy.isSelected() ? Strategy.GREEDY : Strategy.of(temperatureValue(), topK.getValue(), topP.getValue());
    }

    private GenerationSettings settings(int tokens) {
        return GenerationSettings.of(tokens, strategy(), seed.getValue()).withDistributions(TOP_N);
    }

    /** The prompt changed or the user asked to start over: new context, new logits. */
    private void resetContext() {
        GenerationLab lab = shared.get();
        stepped.clear();
        output.getChildren().setAll(promptText(prompt.getText()));
        contextLogits = null;
        chart.setData(null, id -> "");
        current.set(null);
        history = new long[0];
        promptLength = 0;
        setPositions(0, null);
        if (lab == null || prompt.getText().isBlank()) return;
        GenerationLab.Prompt p;
        try {
            p = lab.encode(prompt.getText(), maxTokens.getValue());
        } catch (RuntimeException ex) {
            showNotice(() -> i18n.error(ex));
            return;
        }
        showNotice(() -> p.truncated() ? i18n.get(p.notice()) : "");
        history = p.ids();
        promptLength = p.ids().length;
        setPositions(0, null);
    }

    /**
     * The text now has {@code generated} tokens after the prompt: the chart moves to its end (the
     * next token to come), and the spinner lets the student go back to any earlier position.
     * {@code logitsAtEnd} saves a forward pass when the caller already has them.
     */
    private void setPositions(int generated, float[] logitsAtEnd) {
        movingPosition = true;
        try {
            var factory = (javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) position.getValueFactory();
            factory.setMax(generated);
            factory.setValue(generated);
        } finally {
            movingPosition = false;
        }
        position.setDisable(generated == 0);
        if (history.length > 0) moveTo(generated, logitsAtEnd);
        else i18n.show(positionCaption.textProperty(), () -> "");
    }

    /** Shows the distribution of the token after {@code generated} tokens of the text (0 = after the prompt). */
    private void moveTo(int generated, float[] knownLogits) {
        GenerationLab lab = shared.get();
        if (lab == null || history.length == 0) return;
        int end = Math.min(history.length, promptLength + Math.max(0, generated));
        long[] prefix = Arrays.copyOf(history, end);
        // The token's text is data: read now, while this model is loaded (a language switch after
        // another model replaced it would ask a closed tokenizer).
        String lastToken = lab.tokenLabel(history[end - 1]);
        i18n.show(positionCaption.textProperty(), () -> end == promptLength
                ? i18n.get("gen.position.afterPrompt", end)
                : i18n.get("gen.position.after", end, generated, lastToken));
        if (knownLogits != null) {
            contextIds = prefix;
            contextLogits = knownLogits;
            redescribe();
        } else {
            refreshLogits(prefix);
        }
    }

    /** The prompt's notice (truncation, bad input), in the language of the moment. */
    private void showNotice(java.util.function.Supplier<String> text) {
        i18n.show(notice.textProperty(), text);
        notice.setVisible(!notice.getText().isEmpty());
    }

    /** One forward pass for the live distribution, off the FX thread. */
    private void refreshLogits(long[] ids) {
        GenerationLab lab = shared.get();
        contextIds = ids;
        ctx.tasks().run(i18n.get("gen.task.logits"), sink -> lab.nextLogits(ids), logits -> {
            if (ids == contextIds) {
                contextLogits = logits;
                redescribe();
            }
        });
    }

    /** Slider moved: only the sampler's arithmetic reruns, on cached logits. */
    private void redescribe() {
        GenerationLab lab = shared.get();
        if (lab == null || contextLogits == null) return;
        StepDistribution d = GenerationLab.describe(contextLogits, contextIds, strategy(), TOP_N);
        current.set(d);
        chart.setData(d, lab::tokenLabel);
    }

    /** The distribution now on screen (for tests and CSV). */
    public StepDistribution currentDistribution() {
        return current.get();
    }

    private CsvTable distributionCsv() {
        StepDistribution d = current.get();
        GenerationLab lab = shared.get();
        List<List<Object>> rows = new ArrayList<>();
        if (d != null) {
            for (int i = 0; i < d.ids().length; i++) {
                rows.add(List.of(d.ids()[i], lab.tokenLabel(d.ids()[i]), d.probsBefore()[i], d.probsAfterTemperature()[i],
                        d.probsKept()[i]));
            }
        }
        return new CsvTable(List.of("id", "token", "p_softmax", "p_temperatura", "p_nucleo"), rows);
    }

    private void busy(TaskHandle handle) {
        running = handle;
        boolean b = handle != null;
        generate.setDisable(b);
        step.setDisable(b);
        cancel.setDisable(!b);
    }

    /** Generates max-new-tokens from the prompt, streaming tokens and each step's distribution. */
    private void runGeneration() {
        GenerationLab lab = shared.get();
        if (lab == null) return;
        GenerationLab.Prompt p;
        try {
            p = lab.encode(prompt.getText(), maxTokens.getValue());
        } catch (RuntimeException ex) {
            showNotice(() -> i18n.error(ex));
            return;
        }
        showNotice(() -> p.truncated() ? i18n.get(p.notice()) : "");
        stepped.clear();
        output.getChildren().setAll(promptText(lab.decode(p.ids())));
        var settings = settings(maxTokens.getValue());
        busy(ctx.tasks().run(i18n.get("gen.task.generate"), sink -> lab.generate(p.ids(), settings,
                (stepIndex, id, dist) -> Platform.runLater(() -> appendToken(lab, id, dist)), sink),
                g -> {
                    showStats(g);
                    history = g.allIds();
                    promptLength = g.promptIds().length;
                    stepped.clear();
                    for (long id : g.newIds()) stepped.add(id);
                    showGenerated(lab);
                    setPositions(g.newIds().length, null);
                }, () -> busy(null)));
    }

    /** The prompt part of the output: its colour comes from the theme (white on black in high contrast). */
    private static Text promptText(String s) {
        var t = new Text(s);
        t.getStyleClass().add("prompt-text");
        return t;
    }

    private void appendToken(GenerationLab lab, long id, StepDistribution dist) {
        stepped.add(id);
        showGenerated(lab);
        if (dist != null) {
            current.set(dist);
            chart.setData(dist, lab::tokenLabel);
        }
    }

    /**
     * The generated part as one text: decoded together, so a character split over two byte tokens
     * reads whole, and bytes that form no character show as {@code <0xNN>}, not "�".
     */
    private void showGenerated(GenerationLab lab) {
        var t = new Text(lab.readable(stepped.stream().mapToLong(Long::longValue).toArray()));
        t.getStyleClass().add("generated-token");
        t.setFill(javafx.scene.paint.Color.web("#2a6fb0"));
        if (output.getChildren().size() > 1) output.getChildren().set(1, t);
        else output.getChildren().add(t);
    }

    private void showStats(Generation g) {
        GenerationLab lab = shared.get();
        if (lab != null) br.lncc.llm.ui.RandomWeightsNote.show(outputNote, i18n, lab.randomWeights(), lab.model().name());
        double mean = Arrays.stream(g.msPerToken()).average().orElse(Double.NaN);
        i18n.show(stats.textProperty(), () -> i18n.get("gen.stats", g.newIds().length, fmt(g.prefillMs()), fmt(mean),
                fmt(g.decodeTokensPerSecond()), g.stopReason()));
    }

    /** Step mode: one token per click, drawn from the distribution on screen. */
    private void stepOnce() {
        GenerationLab lab = shared.get();
        if (lab == null || history.length == 0) return;
        // A step continues the text at its end, whatever earlier position the chart shows.
        long[] ids = history;
        var settings = GenerationSettings.of(1, strategy(), seed.getValue() + stepped.size()).withStopAtEos(false)
                .withDistributions(TOP_N);
        busy(ctx.tasks().run(i18n.get("gen.task.step"), sink -> {
            Generation g = lab.generate(ids, settings, br.lncc.llm.generate.Generator.TokenListener.NONE, sink);
            long[] next = Arrays.copyOf(ids, ids.length + 1);
            next[ids.length] = g.newIds()[0];
            return new Object[] {g, next, lab.nextLogits(next)};
        }, res -> {
            Generation g = (Generation) res[0];
            long id = g.newIds()[0];
            appendToken(lab, id, null);
            history = (long[]) res[1];
            setPositions(history.length - promptLength, (float[]) res[2]);
            int count = stepped.size();
            String token = lab.tokenLabel(id); // read while this model is loaded, as moveTo's caption
            i18n.show(stats.textProperty(), () -> i18n.get("gen.stepped", count, token));
        }, () -> busy(null)));
    }

    // ------------------------------------------------------------------ compare tab

    private javafx.scene.Node comparePane() {
        var run = new Button();
        run.setId("gen-compare-run");
        run.textProperty().bind(i18n.text("gen.compare.run"));
        var explain = new Label();
        explain.textProperty().bind(i18n.text("gen.compare.explain"));
        explain.setWrapText(true);
        // The table gives up height, not the explanation.
        explain.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumns().setAll(List.of(
                column("gen.compare.group", s -> s.group()),
                column("gen.temperature", s -> br.lncc.llm.ui.I18n.display("%.1f", s.temperature())),
                column("gen.topP", s -> br.lncc.llm.ui.I18n.display("%.1f", s.topP())),
                column("gen.compare.sample", s -> String.valueOf(s.sample())),
                column("gen.compare.rep4", s -> fmt(s.rep4())),
                column("gen.compare.distinct2", s -> fmt(s.distinct2())),
                column("gen.compare.text", s -> s.text().replace("\n", " "))));
        br.lncc.llm.ui.widget.FittedTable.fit(grid);
        ChartExport.installMenu(grid, () -> new CsvTable(List.of("grupo", "temperatura", "top_p", "amostra", "rep4",
                "distinct2", "texto"), grid.getItems().stream().map(s -> List.<Object>of(s.group(), s.temperature(),
                s.topP(), s.sample(), s.rep4(), s.distinct2(), s.text())).toList()), () -> "grade-amostragem", i18n, ctx.status());
        var record = new br.lncc.llm.ui.widget.RecordExport(ctx, "cap4-grade-registro");
        record.setId("gen-grid-record");
        run.setOnAction(e -> {
            GenerationLab lab = shared.get();
            if (lab == null) return;
            String text = prompt.getText();
            int tokens = maxTokens.getValue();
            long s = seed.getValue();
            run.setDisable(true);
            ctx.tasks().run(i18n.get("gen.compare.run"), sink -> lab.compareGrid(text, tokens, s, sink), g -> {
                grid.setItems(FXCollections.observableArrayList(g.samples()));
                br.lncc.llm.ui.RandomWeightsNote.show(gridNote, i18n, lab.randomWeights(), lab.model().name());
                record.setSource(locale -> br.lncc.llm.lesson.ch09.LabRecords.generationGrid(lab, g, locale));
            }, () -> run.setDisable(false));
        });
        var box = new VBox(8, explain, run, gridNote, grid, record);
        box.setPadding(new Insets(8));
        // The page scrolls down to the whole grid: fitted to the tab's height, the 12 rows were
        // squeezed to 3 behind the table's own scrollbar at presenter scale.
        var scroll = new javafx.scene.control.ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private TableColumn<GenerationLab.Sample, String> column(String key,
            java.util.function.Function<GenerationLab.Sample, String> value) {
        var c = new TableColumn<GenerationLab.Sample, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(cd -> new SimpleStringProperty(value.apply(cd.getValue())));
        return c;
    }
}
