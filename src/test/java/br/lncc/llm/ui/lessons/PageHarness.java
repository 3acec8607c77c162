package br.lncc.llm.ui.lessons;

import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Shows a lesson page in a headless stage for TestFX tests, runs code on the FX thread, and
 * writes snapshots to target/lesson-shots so a developer can look at the rendered pages.
 */
public final class PageHarness {
    private Stage stage;
    public final I18n i18n = new I18n(I18n.PT_BR);
    public final StringBuilder status = new StringBuilder();

    /** Registers TestFX's primary stage (once per JVM; later calls return the same stage). */
    public static Stage toolkit() throws Exception {
        return FxToolkit.registerPrimaryStage();
    }

    /**
     * Starts the whole app on the primary stage as a first-time user sees it (no settings file:
     * pt-BR, 1.0×, normal theme); the page walks start here. Stop it with
     * {@code FxToolkit.cleanupApplication}.
     */
    public static javafx.application.Application startFreshApp() throws Exception {
        Files.deleteIfExists(br.lncc.llm.platform.AppDirs.config().resolve("settings.json"));
        FxToolkit.registerPrimaryStage();
        var app = FxToolkit.setupApplication(br.lncc.llm.ui.CompanionApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        return app;
    }

    public PageContext context() {
        var tasks = new TaskRunner(i18n, () -> stage, s -> status.append(s).append('\n'));
        return new PageContext(i18n, tasks, null, s -> status.append(s).append('\n'), null);
    }

    /** Monocle's headless screen is 1280×800; a larger stage overflows its frame buffer. */
    public void show(Node page, double requestedWidth, double requestedHeight) throws Exception {
        double width = Math.min(requestedWidth, 1280), height = Math.min(requestedHeight, 800);
        fx(() -> {
            stage = new Stage();
            stage.setScene(new Scene(page instanceof Parent p ? p : new StackPane(page), width, height));
            stage.show();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Shows {@code page} as the main window does at presenter scale: the app's theme and a root
     * font {@code scale} times the default (everything sized in em grows with it), the app's scale
     * property set to match. {@link #hide()} sets the scale back to 1.0.
     */
    public void showAtScale(Parent page, double scale, double width, double height) throws Exception {
        fx(() -> {
            br.lncc.llm.ui.Appearance.app().fontScaleProperty().set(scale);
            page.getStylesheets().add(PageHarness.class.getResource("/br/lncc/llm/ui/theme.css").toExternalForm());
            page.setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.2fpx;",
                    javafx.scene.text.Font.getDefault().getSize() * scale));
            return null;
        });
        show(page, width, height);
    }

    /** Width of the page's content and of its viewport (content wider than the viewport cuts the page's text). */
    public static double[] contentAndViewportWidth(javafx.scene.control.ScrollPane page) throws Exception {
        return fx(() -> {
            page.applyCss();
            page.layout();
            return new double[] {page.getContent().getLayoutBounds().getWidth(), page.getViewportBounds().getWidth()};
        });
    }

    public void hide() throws Exception {
        fx(() -> {
            br.lncc.llm.ui.Appearance.app().fontScaleProperty().set(1.0);
            return null;
        });
        if (stage != null) fx(() -> {
            stage.hide();
            return null;
        });
    }

    /** A page context whose task runner and status bar append to {@code status} (tests read it back). */
    public static PageContext context(I18n i18n, java.util.function.Consumer<String> status) {
        return new PageContext(i18n, new TaskRunner(i18n, () -> null, status), null, status, null);
    }

    /** Puts {@code page} on the primary stage at the given size and shows it (on the FX thread). */
    public static <P extends Parent> P showOnPrimaryStage(Stage stage, Callable<P> page, double width, double height) throws Exception {
        return fx(() -> {
            P p = page.call();
            stage.setScene(new Scene(p, width, height));
            stage.show();
            return p;
        }, 30);
    }

    /**
     * Shows {@code root} on the primary stage at the given size and lays it out twice: once now and
     * once after the next pulse (fitted tables and charts measure on it).
     */
    public static void layOutOnPrimaryStage(Stage stage, Parent root, double width, double height) throws Exception {
        fx(() -> {
            stage.setScene(new Scene(root, width, height));
            stage.show();
            root.applyCss();
            root.layout();
            return null;
        });
        fx(() -> {
            root.applyCss();
            root.layout();
            return null;
        });
    }

    public static <T> T fx(Callable<T> work, int seconds) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(seconds, TimeUnit.SECONDS);
    }

    public static <T> T fx(Callable<T> work) throws Exception {
        T value = WaitForAsyncUtils.asyncFx(work).get(20, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return value;
    }

    /**
     * Snapshot of the page's whole content (not only the visible part of its scroll pane) into
     * target/lesson-shots, for looking at the rendered page.
     */
    public Path snapshot(String name) throws Exception {
        Path dir = Path.of("target", "lesson-shots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        var image = fx(() -> {
            Node root = stage.getScene().getRoot();
            Node content = root instanceof javafx.scene.control.ScrollPane sp ? sp.getContent() : root;
            var params = new javafx.scene.SnapshotParameters();
            params.setFill(javafx.scene.paint.Color.WHITE);
            return content.snapshot(params, null);
        });
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        return file;
    }
}
