package br.lncc.llm.ui.bench;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.bench.CompleterLoader;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.bench.energy.QueryFile;
import br.lncc.llm.bench.energy.RaplMeter;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/** Energy benchmark form (models, queries, grid, TDP, output folder, resume) and its analysis. */
final class EnergyPane extends ScrollPane {
    private final PageContext ctx;
    private final I18n i18n;
    private final CompleterLoader models;
    private final TextField modelIds = new TextField(br.lncc.llm.bench.ModelOpener.COURSE_MODEL);
    private final Label queriesLabel = new Label();
    private Path queriesFile;
    private final ChoiceBox<String> country = new ChoiceBox<>();
    private final ChoiceBox<br.lncc.llm.bench.energy.CpuLoadEstimator.Mode> estimate = new ChoiceBox<>();
    private final TextField tdp = new TextField();
    private final TextField maxTokens = new TextField("16");
    private final TextField outDir = new TextField(AppDirs.results().resolve("energy").toString());
    private final CheckBox resume = new CheckBox();
    private final Button run = new Button();
    private final Label method = new Label();
    private final EnergyAnalysisView analysis;
    private final ShardControls shards;
    private final br.lncc.llm.ui.widget.RecordExport record;

    EnergyPane(PageContext ctx, CompleterLoader models) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.models = models;
        setId("energy-pane");
        setFitToWidth(true);
        analysis = new EnergyAnalysisView(ctx);

        modelIds.setId("energy-models");
        modelIds.promptTextProperty().bind(i18n.text("bench.energy.modelsHint"));
        queriesLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the text fields give up width instead
        queriesLabel.textProperty().bind(i18n.text("bench.energy.defaultQueries", QueryFile.defaults().size()));
        var chooseQueries = new Button();
        chooseQueries.textProperty().bind(i18n.text("bench.chooseFile"));
        chooseQueries.setOnAction(e -> chooseQueries());
        country.getItems().addAll("BR", "WORLD");
        country.setValue("BR");
        estimate.getItems().addAll(br.lncc.llm.bench.energy.CpuLoadEstimator.Mode.values());
        estimate.setValue(br.lncc.llm.bench.energy.CpuLoadEstimator.Mode.MACHINE);
        estimate.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(br.lncc.llm.bench.energy.CpuLoadEstimator.Mode m) {
                return m == null ? "" : i18n.get("bench.energy.estimate." + m.name().toLowerCase(java.util.Locale.ROOT));
            }

