package br.lncc.llm.ui.train;

import br.lncc.llm.train.LabModelSource;
import br.lncc.llm.train.LoadedAdapters;
import br.lncc.llm.train.LoraAdapters;
import br.lncc.llm.train.LoraConfig;
import br.lncc.llm.train.PeftAdapterFiles;
import br.lncc.llm.train.SftDataset;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.train.TrainingRun;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * Cap. 7.5–7.11, the pipeline for real: the same GPT-2 trained by SFT, LoRA and QLoRA on the
 * book's two-row dataset (or a JSONL file), with the live loss curve, time per step, trainable
 * share, memory, and the reference prompt's answer before and after. Runs on the task framework;
 * a cancelled run keeps the curve drawn so far.
 */
public final class TrainingLabView extends ScrollPane {
    private final I18n i18n;
    private final PageContext ctx;
    private final ModelPicker picker;
    private final TextArea rows = new TextArea();
    private final Map<TrainingMethod, CheckBox> methods = new EnumMap<>(TrainingMethod.class);
    private final Map<String, CheckBox> targets = new java.util.LinkedHashMap<>();
    private final FlowPane layerBox = new FlowPane(6, 4);
    private final List<CheckBox> layers = new ArrayList<>();
    private final Label targetLine = new Label();
    private final TextField steps, lrSft, lrLora, batch, r, alpha, loraDropout, modelDropout, prompt, newTokens;
    private final Label peftLine = new Label();
    private final Label message = new Label();
    private final Label before = new Label();
    private final GridPane results = new GridPane();
    private final LineChart<Number, Number> chart;
    private final Button run = new Button();
    private final Button save = new Button();
    private final Button load = new Button();
    private final DeltaWView deltaW;
    private final LoadedAdaptersPane loadedPane;
    private int resultRow = 1;
    private Kept kept;
    private LoadedAdapters loaded;

    /** The last LoRA/QLoRA run's adapters, kept so that they can be saved. */
    private record Kept(LoraAdapters adapters, AutoCloseable weights, String model, PeftAdapterFiles.TrainingNote note) {}

    public TrainingLabView(PageContext ctx, TrainingMethod initial) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("training-lab");
        var page = new VBox(12);
        page.getStyleClass().add("page");
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(i18n.text("train.lab.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("train.lab.intro"));
        picker = new ModelPicker(ctx);

        rows.setId("lab-rows");
        rows.setPrefRowCount(3);
        rows.setText(String.join("\n", SftDataset.bookRows()));
        var rowsLabel = new Label();
        rowsLabel.textProperty().bind(i18n.text("train.lab.rows"));
        var jsonl = new Button();
        jsonl.textProperty().bind(i18n.text("train.lab.jsonl"));
        jsonl.setOnAction(e -> loadJsonl());

        var methodBox = new HBox(12);
        for (TrainingMethod m : TrainingMethod.values()) {
            var c = new CheckBox(m.name().replace("QLORA", "QLoRA").replace("LORA", "LoRA"));
            c.setId("lab-method-" + m.name());
            c.setSelected(initial == null || initial == m);
            methods.put(m, c);
            methodBox.getChildren().add(c);
        }
        // A flow, so at presenter sizes the module names move to a second line instead of being cut.
        var targetBox = new FlowPane(12, 4);
        targetBox.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        var targetLabel = new Label();
        targetLabel.textProperty().bind(i18n.text("train.lab.targets"));
        targetLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        targetBox.getChildren().add(targetLabel);
        for (String t : LoraConfig.GPT2_MODULES) {
            var c = new CheckBox(t);
            c.setId("lab-target-" + t.replace('.', '-'));
            c.setMnemonicParsing(false);
            c.setSelected(LoraConfig.book().targets("h.0." + t));
            c.setOnAction(e -> updatePeftLine());
            targets.put(t, c);
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            targetBox.getChildren().add(c);
        }
        targetLine.setId("lab-target-line");
        targetLine.setWrapText(true);
        var layerLabel = new Label();
        layerLabel.textProperty().bind(i18n.text("train.lab.layers"));
        layerLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var allLayers = new Button();
        allLayers.setId("lab-layers-all");
        allLayers.textProperty().bind(i18n.text("train.lab.layersAll"));
        allLayers.setOnAction(e -> {
            layers.forEach(c -> c.setSelected(true));
            updatePeftLine();
        });
        var halfLayers = new Button();
        halfLayers.setId("lab-layers-first-half");
        halfLayers.textProperty().bind(i18n.text("train.lab.layersFirstHalf"));
        halfLayers.setOnAction(e -> {
            for (int i = 0; i < layers.size(); i++) layers.get(i).setSelected(i < (layers.size() + 1) / 2);
            updatePeftLine();
        });
        allLayers.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        halfLayers.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        layerBox.setId("lab-layers");
        layerBox.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // The buttons keep their text; the flow of block checkboxes wraps instead.
        allLayers.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        halfLayers.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var layerRow = new HBox(8, layerLabel, layerBox, allLayers, halfLayers);
        layerRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(layerBox, javafx.scene.layout.Priority.ALWAYS);
        var sft = TrainingRun.Settings.book(TrainingMethod.SFT);
        var lora = LoraConfig.book();
        var left = new Form(i18n);
        steps = left.add("train.steps", "lab-steps", "" + sft.steps());
        batch = left.add("train.lab.batch", "lab-batch", "" + sft.batchSize());
        lrSft = left.add("train.lab.lrSft", "lab-lr-sft", "5e-5");
        lrLora = left.add("train.lab.lrLora", "lab-lr-lora", "2e-4");
        modelDropout = left.add("train.lab.modelDropout", "lab-model-dropout", "" + sft.modelDropout());
        var right = new Form(i18n);
        r = right.add("train.lab.r", "lab-r", "" + lora.r());
        alpha = right.add("train.lab.alpha", "lab-alpha", "16");
        loraDropout = right.add("train.lab.loraDropout", "lab-lora-dropout", "" + lora.dropout());
        prompt = right.add("train.prompt", "lab-prompt", SftDataset.REFERENCE_PROMPT);
        newTokens = right.add("train.newTokens", "lab-tokens", "20");
        for (var f : List.of(r, alpha)) f.textProperty().addListener((o, a, b) -> updatePeftLine());
        peftLine.setId("lab-peft-line");
        peftLine.getStyleClass().add("matrix-cell");
        peftLine.setWrapText(true);
        picker.choiceProperty().addListener((o, a, b) -> {
            applyDefaults(b);
            buildLayerBoxes(b);
            updatePeftLine();
        });

        run.setId("lab-run");
        run.textProperty().bind(i18n.text("train.lab.run"));
        run.setOnAction(e -> start());
        save.setId("lab-save");
        save.textProperty().bind(i18n.text("train.lab.save"));
        save.setDisable(true);
        save.setOnAction(e -> saveAdapters());
        load.setId("lab-load");
        load.textProperty().bind(i18n.text("train.lab.load"));
        load.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(ctx.owner());
            if (dir != null) loadAdaptersFrom(dir.toPath());
        });

