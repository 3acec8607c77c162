package br.lncc.llm.ui.bench;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.bench.CompleterLoader;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.bench.sentiment.DatasetSource;
import br.lncc.llm.bench.sentiment.SentimentDataset;
import br.lncc.llm.bench.sentiment.SentimentExperiment;
import br.lncc.llm.hub.DatasetRowsClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The prompt-repetition experiment form (model, dataset, N, seed, output, resume) and results. */
final class SentimentPane extends ScrollPane {
    private final br.lncc.llm.ui.widget.RecordExport record;
    private final PageContext ctx;
    private final I18n i18n;
    private final CompleterLoader models;
    private final TextField model = new TextField(br.lncc.llm.bench.ModelOpener.COURSE_MODEL);
    private final ComboBox<String> dataset = new ComboBox<>();
    private final TextField n = new TextField("500");
    private final TextField seed = new TextField("42");
    private final TextField outDir = new TextField(AppDirs.results().resolve("sentiment").toString());
    private final CheckBox resume = new CheckBox();
    private final Button run = new Button();
    private final Label demoWarning = new Label();
    private final SentimentResultsView results;
    private final ShardControls shards;

    SentimentPane(PageContext ctx, CompleterLoader models) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.models = models;
        setId("sentiment-pane");
        setFitToWidth(true);
        results = new SentimentResultsView(ctx);

        model.setId("sentiment-model");
        model.setPrefColumnCount(30);
        dataset.setId("sentiment-dataset");
        dataset.setEditable(true);
        dataset.getItems().addAll(DatasetSource.DEMO, DatasetSource.IMDB_PT_BR);
        dataset.setValue(DatasetSource.DEMO);
        dataset.setPrefWidth(360);
        var chooseFile = new Button();
        chooseFile.textProperty().bind(i18n.text("bench.chooseFile"));
        chooseFile.setOnAction(e -> {
            var chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV / JSONL", "*.csv", "*.jsonl", "*.json"));
            var f = chooser.showOpenDialog(ctx.owner());
            if (f != null) dataset.setValue(f.getAbsolutePath());
        });
        demoWarning.setId("sentiment-demo-warning");
        demoWarning.getStyleClass().add("status-warning");
        demoWarning.setWrapText(true);
        demoWarning.textProperty().bind(i18n.text("bench.sentiment.demoWarning"));
        demoWarning.visibleProperty().bind(dataset.valueProperty().isEqualTo(DatasetSource.DEMO));
        demoWarning.managedProperty().bind(demoWarning.visibleProperty());
        n.setPrefColumnCount(6);
        seed.setPrefColumnCount(6);
        outDir.setPrefColumnCount(40);
        resume.textProperty().bind(i18n.text("bench.resume"));
        run.setId("sentiment-run");
        run.textProperty().bind(i18n.text("bench.run"));
        run.setOnAction(e -> start());
        var open = new Button();
        open.textProperty().bind(i18n.text("bench.sentiment.open"));
        open.setOnAction(e -> {
            var chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
            var f = chooser.showOpenDialog(ctx.owner());
            if (f != null) {
                try {
                    results.show(SentimentExperiment.readReport(f.toPath()));
                } catch (RuntimeException ex) {
                    ctx.status().accept(ex.getMessage());
                }
            }
        });

