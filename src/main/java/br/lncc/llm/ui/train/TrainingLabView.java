package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch07.TrainingLab;
import br.lncc.llm.text.CompanionException;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
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
 * a cancelled run keeps the curve drawn so far. The workflow is {@link TrainingLab}'s; this page
 * collects the request and draws the events.
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
    private final Label randomNote = br.lncc.llm.ui.RandomWeightsNote.create("lab-random-note");
    private boolean runOnRandomWeights;
    private final GridPane results = new GridPane();
    private final LineChart<Number, Number> chart;
    private final Button run = new Button();
    private final Button save = new Button();
    private final Button load = new Button();
    private final br.lncc.llm.ui.widget.RecordExport record;
    private final DeltaWView deltaW;
    private final LoadedAdaptersPane loadedPane;
    /** Every method's result so far, in run order: the table is drawn from them in the language of the moment. */
    private final List<TrainingLab.Result> resultsShown = new ArrayList<>();
    /** The last LoRA/QLoRA run's adapters, kept so that they can be saved (FX thread only: ΔW draws from them). */
    private TrainingLab.TrainedAdapters kept;
    private AutoCloseable loaded;

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
        record = new br.lncc.llm.ui.widget.RecordExport(ctx, "cap7-treino-registro");
        record.setId("lab-record");

        rows.setId("lab-rows");
        rows.setPrefRowCount(3);
        rows.setText(String.join("\n", TrainingLab.bookRows()));
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
        var defaults = TrainingLab.defaults(picker.source());
        for (String t : TrainingLab.moduleKinds()) {
            var c = new CheckBox(t);
            c.setId("lab-target-" + t.replace('.', '-'));
            c.setMnemonicParsing(false);
            c.setSelected(defaults.placement().modules().contains(t));
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
        var left = new Form(i18n);
        steps = left.add("train.steps", "lab-steps", "");
        batch = left.add("train.lab.batch", "lab-batch", "" + defaults.schedule().batchSize());
        lrSft = left.add("train.lab.lrSft", "lab-lr-sft", "");
        lrLora = left.add("train.lab.lrLora", "lab-lr-lora", "");
        modelDropout = left.add("train.lab.modelDropout", "lab-model-dropout", "");
        var right = new Form(i18n);
        var placement = defaults.placement();
        r = right.add("train.lab.r", "lab-r", "" + placement.r());
        alpha = right.add("train.lab.alpha", "lab-alpha", number(placement.alpha()));
        loraDropout = right.add("train.lab.loraDropout", "lab-lora-dropout", number(placement.dropout()));
        prompt = right.add("train.prompt", "lab-prompt", defaults.probe().prompt());
        newTokens = right.add("train.newTokens", "lab-tokens", "" + defaults.probe().newTokens());
        for (var f : List.of(r, alpha)) f.textProperty().addListener((o, a, b) -> updatePeftLine());
        peftLine.setId("lab-peft-line");
        peftLine.getStyleClass().add("matrix-cell");
        peftLine.setWrapText(true);
        picker.choiceProperty().addListener((o, a, b) -> {
            applyDefaults();
            buildLayerBoxes();
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
        chart = Charts.lines(i18n, "train.step", "loss");
        chart.setCreateSymbols(true);
        results.setHgap(14);
        results.setVgap(4);
        results.setId("lab-results");
        drawResults();
        var note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(i18n.text("train.lab.note"));
        deltaW = new DeltaWView(i18n, "train.lab.deltaTitle", "lab");
        loadedPane = new LoadedAdaptersPane(i18n);
        var fp16 = new LossScalingPane(ctx, () -> new LossScalingPane.Input(picker.source(), trainingRows()));

        page.getChildren().addAll(title, intro, picker, rowsLabel, rows, jsonl, methodBox, targetBox, targetLine, layerRow,
                new HBox(24, left, right), peftLine, new HBox(12, run, save, load), message, before, randomNote, br.lncc.llm.ui.widget.EmptyChart.afterClicking(chart, i18n, run), record, br.lncc.llm.ui.widget.GridTable.keepCellsWhole(results),
                deltaW, loadedPane, fp16, note);
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch07ProofView.class.getResource("train.css").toExternalForm());
        applyDefaults();
        buildLayerBoxes();
        updatePeftLine();
        i18n.localeProperty().addListener((o, a, b) -> {
            drawResults();
            updatePeftLine();
        });
    }

    /** 16.0 → "16", 0.1 → "0.1", 5.0E-5 → "5e-5": the form shows numbers as the book and a student write them. */
    private static String number(double v) {
        var b = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
        if (b.scale() <= 0) return b.toBigInteger().toString();
        return b.scale() > 3 ? b.unscaledValue() + "e-" + b.scale() : b.toPlainString();
    }

    /** A message from below in the page's language (a plain exception's own text otherwise). */
    private String text(RuntimeException e) {
        return i18n.error(e);
    }

    /** One check box per transformer block of the chosen model (PEFT's layers_to_transform). */
    private void buildLayerBoxes() {
        int n = TrainingLab.layerCount(picker.source());
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

    /** The lab's starting settings for the chosen model (the book's, or larger steps for the tiny random one). */
    private void applyDefaults() {
        var d = TrainingLab.defaults(picker.source()).schedule();
        steps.setText("" + d.steps());
        lrSft.setText(number(d.lrSft()));
        lrLora.setText(number(d.lrLora()));
        modelDropout.setText(number(d.modelDropout()));
    }

    private TrainingLab.Placement placement() {
        List<String> modules = new ArrayList<>();
        targets.forEach((k, c) -> {
            if (c.isSelected()) modules.add(k);
        });
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) if (layers.get(i).isSelected()) chosen.add(i);
        return new TrainingLab.Placement(Form.integer(r, "r"), Form.number(alpha, "α"), Form.number(loraDropout, "lora_dropout"),
                modules, chosen.size() == layers.size() ? null : chosen);
    }

    private void updatePeftLine() {
        try {
            var source = picker.source();
            var preview = TrainingLab.preview(source, placement());
            targetLine.setText(i18n.get("train.lab.targetLine", preview.targetModules(), preview.layersToTransform(),
                    preview.targetedModules()));
            peftLine.setText("LoRA · " + source.name() + " · " + preview.peftLine());
        } catch (RuntimeException e) {
            targetLine.setText("");
            peftLine.setText(i18n.get("train.invalid", text(e)));
        }
    }

    /** The non-blank lines of the dataset box. */
    private List<String> trainingRows() {
        List<String> texts = new ArrayList<>();
        for (String line : rows.getText().split("\n")) if (!line.isBlank()) texts.add(line.strip());
        if (texts.isEmpty()) throw new IllegalArgumentException(i18n.get("train.plan.noRows"));
        return texts;
    }

    private void loadJsonl() {
        var fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSONL", "*.jsonl", "*.json"));
        File f = fc.showOpenDialog(ctx.owner());
        if (f == null) return;
        try {
            rows.setText(String.join("\n", TrainingLab.readRows(f.toPath())));
        } catch (CompanionException e) {
            i18n.show(message.textProperty(), () -> i18n.message(e));
        }
    }

    private void start() {
        TrainingLab.Request request;
        try {
            EnumSet<TrainingMethod> chosen = EnumSet.noneOf(TrainingMethod.class);
            methods.forEach((m, c) -> {
                if (c.isSelected()) chosen.add(m);
            });
            var schedule = new TrainingLab.Schedule(Form.integer(steps, "steps"), Form.integer(batch, "batch"),
                    Form.number(lrSft, "lr"), Form.number(lrLora, "lr"), Form.number(modelDropout, "dropout"));
            boolean lora = chosen.stream().anyMatch(m -> m != TrainingMethod.SFT);
            request = new TrainingLab.Request(picker.source(), List.of(rows.getText().split("\n")), chosen, schedule,
                    lora ? placement() : null, new TrainingLab.Probe(prompt.getText(),
                            Form.integer(newTokens, i18n.get("train.newTokens"))));
            request.plan(); // every setting checked before anything loads
        } catch (RuntimeException e) {
            i18n.show(message.textProperty(), () -> i18n.get("train.invalid", text(e)));
            return;
        }
        i18n.show(message.textProperty(), () -> "");
        i18n.show(before.textProperty(), () -> "");
        runOnRandomWeights = picker.randomWeights();
        br.lncc.llm.ui.RandomWeightsNote.show(randomNote, i18n, false, "");
        releaseKept();
        save.setDisable(true);
        run.setDisable(true);
        Map<TrainingMethod, XYChart.Series<Number, Number>> curves = new EnumMap<>(TrainingMethod.class);
        record.setSource(null);
        // What the run reported, for its experiment record (the adapters themselves are not part of it).
        List<TrainingLab.Event> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        var ran = request;
        ctx.tasks().run(i18n.get("train.lab.task", request.source().name()), sink -> {
            TrainingLab.run(ran, sink, event -> {
                if (!(event instanceof TrainingLab.Event.Kept)) reported.add(event);
                Platform.runLater(() -> show(event, curves));
            });
            return null;
        }, ignored -> {}, () -> {
            run.setDisable(false);
            // Also after Cancel: the methods that finished are a record of their own.
            if (reported.stream().anyMatch(e -> e instanceof TrainingLab.Event.Finished)) {
                var events = List.copyOf(reported);
                record.setSource(locale -> br.lncc.llm.lesson.ch09.LabRecords.training(ran, events, locale));
            }
        });
    }

    /** Draws one event of the run (FX thread). */
    private void show(TrainingLab.Event event, Map<TrainingMethod, XYChart.Series<Number, Number>> curves) {
        if (event instanceof TrainingLab.Event.Before b) {
            i18n.show(before.textProperty(), () -> i18n.get("train.lab.before", b.prompt(), b.text()));
            br.lncc.llm.ui.RandomWeightsNote.show(randomNote, i18n, runOnRandomWeights, picker.source().name());
        } else if (event instanceof TrainingLab.Event.Started s) {
            var series = new XYChart.Series<Number, Number>();
            series.setName(label(s.method()));
            curves.put(s.method(), series);
            chart.getData().add(series);
        } else if (event instanceof TrainingLab.Event.Step s) {
            curves.get(s.method()).getData().add(new XYChart.Data<>(s.step(), s.loss()));
        } else if (event instanceof TrainingLab.Event.Finished f) {
            addResult(f.result());
        } else if (event instanceof TrainingLab.Event.Kept k) {
            releaseKept();
            kept = k.adapters();
            save.setDisable(false);
            deltaW.show(kept.view());
        }
    }

    private static String label(TrainingMethod m) {
        return switch (m) {
            case SFT -> "SFT";
            case LORA -> "LoRA";
            case QLORA -> "QLoRA";
        };
    }

    private void addResult(TrainingLab.Result s) {
        resultsShown.add(s);
        drawResults();
    }

    private void drawResults() {
        br.lncc.llm.ui.widget.GridTable.startWithHeader(results, i18n.get("train.lab.columns"));
        int row = 1;
        for (var s : resultsShown) {
            addResultRow(s, row);
            row += 2;
        }
    }

    /**
     * A method's numbers on one row, its output on the row below across the whole table: as the
     * last column, a long output ran past the page's edge (7.10, seen in the real window).
     */
    private void addResultRow(TrainingLab.Result s, int row) {
        results.addRow(row,
                new Label(label(s.method())),
                new Label(String.format(i18n.getLocale(), "%,d", s.trainableParameters())),
                new Label(String.format(i18n.getLocale(), "%.4f%%", s.trainablePercent())),
                new Label(String.format(i18n.getLocale(), "%.1f", s.baseBytes() / 1048576.0)),
                new Label(String.format(i18n.getLocale(), "%.1f", s.optimizerBytes() / 1048576.0)),
                new Label(String.format(i18n.getLocale(), "%.0f", s.meanStepMillis())),
                new Label(String.format(i18n.getLocale(), "%.4f", s.lastLoss())));
        results.getChildren().forEach(n -> {
            if (n instanceof Label l && !l.isWrapText()) l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        });
        var text = new Label(i18n.get("train.lab.afterRow", s.after().replace('\n', ' ')));
        text.setId("lab-after-" + (row - 1) / 2);
        text.setWrapText(true);
        // Narrow preferred width: the numbers set the columns, the output wraps in the width they make.
        text.setMinWidth(160);
        text.setPrefWidth(160);
        text.setMaxWidth(Double.MAX_VALUE);
        results.add(text, 0, row + 1, 7, 1);
    }

    private void saveAdapters() {
        if (kept == null) return;
        File dir = new DirectoryChooser().showDialog(ctx.owner());
        if (dir == null) return;
        saveAdaptersTo(dir.toPath());
    }

    void saveAdaptersTo(Path dir) {
        try {
            kept.save(dir);
            i18n.show(message.textProperty(), () -> i18n.get("train.lab.saved", dir));
        } catch (CompanionException e) {
            i18n.show(message.textProperty(), () -> i18n.message(e));
        }
    }

    /**
     * Opens PEFT adapters from {@code dir} over the chosen model in the background. A folder that
     * does not fit (another base, missing or corrupt files) only writes a message: the curve, the
     * results and any adapters already shown stay as they were.
     */
    void loadAdaptersFrom(Path dir) {
        var source = picker.source();
        TrainingLab.Probe probe;
        try {
            probe = new TrainingLab.Probe(prompt.getText(), Form.integer(newTokens, i18n.get("train.newTokens")));
        } catch (RuntimeException e) {
            i18n.show(message.textProperty(), () -> i18n.get("train.invalid", text(e)));
            return;
        }
        i18n.show(message.textProperty(), () -> "");
        load.setDisable(true);
        ctx.tasks().run(i18n.get("train.lab.loadTask", dir.getFileName()), sink -> TrainingLab.loadAdapters(source, dir, probe, sink), outcome -> {
            if (outcome.error() != null) {
                i18n.show(message.textProperty(), () -> i18n.get("train.lab.loadFailed", dir, i18n.get(outcome.error())));
                return;
            }
            closeLoaded();
            loaded = outcome.adapters();
            loadedPane.show(outcome.adapters(), source.name(), probe.prompt());
            i18n.show(message.textProperty(), () -> i18n.get("train.lab.loaded", dir));
        }, () -> load.setDisable(false));
    }

    private void closeLoaded() {
        if (loaded == null) return;
        try {
            loaded.close();
        } catch (Exception ignored) {
            // Native memory of adapters no longer shown; nothing else to do.
        }
        loaded = null;
    }

    private void releaseKept() {
        if (kept == null) return;
        deltaW.show(null);
        kept.close();
        kept = null;
    }
}
