package br.lncc.llm.ui.bench;

import br.lncc.llm.ui.I18n;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Small shared pieces of the benchmark forms: labelled rows and save dialogs. */
final class Forms {
    private Forms() {}

    static Label label(I18n i18n, String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    /**
     * Under a model field: the course model (the default) runs with no network; the book's models
     * are Hub ids downloaded once, or any model of File ▸ Models….
     */
    static Label modelNote(I18n i18n) {
        var l = label(i18n, "bench.modelNote");
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.getStyleClass().add("page-subtitle");
        return l;
    }

    static void row(GridPane grid, int row, I18n i18n, String key, Node... nodes) {
        var l = label(i18n, key);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // labels never shrink to "…"
        grid.add(l, 0, row);
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] instanceof javafx.scene.control.Button b) b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            grid.add(nodes[i], i + 1, row);
        }
    }

    /**
     * A row of buttons (and short captions) that keeps every text whole: at presenter scale what
     * does not fit moves to the next line instead of being cut to "…".
     */
    static javafx.scene.layout.FlowPane flow(Node... nodes) {
        for (Node n : nodes) {
            if (n instanceof javafx.scene.control.Labeled l) l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        var row = new javafx.scene.layout.FlowPane(8, 6, nodes);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    static Optional<Path> saveDialog(Window owner, I18n i18n, String name, String kind, String pattern) {
        var chooser = new FileChooser();
        chooser.setTitle(i18n.get("export.title", kind));
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        return Optional.ofNullable(chooser.showSaveDialog(owner)).map(java.io.File::toPath);
    }

    static void writeText(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** p-values small enough to matter keep their exponent; others show 4 decimals. */
    static String number(double v) {
        if (Double.isNaN(v)) return "—";
        if (v != 0 && Math.abs(v) < 1e-3) return br.lncc.llm.ui.I18n.display("%.3e", v);
        return br.lncc.llm.ui.I18n.display("%.4f", v);
    }
}
