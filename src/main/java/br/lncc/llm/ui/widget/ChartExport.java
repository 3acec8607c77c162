package br.lncc.llm.ui.widget;

import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.task.ErrorDialog;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;

/**
 * PNG and CSV export for any chart-like node (HeatmapView, JFreeChart's ChartViewer, a
 * ScatterChart...): {@link #png} snapshots what is on screen, {@link #installMenu} adds the
 * right-click "Exportar PNG… / Exportar CSV…" menu with file choosers.
 */
public final class ChartExport {
    private ChartExport() {}

    /** Writes the node as it is drawn now (FX thread). Scale 2 gives sharper images for slides. */
    public static void png(Node node, Path file, double scale) throws IOException {
        var params = new SnapshotParameters();
        params.setFill(Color.WHITE);
        params.setTransform(javafx.scene.transform.Transform.scale(scale, scale));
        WritableImage image = node.snapshot(params, null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    public static void png(Node node, Path file) throws IOException {
        png(node, file, 1.0);
    }

    /**
     * Right-click menu with PNG export and (when {@code csv} is not null) CSV export.
     *
     * @param baseName suggested file name without extension ("atencao-camada0-cabeca0")
     * @param status where "Salvo em …" goes (may be null)
     */
    public static ContextMenu installMenu(Node node, Supplier<CsvTable> csv, Supplier<String> baseName, I18n i18n, Consumer<String> status) {
        var pngItem = new MenuItem();
        pngItem.textProperty().bind(i18n.text("export.png"));
        pngItem.setOnAction(e -> choose(node, i18n, baseName.get() + ".png", "PNG", "*.png").ifPresent(f -> {
            try {
                png(node, f.toPath(), 2.0);
                if (status != null) status.accept(i18n.get("export.saved", f));
            } catch (IOException | RuntimeException ex) {
                ErrorDialog.show(window(node), i18n, i18n.get("export.failed", f), ex);
            }
        }));
        var menu = new ContextMenu(pngItem);
        if (csv != null) {
            var csvItem = new MenuItem();
            csvItem.textProperty().bind(i18n.text("export.csv"));
            csvItem.setOnAction(e -> choose(node, i18n, baseName.get() + ".csv", "CSV", "*.csv").ifPresent(f -> {
                try {
                    csv.get().write(f.toPath());
                    if (status != null) status.accept(i18n.get("export.saved", f));
                } catch (IOException | RuntimeException ex) {
                    ErrorDialog.show(window(node), i18n, i18n.get("export.failed", f), ex);
                }
            }));
            menu.getItems().add(csvItem);
        }
        node.setOnContextMenuRequested(e -> menu.show(node, e.getScreenX(), e.getScreenY()));
        return menu;
    }

    private static java.util.Optional<File> choose(Node node, I18n i18n, String name, String kind, String pattern) {
        var chooser = new FileChooser();
        chooser.setTitle(i18n.get("export.title", kind));
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        return java.util.Optional.ofNullable(chooser.showSaveDialog(window(node)));
    }

    private static javafx.stage.Window window(Node node) {
        return node.getScene() == null ? null : node.getScene().getWindow();
    }
}
