package br.lncc.llm.ui.train;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.lesson.ch06.PretrainLab;
import br.lncc.llm.lesson.ch06.PretrainLab.CorpusSource;
import br.lncc.llm.text.CompanionException;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskHandle;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import java.util.function.Supplier;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * Cap. 6.1–6.4 "Pré-treino do zero": pick a corpus, a tokenizer (BPE merges appear as they are
 * learned) and a GPT-2 size (parameters and memory shown before training), then watch the training
 * and validation losses fall below ln V and the unigram entropy while samples from fixed prompts go
 * from gibberish to words. Cancel keeps the curves and the last checkpoint; Save copies the model
 * as a Hugging Face folder into the model manager (and so into every causal-LM picker).
 * The view only collects input and draws what {@link PretrainLab} reports.
 */
public final class PretrainView extends ScrollPane {
    private static final List<String> TOKENIZERS = List.of("char", "bpe:512", "bpe:1024", "bpe:2048", "bpe:4096");

    /** The page's sizes; "custom" leaves the fields as the student typed them. */
    static final PretrainLab.Preset CUSTOM = new PretrainLab.Preset("pretrain.preset.custom", 0, 0, 0, 0, 0, 0, 0);
    static final List<PretrainLab.Preset> PRESETS = List.of(PretrainLab.Preset.TINY, PretrainLab.Preset.SMALL, CUSTOM);

    private final PageContext ctx;
    private final I18n i18n;
    final ComboBox<Object> corpus = new ComboBox<>();
    final ComboBox<String> tokenizer = new ComboBox<>(FXCollections.observableArrayList(TOKENIZERS));
    final ComboBox<PretrainLab.Preset> preset = new ComboBox<>(FXCollections.observableArrayList(PRESETS));
    final TextField layers;
    final TextField heads;
    final TextField dim;
    final TextField context;
    final TextField steps;
    final TextField batch;
    final TextField lr;
    final TextField seed;
    final TextField evalEvery;
    private final Label corpusInfo = new Label();
    private final Label sizeInfo = new Label();
    private final Label status = new Label();
    private final Label references = new Label();
    // Rows are kept as the data they came from and written in the language of the moment.
    final ListView<Supplier<String>> merges = new ListView<>();
    final ListView<Supplier<String>> samples = new ListView<>();
    private final LineChart<Number, Number> curves;
    private final XYChart.Series<Number, Number> trainSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> valSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> lnVSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> unigramSeries = new XYChart.Series<>();
    final Button start = new Button();
    final Button cancel = new Button();
    final Button save = new Button();
    private TaskHandle running;
    /** Folder of the last run (its checkpoint survives a cancel). */
    Path runFolder;
    private int lastStepDrawn;

