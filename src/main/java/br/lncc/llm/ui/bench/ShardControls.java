package br.lncc.llm.ui.bench;

import br.lncc.llm.bench.shard.ShardMerge;
import br.lncc.llm.bench.shard.SlurmScripts;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * The cluster row under Run (issue #16): "split into N parts / write the Slurm script" writes an
 * sbatch array for the form's run (one part per task) and the dependent merge job; "merge results"
 * opens a results folder of parts, shows how complete it is and hands the merged report to the
 * page's usual charts.
 */
final class ShardControls extends VBox {
    private final PageContext ctx;
    private final I18n i18n;
    private final Spinner<Integer> parts = new Spinner<>(1, 9999, 4);
    private final TextField written = new TextField();
    private final ShardMergeView status;
    private final Consumer<ShardMerge.Result> showMerged;

    /**
     * @param experiment "sentiment" or "energy"
     * @param benchArgs the form as command-line options (after {@code bench}, without --out), or
     *     empty when the form is not valid (the form has said why)
     * @param outDir the form's results folder
     * @param showMerged gives the merged result to the page's charts
     */
    ShardControls(PageContext ctx, String experiment, Supplier<java.util.Optional<List<String>>> benchArgs, Supplier<Path> outDir,
                  Consumer<ShardMerge.Result> showMerged) {
        super(6);
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId(experiment + "-shards");
        status = new ShardMergeView(i18n);
        this.showMerged = showMerged;
        parts.setId(experiment + "-parts");
        parts.setEditable(true);
        parts.getEditor().setPrefColumnCount(4); // characters, so it grows with the presenter font
        var generate = new Button();
        generate.setId(experiment + "-slurm");
        generate.textProperty().bind(i18n.text("bench.shard.generate"));
        generate.setOnAction(e -> benchArgs.get().ifPresent(args -> generate(experiment, args, outDir.get())));
        var merge = new Button();
        merge.setId(experiment + "-merge");
        merge.textProperty().bind(i18n.text("bench.shard.merge"));
        merge.setOnAction(e -> {
            var chooser = new DirectoryChooser();
            chooser.setTitle(i18n.get("bench.shard.merge"));
            var start = outDir.get().toFile();
            if (start.isDirectory()) chooser.setInitialDirectory(start);
            var dir = chooser.showDialog(ctx.owner());
            if (dir != null) merge(dir.toPath());
        });
        written.setId(experiment + "-slurm-written");
        written.setEditable(false);
        written.setVisible(false);
        written.managedProperty().bind(written.visibleProperty());
        var explain = new Label();
        explain.setWrapText(true);
        explain.getStyleClass().add("hint");
        explain.textProperty().bind(i18n.text("bench.shard.explain"));
        getChildren().addAll(Forms.flow(Forms.label(i18n, "bench.shard.parts"), parts, generate, merge), explain, written, status);
    }

    private void generate(String experiment, List<String> args, Path out) {
        try {
            var written = SlurmScripts.write(SlurmScripts.Plan.withDefaults(experiment, parts.getValue(), out,
                    java.util.stream.Stream.concat(args.stream(), java.util.stream.Stream.of("--out", out.toAbsolutePath().toString())).toList()));
            this.written.setText(written.submitCommand());
            this.written.setVisible(true);
            ctx.status().accept(i18n.get("bench.shard.written", written.arrayScript().getParent(), written.submitCommand()));
            if (SlurmScripts.looksNodeLocal(out)) ctx.status().accept(i18n.get("bench.shard.localFolder", out.toAbsolutePath()));
        } catch (RuntimeException e) {
            ctx.status().accept(i18n.error(e));
        }
    }

    /** Merges the parts of {@code dir} off the FX thread, then shows completeness and the report. */
    void merge(Path dir) {
        ctx.tasks().run(i18n.get("bench.shard.mergeTask"), sink -> ShardMerge.merge(dir), r -> {
            status.show(r);
            showMerged.accept(r);
        });
    }

    ShardMergeView status() {
        return status;
    }

    void setParts(int n) {
        parts.getValueFactory().setValue(n);
    }

    /** The command line that submits the written scripts (empty until they are written). */
    String submitCommand() {
        return written.getText();
    }
}