            @Override
            public br.lncc.llm.bench.energy.CpuLoadEstimator.Mode fromString(String s) {
                return null;
            }
        });
        tdp.promptTextProperty().bind(i18n.text("bench.energy.tdpHint"));
        tdp.setPrefColumnCount(8);
        maxTokens.setPrefColumnCount(4);
        var chooseOut = new Button();
        chooseOut.textProperty().bind(i18n.text("bench.chooseFolder"));
        chooseOut.setOnAction(e -> chooseOut());
        resume.textProperty().bind(i18n.text("bench.resume"));
        run.setId("energy-run");
        run.textProperty().bind(i18n.text("bench.run"));
        run.setDefaultButton(true);
        run.setOnAction(e -> start());
        var open = new Button();
        open.setId("energy-open");
        open.textProperty().bind(i18n.text("bench.energy.open"));
        open.setOnAction(e -> openResults());
        method.setWrapText(true);
        method.setId("energy-method");
        method.textProperty().bind(i18n.text("bench.energy.methodUnknown"));

        var form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        Forms.row(form, 0, i18n, "bench.energy.models", modelIds);
        Forms.row(form, 1, i18n, "bench.energy.queries", queriesLabel, chooseQueries);
        Forms.row(form, 2, i18n, "bench.energy.country", country);
        Forms.row(form, 3, i18n, "bench.energy.tdp", tdp);
        Forms.row(form, 4, i18n, "bench.energy.estimate", estimate);
        Forms.row(form, 5, i18n, "bench.energy.maxTokens", maxTokens);
        Forms.row(form, 6, i18n, "bench.outDir", outDir, chooseOut);
        GridPane.setFillWidth(modelIds, true);
        modelIds.setPrefColumnCount(40);
        outDir.setPrefColumnCount(40);

        var explain = new Label();
        explain.setWrapText(true);
        explain.textProperty().bind(i18n.text("bench.energy.explain"));
        shards = new ShardControls(ctx, "energy", this::commandLine, () -> Path.of(outDir.getText().strip()),
                r -> analysis.show(r.energy()));
        record = new br.lncc.llm.ui.widget.RecordExport(ctx, "benchmark-energia-registro");
        record.setId("energy-record");
        var box = new VBox(10, explain, form, Forms.modelNote(i18n), Forms.flow(run, resume, open), record, shards, method, analysis);
        box.setPadding(new Insets(12));
        setContent(box);
        // earlier runs in the default folder are shown right away (small JSON files)
        analysis.show(readReports(Path.of(outDir.getText())));
    }

    private void chooseQueries() {
        var chooser = new FileChooser();
        chooser.setTitle(i18n.get("bench.energy.queries"));
        var f = chooser.showOpenDialog(ctx.owner());
        if (f != null) {
            queriesFile = f.toPath();
            queriesLabel.textProperty().unbind();
            queriesLabel.setText(f.getName());
        }
    }

    private void chooseOut() {
        var chooser = new DirectoryChooser();
        var f = chooser.showDialog(ctx.owner());
        if (f != null) outDir.setText(f.getAbsolutePath());
    }

    /** The form as {@code bench energy} options (for the Slurm script); empty when a number is wrong. */
    private java.util.Optional<List<String>> commandLine() {
        List<String> ids = Arrays.stream(modelIds.getText().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (ids.isEmpty()) {
            ctx.status().accept(i18n.get("bench.energy.noModel"));
            return java.util.Optional.empty();
        }
        List<String> args = new ArrayList<>(List.of("energy", "--models", String.join(",", ids.stream()
                .map(id -> Files.isDirectory(Path.of(id)) ? Path.of(id).toAbsolutePath().toString() : id).toList())));
        if (queriesFile != null) args.addAll(List.of("--queries", queriesFile.toAbsolutePath().toString()));
        args.addAll(List.of("--country", country.getValue(), "--estimate", estimate.getValue().name().toLowerCase(java.util.Locale.ROOT)));
        try {
            if (!tdp.getText().isBlank()) {
                double watts = br.lncc.llm.ui.I18n.parseNumber(tdp.getText());
                if (!(watts > 0 && Double.isFinite(watts))) throw new NumberFormatException("TDP " + tdp.getText().strip());
                args.addAll(List.of("--tdp", String.valueOf(watts)));
            }
            int tokens = Integer.parseInt(maxTokens.getText().strip());
            if (tokens < 1) throw new NumberFormatException(maxTokens.getText().strip());
            args.addAll(List.of("--max-new-tokens", String.valueOf(tokens)));
        } catch (NumberFormatException e) {
            ctx.status().accept(i18n.get("bench.badNumber", i18n.error(e)));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(args);
    }

    ShardControls shards() {
        return shards;
    }

    private void start() {
        List<String> ids = Arrays.stream(modelIds.getText().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (ids.isEmpty()) {
            ctx.status().accept(i18n.get("bench.energy.noModel"));
            return;
        }
        Double tdpWatts;
        int tokens;
        try {
            tdpWatts = tdp.getText().isBlank() ? null : br.lncc.llm.ui.I18n.parseNumber(tdp.getText());
            tokens = Integer.parseInt(maxTokens.getText().strip());
            if (tdpWatts != null && !(tdpWatts > 0 && Double.isFinite(tdpWatts))) {
                throw new NumberFormatException("TDP " + tdp.getText().strip());
            }
            if (tokens < 1) throw new NumberFormatException(maxTokens.getText().strip());
        } catch (NumberFormatException e) {
            ctx.status().accept(i18n.get("bench.badNumber", i18n.error(e)));
            return;
        }
        Path out = Path.of(outDir.getText().strip());
        Path queries = queriesFile;
        GridIntensity grid = GridIntensity.forCountry(country.getValue());
        boolean resumeRun = resume.isSelected();
        EnergyMeter meter = EnergyMeter.forThisMachine(tdpWatts, estimate.getValue());
        method.textProperty().unbind();
        // Follows a language switch; the reason is a message of the bench layer (the meter's own
        // description is a technical string, the one the results file records).
        var reason = RaplMeter.unavailableReason(RaplMeter.SYSFS);
        i18n.show(method.textProperty(), () -> meter.measured()
                ? i18n.get("bench.energy.measured", meter.description())
                : i18n.get("bench.energy.estimated", meter.description(), i18n.get(reason)));
        method.getStyleClass().removeAll("status-warning");
        if (!meter.measured()) method.getStyleClass().add("status-warning");
        run.setDisable(true);
        record.setSource(null);
        var settings = new EnergyBenchmark.Settings(tokens, EnergyBenchmark.DEFAULT_TEMPLATE, true);
        List<EnergyReport> measured = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Map<String, Path> folders = new java.util.concurrent.ConcurrentHashMap<>();
        ctx.tasks().run(i18n.get("bench.energy.task"), sink -> {
            List<String> qs = queries == null ? QueryFile.defaults() : QueryFile.read(queries);
            var bench = new EnergyBenchmark(meter, grid, settings);
            for (String id : ids) {
                if (sink.isCancelled()) break;
                try (TextCompleter model = models.open(id, sink)) {
                    if (model.folder() != null) folders.put(model.name(), model.folder());
                    measured.add(bench.run(model, qs, out, resumeRun, sink));
                }
            }
            return null;
        }, done -> {}, () -> {
            run.setDisable(false);
            if (!measured.isEmpty()) {
                var reports = List.copyOf(measured);
                var files = java.util.Map.copyOf(folders);
                record.setSource(locale -> br.lncc.llm.lesson.ch09.LabRecords.energy(reports, files, settings, locale));
            }
            // also after Cancel or a failure: whatever was measured is on disk and is shown
            analysis.show(readReports(out));
        });
    }

    private void openResults() {
        var chooser = new FileChooser();
        chooser.setTitle(i18n.get("bench.energy.open"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        var files = chooser.showOpenMultipleDialog(ctx.owner());
        if (files == null || files.isEmpty()) return;
        List<EnergyReport> reports = new ArrayList<>();
        for (var f : files) {
            try {
                reports.add(EnergyBenchmark.readReport(f.toPath()));
            } catch (RuntimeException e) {
                ctx.status().accept(e.getMessage());
            }
        }
        analysis.show(reports);
    }

    /** Every run file (environmental_data_*.json) in the folder. */
    static List<EnergyReport> readReports(Path out) {
        List<EnergyReport> reports = new ArrayList<>();
        if (!Files.isDirectory(out)) return reports;
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("environmental_data_.*\\.json")).sorted().toList()) {
                try {
                    reports.add(EnergyBenchmark.readReport(p));
                } catch (RuntimeException ignored) {
                    // a foreign or broken file in the folder is skipped, the others still show
                }
            }
        } catch (IOException ignored) {
            // unreadable folder: nothing to show
        }
        return reports;
    }
}