        message.setWrapText(true);
        message.setId("lab-message");
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        before.setWrapText(true);
        before.setId("lab-before");
        before.getStyleClass().add("page-statement");
        before.visibleProperty().bind(before.textProperty().isNotEmpty());
        before.managedProperty().bind(before.visibleProperty());
        chart = Charts.lines(i18n.get("train.step"), "loss");
        chart.setCreateSymbols(true);
        results.setHgap(14);
        results.setVgap(4);
        results.setId("lab-results");
        String[] head = i18n.get("train.lab.columns").split("\\|");
        for (int j = 0; j < head.length; j++) {
            var h = new Label(head[j]);
            h.getStyleClass().add("matrix-name");
            results.add(h, j, 0);
        }
        var note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(i18n.text("train.lab.note"));
        deltaW = new DeltaWView(i18n, "train.lab.deltaTitle", "lab");
        loadedPane = new LoadedAdaptersPane(i18n);
        var fp16 = new LossScalingPane(ctx, () -> new LossScalingPane.Input(picker.source(), trainingRows()));

        page.getChildren().addAll(title, intro, picker, rowsLabel, rows, jsonl, methodBox, targetBox, targetLine, layerRow,
                new HBox(24, left, right), peftLine, new HBox(12, run, save, load), message, before, chart, br.lncc.llm.ui.widget.SideScroll.of(results),
                deltaW, loadedPane, fp16, note);
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch07ProofView.class.getResource("train.css").toExternalForm());
        applyDefaults(picker.source());
        buildLayerBoxes(picker.source());
        updatePeftLine();
    }

    /** One check box per transformer block of the chosen model (PEFT's layers_to_transform). */
    private void buildLayerBoxes(LabModelSource source) {
        int n;
        try {
            n = source.config().nLayer();
        } catch (RuntimeException e) {
            n = 0; // an unreadable folder: the run will report it
        }
        layers.clear();
        for (int i = 0; i < n; i++) {
            var c = new CheckBox(String.valueOf(i));
            c.setId("lab-layer-" + i);
            c.setSelected(true);
            c.setOnAction(e -> updatePeftLine());
            layers.add(c);
        }
        layerBox.getChildren().setAll(layers);
    }

    /**
     * The book's settings (5 steps, lr 5e-5, dropout 0.1) are for a pretrained GPT-2; the tiny
     * random model starts at ln V and needs larger steps to show a falling curve in a few seconds.
     */
    private void applyDefaults(LabModelSource source) {
        boolean tiny = source instanceof LabModelSource.Tiny;
        steps.setText(tiny ? "12" : "5");
        lrSft.setText(tiny ? "3e-3" : "5e-5");
        lrLora.setText(tiny ? "1e-2" : "2e-4");
        modelDropout.setText(tiny ? "0.0" : "0.1");
    }

    private LoraConfig loraConfig() {
        List<String> modules = new ArrayList<>();
        targets.forEach((k, c) -> {
            if (c.isSelected()) modules.add(k);
        });
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) if (layers.get(i).isSelected()) chosen.add(i);
        if (modules.isEmpty()) throw new IllegalArgumentException(i18n.get("train.lab.noTargets"));
        if (chosen.isEmpty()) throw new IllegalArgumentException(i18n.get("train.lab.noLayers"));
        return new LoraConfig(Form.integer(r, "r"), Form.number(alpha, "α"), Form.number(loraDropout, "lora_dropout"),
                LoraConfig.targetsFor(modules), chosen.size() == layers.size() ? null : chosen);
    }

    private void updatePeftLine() {
        try {
            var source = picker.source();
            var config = loraConfig();
            var summary = config.summary(source.config());
            targetLine.setText(i18n.get("train.lab.targetLine", json(config.targetModules()),
                    config.layersToTransform() == null ? "None" : config.layersToTransform().toString(),
                    config.targetedModules(source.config()).size()));
            peftLine.setText("LoRA · " + source.name() + " · " + summary.peftLine());
        } catch (RuntimeException e) {
            targetLine.setText("");
            peftLine.setText(i18n.get("train.invalid", e.getMessage()));
        }
    }

    private static String json(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** The non-blank lines of the dataset box. */
    private List<String> trainingRows() {
        List<String> texts = new ArrayList<>();
        for (String line : rows.getText().split("\n")) if (!line.isBlank()) texts.add(line.strip());
        if (texts.isEmpty()) throw new IllegalArgumentException(i18n.get("train.lab.noRows"));
        return texts;
    }

    private void loadJsonl() {
        var fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSONL", "*.jsonl", "*.json"));
        File f = fc.showOpenDialog(ctx.owner());
        if (f == null) return;
        try {
            rows.setText(String.join("\n", SftDataset.readJsonl(f.toPath())));
        } catch (TrainingException e) {
            message.setText(e.getMessage());
        }
    }

    private void start() {
        List<TrainingRun.Settings> plan = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int tokens;
        try {
            texts.addAll(trainingRows());
            tokens = Form.integer(newTokens, i18n.get("train.newTokens"));
            for (var e : methods.entrySet()) {
                if (!e.getValue().isSelected()) continue;
                TrainingMethod m = e.getKey();
                double lr = Form.number(m == TrainingMethod.SFT ? lrSft : lrLora, "lr");
                plan.add(new TrainingRun.Settings(m, Form.integer(steps, "steps"), Form.integer(batch, "batch"), lr, true, 0,
                        Form.number(modelDropout, "dropout"), m == TrainingMethod.SFT ? null : loraConfig(), 42));
            }
            if (plan.isEmpty()) throw new IllegalArgumentException(i18n.get("train.lab.noMethod"));
        } catch (RuntimeException e) {
            message.setText(i18n.get("train.invalid", e.getMessage()));
            return;
        }
        message.setText("");
        before.setText("");
        releaseKept();
        save.setDisable(true);
        run.setDisable(true);
        var source = picker.source();
        String p = prompt.getText();
        ctx.tasks().run(i18n.get("train.lab.task", source.name()), sink -> {
            var codec = source.codec();
            var data = SftDataset.tokenize(texts, codec, 256, source.config().eosTokenId());
            boolean first = true;
            for (var s : plan) {
                sink.checkCancelled();
                // SFT gets a copy of its own; LoRA/QLoRA lease the shared frozen base (ModelSessions).
                var weights = source.openFor(s.method(), "7.5–7.11");
                boolean keep = false;
                try {
                    var run = new TrainingRun(weights, s);
                    try {
                        if (first) {
                            String b = run.generate(codec, p, tokens);
                            Platform.runLater(() -> before.setText(i18n.get("train.lab.before", p, b)));
                            first = false;
                        }
                        var series = new XYChart.Series<Number, Number>();
                        series.setName(label(s.method()));
                        Platform.runLater(() -> chart.getData().add(series));
                        run.run(data, sink, step -> Platform.runLater(() -> series.getData().add(new XYChart.Data<>(step.step(), step.loss()))));
                        String after = run.generate(codec, p, tokens);
                        var summary = run.summary();
                        double ms = run.history().stream().mapToDouble(TrainingRun.StepRecord::millis).average().orElse(0);
                        double last = run.history().get(run.history().size() - 1).loss();
                        Platform.runLater(() -> addResult(s.method(), summary, ms, last, after));
                        if (run.adapters() != null) {
                            keep = true;
                            var k = new Kept(run.adapters(), weights, source.name(),
                                    new PeftAdapterFiles.TrainingNote(s.method(), run.history().size(), last));
                            Platform.runLater(() -> {
                                releaseKept();
                                kept = k;
                                save.setDisable(false);
                                deltaW.show(k.adapters());
                            });
                        }
                    } finally {
                        run.close();
                    }
                } finally {
                    if (!keep) weights.close();
                }
            }
            return null;
        }, ignored -> {}, () -> run.setDisable(false));
    }

    private static String label(TrainingMethod m) {
        return switch (m) {
            case SFT -> "SFT";
            case LORA -> "LoRA";
            case QLORA -> "QLoRA";
        };
    }

    private void addResult(TrainingMethod m, TrainingRun.Summary s, double ms, double lastLoss, String after) {
        var text = new Label(after.replace('\n', ' '));
        text.setWrapText(true);
        text.setMaxWidth(380);
        text.setMinWidth(200);
        results.addRow(resultRow++,
                new Label(label(m)),
                new Label(String.format(i18n.getLocale(), "%,d", s.trainableParameters())),
                new Label(String.format(i18n.getLocale(), "%.4f%%", s.trainablePercent())),
                new Label(String.format(i18n.getLocale(), "%.1f", s.base().bytes() / 1048576.0)),
                new Label(String.format(i18n.getLocale(), "%.1f", s.optimizerBytes() / 1048576.0)),
                new Label(String.format(i18n.getLocale(), "%.0f", ms)),
                new Label(String.format(i18n.getLocale(), "%.4f", lastLoss)),
                text);
        results.getChildren().forEach(n -> {
            if (n != text && n instanceof Label l && !l.isWrapText()) l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        });
    }

    private void saveAdapters() {
        if (kept == null) return;
        File dir = new DirectoryChooser().showDialog(ctx.owner());
        if (dir == null) return;
        saveAdaptersTo(dir.toPath());
    }

    void saveAdaptersTo(Path dir) {
        try {
            PeftAdapterFiles.save(kept.adapters(), dir, kept.model());
            PeftAdapterFiles.saveNote(dir, kept.note());
            message.setText(i18n.get("train.lab.saved", dir));
        } catch (TrainingException e) {
            message.setText(e.getMessage());
        }
    }

    /** What loading a folder gave: the adapters, or the message of why not. */
    private record LoadOutcome(LoadedAdapters adapters, String error) {}

    /**
     * Opens PEFT adapters from {@code dir} over the chosen model in the background. A folder that
     * does not fit (another base, missing or corrupt files) only writes a message: the curve, the
     * results and any adapters already shown stay as they were.
     */
    void loadAdaptersFrom(Path dir) {
        var source = picker.source();
        String p = prompt.getText();
        int tokens;
        try {
            tokens = Form.integer(newTokens, i18n.get("train.newTokens"));
        } catch (RuntimeException e) {
            message.setText(i18n.get("train.invalid", e.getMessage()));
            return;
        }
        message.setText("");
        load.setDisable(true);
        ctx.tasks().run(i18n.get("train.lab.loadTask", dir.getFileName()), sink -> {
            try {
                return new LoadOutcome(LoadedAdapters.load(source, dir, p, tokens, sink), null);
            } catch (TrainingException e) {
                return new LoadOutcome(null, e.getMessage());
            }
        }, outcome -> {
            if (outcome.error() != null) {
                message.setText(i18n.get("train.lab.loadFailed", dir, outcome.error()));
                return;
            }
            if (loaded != null) loaded.close();
            loaded = outcome.adapters();
            loadedPane.show(loaded, source.name(), p);
            message.setText(i18n.get("train.lab.loaded", dir));
        }, () -> load.setDisable(false));
    }

    private void releaseKept() {
        if (kept == null) return;
        deltaW.show(null);
        kept.adapters().close();
        try {
            kept.weights().close();
        } catch (Exception ignored) {
            // Native memory of a finished run; nothing else to do.
        }
        kept = null;
    }
}