    public PretrainView(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("pretrain-page");
        var page = new VBox(10);
        page.getStyleClass().add("page");
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(i18n.text("pretrain.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("pretrain.intro"));

        corpus.setId("pretrain-corpus");
        List<Object> sources = new ArrayList<>();
        sources.add(new CorpusSource.AppTexts());
        if (CorpusSource.Focalinux.available()) sources.add(new CorpusSource.Focalinux());
        corpus.setItems(FXCollections.observableArrayList(sources));
        corpus.getSelectionModel().select(0);
        corpus.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Object o) {
                if (o instanceof CorpusSource.AppTexts) return i18n.get("pretrain.corpus.app");
                if (o instanceof CorpusSource.Focalinux) return i18n.get("pretrain.corpus.foca");
                if (o instanceof CorpusSource.File f) return String.valueOf(f.path().getFileName());
                return "";
            }

            @Override
            public Object fromString(String s) {
                return null;
            }
        });
        corpus.valueProperty().addListener((o, a, b) -> describeCorpus());
        var pick = new Button();
        pick.textProperty().bind(i18n.text("pretrain.corpus.file"));
        pick.setOnAction(e -> {
            var fc = new FileChooser();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("txt, md, jsonl", "*.txt", "*.md", "*.jsonl"));
            File f = fc.showOpenDialog(ctx.owner());
            if (f != null) useCorpusFile(f.toPath());
        });
        corpusInfo.setId("pretrain-corpus-info");
        corpusInfo.setWrapText(true);
        var corpusLabel = new Label();
        corpusLabel.textProperty().bind(i18n.text("pretrain.corpus"));
        for (var l : List.of(corpusLabel, pick)) l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // Whole names at presenter scale: the combo has the row to itself (it grows with the page), the file button goes below.
        corpus.setMinWidth(160);
        corpus.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(corpus, javafx.scene.layout.Priority.ALWAYS);
        var corpusPair = new HBox(8, corpusLabel, corpus);
        corpusPair.setAlignment(Pos.CENTER_LEFT);
        var corpusRow = new VBox(6, corpusPair, pick);

        tokenizer.setId("pretrain-tokenizer");
        tokenizer.setEditable(true);
        tokenizer.setValue("bpe:1024");
        tokenizer.valueProperty().addListener((o, a, b) -> describeSize());
        var tokLabel = new Label();
        tokLabel.textProperty().bind(i18n.text("pretrain.tokenizer"));
        preset.setId("pretrain-preset");
        preset.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(PretrainLab.Preset p) {
                return p == null ? "" : i18n.get(p.key());
            }

            @Override
            public PretrainLab.Preset fromString(String s) {
                return null;
            }
        });
        var sizeLabel = new Label();
        sizeLabel.textProperty().bind(i18n.text("pretrain.size"));
        for (var l : List.of(tokLabel, sizeLabel)) l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        preset.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var tokPair = new HBox(8, tokLabel, tokenizer);
        tokPair.setAlignment(Pos.CENTER_LEFT);
        var sizePair = new HBox(8, sizeLabel, preset);
        sizePair.setAlignment(Pos.CENTER_LEFT);
        var choiceRow = new javafx.scene.layout.FlowPane(16, 6, tokPair, sizePair);
        choiceRow.setAlignment(Pos.CENTER_LEFT);

        var shapeForm = new Form(i18n);
        layers = shapeForm.add("pretrain.layers", "pretrain-layers", "4");
        heads = shapeForm.add("pretrain.heads", "pretrain-heads", "4");
        dim = shapeForm.add("pretrain.dim", "pretrain-dim", "128");
        context = shapeForm.add("pretrain.context", "pretrain-context", "128");
        var runForm = new Form(i18n);
        steps = runForm.add("pretrain.steps", "pretrain-steps", "600");
        batch = runForm.add("pretrain.batch", "pretrain-batch", "16");
        lr = runForm.add("pretrain.lr", "pretrain-lr", "1.5e-3");
        seed = runForm.add("pretrain.seed", "pretrain-seed", "1337");
        evalEvery = runForm.add("pretrain.evalEvery", "pretrain-eval-every", "30");
        for (var f : List.of(layers, heads, dim, context, batch)) f.textProperty().addListener((o, a, b) -> describeSize());
        preset.valueProperty().addListener((o, a, b) -> applyPreset(b));
        preset.getSelectionModel().select(0);
        sizeInfo.setId("pretrain-size-info");
        sizeInfo.setWrapText(true);

        start.setId("pretrain-start");
        start.textProperty().bind(i18n.text("pretrain.start"));
        start.setOnAction(e -> start());
        cancel.setId("pretrain-cancel");
        cancel.textProperty().bind(i18n.text("pretrain.cancel"));
        cancel.setDisable(true);
        cancel.setOnAction(e -> {
            if (running != null) running.cancel();
        });
        save.setId("pretrain-save");
        save.textProperty().bind(i18n.text("pretrain.save"));
        save.setDisable(true);
        save.setOnAction(e -> saveAs());
        var buttons = new HBox(8, start, cancel, save);
        status.setId("pretrain-status");
        status.setWrapText(true);
        references.setId("pretrain-references");
        references.setWrapText(true);

        curves = Charts.lines(i18n, "pretrain.axis.step", "pretrain.axis.loss");
        curves.setId("pretrain-curves");
        curves.getData().addAll(List.of(trainSeries, valSeries, lnVSeries, unigramSeries));
        nameSeries();
        i18n.localeProperty().addListener((o, a, b) -> {
            nameSeries();
            merges.refresh();
            samples.refresh();
        });

        merges.setId("pretrain-merges");
        merges.setPrefHeight(160);
        samples.setId("pretrain-samples");
        samples.setPrefHeight(260);
        // A sample is a sentence or two: wrapped in its row, so the class reads it whole (no sideways scrolling).
        samples.setCellFactory(PretrainView::wrappingCell);
        merges.setCellFactory(PretrainView::wrappingCell);
        var mergesLabel = new Label();
        mergesLabel.textProperty().bind(i18n.text("pretrain.merges"));
        var samplesLabel = new Label();
        samplesLabel.textProperty().bind(i18n.text("pretrain.samples"));
        for (var l : List.of(mergesLabel, samplesLabel)) l.setWrapText(true);
        var mergesBox = new VBox(4, mergesLabel, merges);
        var samplesBox = new VBox(4, samplesLabel, samples);
        // The merges take a third of the width, the samples the rest; both titles wrap at presenter scale.
        mergesBox.prefWidthProperty().bind(page.widthProperty().multiply(0.32));
        mergesBox.setMinWidth(160);
        var lists = new HBox(12, mergesBox, samplesBox);
        javafx.scene.layout.HBox.setHgrow(samplesBox, javafx.scene.layout.Priority.ALWAYS);

        page.getChildren().addAll(title, intro, corpusRow, corpusInfo, choiceRow, new HBox(24, shapeForm, runForm), sizeInfo,
                buttons, status, references, br.lncc.llm.ui.widget.EmptyChart.afterClicking(curves, i18n, start), lists);
        setContent(page);
        setFitToWidth(true);
        describeCorpus();
        describeSize();
    }

    /** A list row that wraps its text to the list's width. */
    private static javafx.scene.control.ListCell<Supplier<String>> wrappingCell(ListView<Supplier<String>> list) {
        var cell = new javafx.scene.control.ListCell<Supplier<String>>() {
            @Override
            protected void updateItem(Supplier<String> item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.get());
            }
        };
        cell.setWrapText(true);
        cell.prefWidthProperty().bind(list.widthProperty().subtract(24));
        cell.setMaxWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        return cell;
    }

    private void nameSeries() {
        trainSeries.setName(i18n.get("pretrain.series.train"));
        valSeries.setName(i18n.get("pretrain.series.val"));
        lnVSeries.setName(i18n.get("pretrain.series.lnV"));
        unigramSeries.setName(i18n.get("pretrain.series.unigram"));
    }

    /** Adds a file to the corpus choices and selects it. */
    void useCorpusFile(Path file) {
        var src = new CorpusSource.File(file);
        corpus.getItems().add(src);
        corpus.getSelectionModel().select(src);
    }

    private void describeCorpus() {
        Object src = corpus.getValue();
        if (!(src instanceof CorpusSource s)) return;
        // Reading (and un-gzipping) a corpus can take a moment: a daemon thread, the label updated on the FX thread.
        i18n.show(corpusInfo.textProperty(), () -> "");
        var reader = new Thread(() -> {
            Supplier<String> text;
            try {
                var c = PretrainLab.describe(s);
                long chars = c.chars();
                text = () -> i18n.get("pretrain.corpus.info", c.name(), chars, c.utf8Bytes(), Math.round(chars * 0.9),
                        chars - Math.round(chars * 0.9));
            } catch (CompanionException e) {
                text = () -> i18n.message(e);
            } catch (RuntimeException e) {
                text = () -> i18n.get("pretrain.corpus.unreadable", String.valueOf(e.getMessage()));
            }
            Supplier<String> shown = text;
            Platform.runLater(() -> {
                if (corpus.getValue() == src) i18n.show(corpusInfo.textProperty(), shown);
            });
        }, "pretrain-corpus-info");
        reader.setDaemon(true);
        reader.start();
    }

    private void applyPreset(PretrainLab.Preset p) {
        if (p == null || p == CUSTOM) return;
        layers.setText("" + p.layers());
        heads.setText("" + p.heads());
        dim.setText("" + p.dim());
        context.setText("" + p.context());
        steps.setText("" + p.steps());
        batch.setText("" + p.batch());
        lr.setText(br.lncc.llm.ui.I18n.display("%.1e", p.lr()));
    }

    /** Parameters and training memory of the chosen size, before anything is allocated. */
    private void describeSize() {
        try {
            var est = PretrainLab.estimate(plan());
            long free = PretrainLab.availableMemoryBytes();
            i18n.show(sizeInfo.textProperty(), () -> i18n.get("pretrain.size.info", est.parameters(), est.vocabSize(),
                    est.weightBytes() / 1048576.0, est.totalBytes() / 1048576.0, free >> 20)
                    + (est.totalBytes() > free ? "\n" + i18n.get("pretrain.size.tooBig") : ""));
        } catch (CompanionException e) {
            i18n.show(sizeInfo.textProperty(), () -> i18n.message(e));
        } catch (IllegalArgumentException e) {
            i18n.show(sizeInfo.textProperty(), () -> i18n.get("train.invalid", i18n.error(e)));
        }
    }

    /** The fields as a plan; the façade checks them (its messages are keys, shown in the page's language). */
    private PretrainLab.Plan plan() {
        return new PretrainLab.Plan(tokenizer.getValue() == null ? "" : tokenizer.getValue(), Form.integer(layers, "layers"),
                Form.integer(heads, "heads"), Form.integer(dim, "dim"), Form.integer(context, "context"), Form.integer(steps, "steps"),
                Form.integer(batch, "batch"), Form.number(lr, "lr"), Form.integer(seed, "seed"), Form.integer(evalEvery, "eval"));
    }

    private void start() {
        PretrainLab.Plan plan;
        try {
            plan = plan();
            PretrainLab.estimate(plan);    // checks every field before the run starts
        } catch (CompanionException e) {
            i18n.show(status.textProperty(), () -> i18n.message(e));
            return;
        } catch (IllegalArgumentException e) {
            i18n.show(status.textProperty(), () -> i18n.get("train.invalid", i18n.error(e)));
            return;
        }
        var src = (CorpusSource) corpus.getValue();
        Path out = AppDirs.models().resolve("pretrained").resolve("gpt2-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        runFolder = out;
        merges.getItems().clear();
        samples.getItems().clear();
        trainSeries.getData().clear();
        valSeries.getData().clear();
        lnVSeries.getData().clear();
        unigramSeries.getData().clear();
        lastStepDrawn = 0;
        start.setDisable(true);
        cancel.setDisable(false);
        save.setDisable(true);
        i18n.show(status.textProperty(), () -> i18n.get("pretrain.status.preparing"));
        var events = new FxEvents(plan.steps());
        running = ctx.tasks().run(i18n.get("pretrain.task"), sink -> PretrainLab.run(src, plan, out, events, sink),
                r -> i18n.show(status.textProperty(), () -> i18n.get("pretrain.status.done", r.steps(), r.finalValLoss(),
                        r.tokensPerSecond(), out)),
                () -> {
                    start.setDisable(false);
                    cancel.setDisable(true);
                    boolean saved = Files.isRegularFile(out.resolve("model.safetensors"));
                    save.setDisable(!saved);
                    if (running != null && running.isCancelRequested()) {
                        i18n.show(status.textProperty(), () -> saved ? i18n.get("pretrain.status.cancelled", out)
                                : i18n.get("pretrain.status.cancelledEarly"));
                    }
                    running = null;
                });
    }

    /** Copies the run's Hugging Face files (not its optimizer state) and lists the folder in the model manager. */
    private void saveAs() {
        if (runFolder == null) return;
        var dc = new DirectoryChooser();
        File dir = dc.showDialog(ctx.owner());
        if (dir == null) return;
        Path target = dir.toPath().resolve(String.valueOf(runFolder.getFileName()));
        // Copying 8+ MB and the catalog's import checks (which may probe the tokenizer) stay off the FX thread.
        save.setDisable(true);
        ctx.tasks().run(i18n.get("pretrain.save"), sink -> {
            try {
                Path saved = saveTo(target);
                return (Supplier<String>) () -> i18n.get("pretrain.status.saved", saved);
            } catch (CompanionException e) {
                return (Supplier<String>) () -> i18n.get("pretrain.status.saveFailed", i18n.message(e));
            } catch (IOException | RuntimeException e) {
                return (Supplier<String>) () -> i18n.get("pretrain.status.saveFailed", String.valueOf(e.getMessage()));
            }
        }, text -> i18n.show(status.textProperty(), text), () -> save.setDisable(runFolder == null || running != null));
    }

    /** Copies the model files into {@code target} and imports that folder into the catalog. */
    Path saveTo(Path target) throws IOException {
        return PretrainLab.saveCopy(runFolder, target);
    }

    /** Receives the run's events on the training thread and draws them on the FX thread. */
    private final class FxEvents implements java.util.function.Consumer<PretrainLab.Event> {
        private final int totalSteps;
        private int mergesShown;

        FxEvents(int totalSteps) {
            this.totalSteps = totalSteps;
        }

        @Override
        public void accept(PretrainLab.Event event) {
            if (event instanceof PretrainLab.Event.Merge m) onMerge(m);
            else if (event instanceof PretrainLab.Event.Prepared p) onPrepared(p);
            else if (event instanceof PretrainLab.Event.Step s) onStep(s);
            else if (event instanceof PretrainLab.Event.Eval e) Platform.runLater(() -> valSeries.getData().add(new XYChart.Data<>(e.step(), e.valLoss())));
            else if (event instanceof PretrainLab.Event.Sample s) onSample(s);
            else if (event instanceof PretrainLab.Event.Measuring q) {
                Platform.runLater(() -> i18n.show(status.textProperty(), () -> i18n.get("pretrain.status.measuring", q.samples())));
            }
        }

        private void onMerge(PretrainLab.Event.Merge m) {
            // The first merges are the lesson (frequent pairs first); later ones only counted.
            if (mergesShown >= 300) return;
            mergesShown++;
            // The pieces themselves (␣ = space), not just their ids: the lesson is which strings get glued first.
            Supplier<String> line = () -> br.lncc.llm.ui.I18n.display("%d. %s + %s → %s (%,d×)", m.rank() + 1, m.leftText(),
                    m.rightText(), m.mergedText(), m.count());
            Platform.runLater(() -> merges.getItems().add(line));
        }

        private void onPrepared(PretrainLab.Event.Prepared p) {
            Platform.runLater(() -> {
                if (p.tokenizer().startsWith("bpe")) {
                    merges.getItems().add(0, () -> i18n.get("pretrain.merges.ratio", p.compression()));
                }
                i18n.show(references.textProperty(), () -> i18n.get("pretrain.references", p.vocabSize(), p.lnVocab(),
                        p.unigramEntropy(), p.parameters(), p.trainTokens(), p.valTokens(), String.join(" · ", p.prompts())));
                int last = Math.max(1, totalSteps);
                lnVSeries.getData().setAll(List.of(new XYChart.Data<>(0, p.lnVocab()), new XYChart.Data<>(last, p.lnVocab())));
                unigramSeries.getData().setAll(List.of(new XYChart.Data<>(0, p.unigramEntropy()),
                        new XYChart.Data<>(last, p.unigramEntropy())));
            });
        }

        private void onStep(PretrainLab.Event.Step s) {
            Platform.runLater(() -> {
                // Long runs stay light: at most ~500 points of the training curve.
                int stride = Math.max(1, s.totalSteps() / 500);
                if (s.step() - lastStepDrawn >= stride || s.step() == s.totalSteps()) {
                    trainSeries.getData().add(new XYChart.Data<>(s.step(), s.loss()));
                    lastStepDrawn = s.step();
                }
                i18n.show(status.textProperty(), () -> i18n.get("pretrain.status.step", s.step(), s.totalSteps(), s.loss(),
                        Math.exp(s.loss()), s.tokensPerSecond(), s.etaSeconds()));
            });
        }

        private void onSample(PretrainLab.Event.Sample s) {
            Supplier<String> line = () -> i18n.get("pretrain.sample", s.step(), s.prompt(), s.continuation().replace("\n", " ⏎ "));
            Platform.runLater(() -> {
                samples.getItems().add(line);
                samples.scrollTo(samples.getItems().size() - 1);
            });
        }
    }
}