        var form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        Forms.row(form, 0, i18n, "bench.sentiment.model", model);
        Forms.row(form, 1, i18n, "bench.sentiment.dataset", dataset, chooseFile);
        Forms.row(form, 2, i18n, "bench.sentiment.n", n);
        Forms.row(form, 3, i18n, "bench.sentiment.seed", seed);
        Forms.row(form, 4, i18n, "bench.outDir", outDir);
        var explain = new Label();
        explain.setWrapText(true);
        explain.textProperty().bind(i18n.text("bench.sentiment.explain"));
        shards = new ShardControls(ctx, "sentiment", this::commandLine, () -> Path.of(outDir.getText().strip()),
                r -> results.show(r.sentiment()));
        record = new br.lncc.llm.ui.widget.RecordExport(ctx, "benchmark-sentimento-registro");
        record.setId("sentiment-record");
        var box = new VBox(10, explain, form, Forms.modelNote(i18n), demoWarning, Forms.flow(run, resume, open), record, shards, results);
        box.setPadding(new Insets(12));
        setContent(box);
        latestReport(Path.of(outDir.getText())).ifPresent(results::show);
    }

    /** The most recently written sentiment_*.json of the folder, if any is readable. */
    static java.util.Optional<br.lncc.llm.bench.sentiment.SentimentReport> latestReport(Path dir) {
        if (!Files.isDirectory(dir)) return java.util.Optional.empty();
        try (var s = Files.list(dir)) {
            var newest = s.filter(p -> p.getFileName().toString().matches("sentiment_.*\\.json"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified()));
            return newest.map(SentimentExperiment::readReport);
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The form as {@code bench sentiment} options (for the Slurm script); empty when a number is wrong. */
    private java.util.Optional<java.util.List<String>> commandLine() {
        String modelId = model.getText().strip();
        String source = dataset.getValue() == null ? "" : dataset.getValue().strip();
        try {
            int count = Integer.parseInt(n.getText().strip());
            long seedValue = Long.parseLong(seed.getText().strip());
            if (modelId.isEmpty() || source.isEmpty()) {
                ctx.status().accept(i18n.get("bench.sentiment.missing"));
                return java.util.Optional.empty();
            }
            if (Files.exists(Path.of(source))) source = Path.of(source).toAbsolutePath().toString();
            if (Files.isDirectory(Path.of(modelId))) modelId = Path.of(modelId).toAbsolutePath().toString();
            return java.util.Optional.of(java.util.List.of("sentiment", "--model", modelId, "--dataset", source, "--n",
                    String.valueOf(count), "--seed", String.valueOf(seedValue)));
        } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
            ctx.status().accept(i18n.get("bench.badNumber", i18n.error(e)));
            return java.util.Optional.empty();
        }
    }

    ShardControls shards() {
        return shards;
    }

    SentimentResultsView results() {
        return results;
    }

    private void start() {
        String modelId = model.getText().strip();
        String source = dataset.getValue() == null ? "" : dataset.getValue().strip();
        int count;
        long seedValue;
        try {
            count = Integer.parseInt(n.getText().strip());
            seedValue = Long.parseLong(seed.getText().strip());
        } catch (NumberFormatException e) {
            ctx.status().accept(i18n.get("bench.badNumber", i18n.error(e)));
            return;
        }
        if (modelId.isEmpty() || source.isEmpty()) {
            ctx.status().accept(i18n.get("bench.sentiment.missing"));
            return;
        }
        Path out = Path.of(outDir.getText().strip());
        boolean resumeRun = resume.isSelected();
        run.setDisable(true);
        record.setSource(null);
        String[] name = {modelId};
        Path[] folder = {null};
        ctx.tasks().run(i18n.get("bench.sentiment.task"), sink -> {
            var all = DatasetSource.load(source, () -> DatasetRowsClient.fromConfig(HubConfig.fromSystem()), sink);
            var samples = SentimentDataset.sample(all, count, seedValue);
            try (TextCompleter lm = models.open(modelId, sink)) {
                name[0] = lm.name();
                folder[0] = lm.folder();
                return new SentimentExperiment().run(lm, samples, source, seedValue, out, resumeRun, sink);
            }
        }, report -> {
            results.show(report);
            Path files = folder[0];
            record.setSource(locale -> br.lncc.llm.lesson.ch09.LabRecords.sentiment(report, files, locale));
        }, () -> {
            run.setDisable(false);
            // after Cancel the task's result is dropped, but the report on disk holds what was judged
            Path report = SentimentExperiment.reportFile(out, name[0]);
            if (Files.exists(report) && (results.report() == null || !results.report().complete())) {
                try {
                    results.show(SentimentExperiment.readReport(report));
                } catch (RuntimeException ignored) {
                    // nothing readable yet
                }
            }
        });
    }
}
