package br.lncc.llm.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.ui.ChapterPages;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.lessons.PageHarness;
import br.lncc.llm.ui.settings.SettingsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real app, headless: it starts, every book entry opens, language and presenter mode work. */
class MainWindowTest {
    private static final FxRobot robot = new FxRobot();
    private static Stage stage;
    private static javafx.application.Application app;
    private static String firstSelected;
    private static String firstStatement;

    @BeforeAll
    static void startApp() throws Exception {
        app = PageHarness.startFreshApp();
        stage = PageHarness.toolkit();
        // What the user sees first, before other tests move the selection.
        firstSelected = fx(() -> navigator().getSelectionModel().getSelectedItem().getValue().number());
        firstStatement = fx(() -> ((Label) robot.lookup(".page-title").query()).getText());
    }

    @AfterAll
    static void stopApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        fx(() -> {
            stage.hide();
            return null;
        });
        I18n.app().setLocale(I18n.PT_BR);
    }

    static void fx(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static TreeView<TocEntry> navigator() {
        return (TreeView<TocEntry>) robot.lookup("#navigator").query();
    }

    @Test
    void appStartsOnChapterOneWithTheBookTitlesAndTheWelcomePage() {
        assertTrue(stage.isShowing());
        assertEquals("1", firstSelected);
        assertTrue(firstStatement.startsWith("Cap. 1 · Introdução"), firstStatement);
        // The tree mirrors the book: 9 chapters, then Benchmark and Notebooks.
        var top = navigator().getRoot().getChildren();
        assertEquals(11, top.size());
        assertEquals("Núcleo do Transformer", top.get(1).getValue().title());
        assertEquals("benchmark", top.get(9).getValue().number());
        assertEquals("notebooks", top.get(10).getValue().number());
    }

    @Test
    void everyTableOfContentsEntryOpensAPage() throws Exception {
        List<TreeItem<TocEntry>> all = fx(() -> {
            List<TreeItem<TocEntry>> items = new ArrayList<>();
            collect(navigator().getRoot(), items);
            return items;
        });
        assertEquals(253 + 2, all.size()); // 253 numbered entries in the book's Sumário (chapters 1–9 included)
        StackPane area = (StackPane) robot.lookup("#page-area").query();
        List<String> bad = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        // Chunks of entries per FX call: no render pulse between entries of a chunk (fast), yet
        // the FX thread breathes between chunks while real pages are being built.
        for (int from = 0; from < all.size(); from += 20) {
            var chunk = all.subList(from, Math.min(all.size(), from + 20));
            WaitForAsyncUtils.asyncFx(() -> {
                for (var item : chunk) {
                    long t0 = System.nanoTime();
                    navigator().getSelectionModel().select(item);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (area.getChildren().size() != 1) bad.add(item.getValue().number() + " (no page)");
                    else if ("broken-page".equals(area.getChildren().get(0).getId())) bad.add(item.getValue().number() + " (page threw)");
                    if (ms > 500) slow.add(item.getValue().number() + " " + ms + " ms");
                }
            }).get(60, TimeUnit.SECONDS);
        }
        if (!slow.isEmpty()) System.err.println("MainWindowTest: pages slow to open on the FX thread: " + slow);
        assertEquals(List.of(), bad);
        fx(() -> navigator().getSelectionModel().select(navigator().getRoot().getChildren().get(0)));
    }

    /** Opens every section that has its own page, lays the window out and hands the page over. */
    private static void forEachRegisteredPage(java.util.function.BiConsumer<String, Node> check) throws Exception {
        List<TreeItem<TocEntry>> all = fx(() -> {
            List<TreeItem<TocEntry>> items = new ArrayList<>();
            collect(navigator().getRoot(), items);
            return items;
        });
        var keys = br.lncc.llm.ui.Pages.all().keys();
        StackPane area = (StackPane) robot.lookup("#page-area").query();
        for (var item : all) {
            if (!keys.contains(item.getValue().number())) continue;
            WaitForAsyncUtils.asyncFx(() -> {
                navigator().getSelectionModel().select(item);
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                check.accept(item.getValue().number(), area.getChildren().get(0));
            }).get(60, TimeUnit.SECONDS);
        }
    }

    /** The first book section that has no lab (text only): its placeholder statement is the text to watch. */
    private static void showATextOnlySection() throws Exception {
        List<TreeItem<TocEntry>> all = new ArrayList<>();
        collect(navigator().getRoot(), all);
        for (var item : all) {
            fx(() -> navigator().getSelectionModel().select(item));
            WaitForAsyncUtils.waitForFxEvents();
            if (robot.lookup("#not-available").tryQuery().isPresent()) return;
        }
        throw new AssertionError("every section has a page now: no placeholder left to watch");
    }

    private static void collect(TreeItem<TocEntry> item, List<TreeItem<TocEntry>> out) {
        for (var c : item.getChildren()) {
            out.add(c);
            collect(c, out);
        }
    }

    @Test
    void languageMenuSwitchesVisibleLabelsWithoutRestartAndPersists() throws Exception {
        showATextOnlySection();
        robot.clickOn("Idioma");
        robot.clickOn("English");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("Language").tryQuery().isPresent(), "menu title switched to English");
        Label statement = robot.lookup("#not-available").query();
        assertTrue(statement.getText().contains("not available yet"), statement.getText());
        assertTrue(stage.getTitle().startsWith("LLM Course Companion"));
        String json = Files.readString(AppDirs.config().resolve("settings.json"));
        assertTrue(json.contains("\"language\" : \"en\""), json);

        robot.clickOn("Language");
        robot.clickOn("Português (Brasil)");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("Idioma").tryQuery().isPresent());
        assertTrue(statement.getText().contains("ainda não está disponível"));
    }

    @Test
    void presenterShortcutsScaleFontsAndPersistTheScale() throws Exception {
        showATextOnlySection();
        fx(() -> {
            stage.toFront();
            stage.requestFocus(); // other tests show and hide windows of their own
            navigator().requestFocus();
        });
        Label statement = robot.lookup("#not-available").query();
        double before = statement.getFont().getSize();
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            statement.applyCss();
            return null;
        });
        double bigger = statement.getFont().getSize();
        assertEquals(before * 1.15 * 1.15, bigger, 0.2, Files.readString(AppDirs.config().resolve("settings.json")) + " focus=" + stage.getScene().getFocusOwner());
        assertTrue(Files.readString(AppDirs.config().resolve("settings.json")).contains("\"fontScale\" : 1.32"));
        // Popups (menus) live outside the root: they must grow too.
        double menuFont = fx(() -> {
            var menu = new javafx.scene.control.ContextMenu(new javafx.scene.control.MenuItem("Arquivo"));
            menu.show(stage);
            menu.getSkin().getNode().applyCss();
            var label = (Label) menu.getSkin().getNode().lookup(".label");
            double size = label.getFont().getSize();
            menu.hide();
            return size;
        });
        assertEquals(bigger, menuFont, 0.2);

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            statement.applyCss();
            return null;
        });
        assertEquals(before, statement.getFont().getSize(), 0.01);
    }

    /**
     * On a projector, text must stand out from what is behind it. In both themes, every
     * registered page's labels and texts are checked against the nearest painted background
     * (WCAG contrast ratio ≥ 3, the "large text" minimum) — this is what caught white text on the
     * lesson cards' fixed light fills.
     */
    @Test
    void everyPagesTextIsReadableInBothThemes() throws Exception {
        List<String> unreadable = new ArrayList<>();
        try {
            for (boolean highContrast : new boolean[] {true, false}) {
                fx(() -> br.lncc.llm.ui.Appearance.app().highContrastProperty().set(highContrast));
                forEachRegisteredPage((number, page) -> ContrastCheck.unreadable(page).forEach(
                        t -> unreadable.add((highContrast ? "HC " : "") + number + ": " + t)));
            }
        } finally {
            fx(() -> br.lncc.llm.ui.Appearance.app().highContrastProperty().set(false));
            fx(() -> navigator().getSelectionModel().select(navigator().getRoot().getChildren().get(0)));
        }
        assertEquals(List.of(), unreadable);
    }

    @Test
    void theContentsPaneHidesAndComesBackWithCtrlB() throws Exception {
        fx(() -> {
            stage.toFront();
            stage.requestFocus();
            navigator().requestFocus();
        });
        double before = fx(() -> ((StackPane) robot.lookup("#page-area").query()).getWidth());
        double contents = fx(() -> robot.lookup("#navigator-pane").query().getLayoutBounds().getWidth());
        robot.press(KeyCode.CONTROL, KeyCode.B).release(KeyCode.B, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> stage.getScene().getRoot().layout());
        assertTrue(robot.lookup("#show-navigator").tryQuery().isPresent(), "» button shown");
        double wide = fx(() -> ((StackPane) robot.lookup("#page-area").query()).getWidth());
        // The page takes the contents' width, less the thin » strip.
        assertTrue(wide > before + contents - 60, "page " + before + " → " + wide + " px, contents were " + contents);
        fx(() -> ((javafx.scene.control.Button) robot.lookup("#show-navigator").query()).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#navigator").tryQuery().map(Node::isVisible).orElse(false));
        assertFalse(robot.lookup("#show-navigator").tryQuery().map(n -> n.getScene() != null && n.getParent() != null).orElse(false));
    }

    @Test
    void highContrastThemeIsAddedAndRemoved() throws Exception {
        var css = MainWindow.class.getResource("/br/lncc/llm/ui/high-contrast.css").toExternalForm();
        fx(() -> {
            br.lncc.llm.ui.Appearance.app().highContrastProperty().set(true);
            return null;
        });
        assertTrue(stage.getScene().getStylesheets().contains(css));
        fx(() -> {
            br.lncc.llm.ui.Appearance.app().highContrastProperty().set(false);
            return null;
        });
        assertFalse(stage.getScene().getStylesheets().contains(css));
    }

    @Test
    void corruptSettingsFileStartsWithDefaultsAndSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{ \"language\": \"en\", \"fontScale\": ");
        var store = new SettingsStore(file);
        assertEquals("pt-BR", store.get().language());
        assertEquals(1.0, store.get().fontScale());
        assertTrue(Files.exists(dir.resolve("settings.json.corrupt")));

        String status = fx(() -> {
            var s = new Stage();
            new MainWindow(s, store, null, new ChapterPages());
            Label msg = (Label) s.getScene().lookup("#status-message");
            return msg.getText();
        });
        assertTrue(status.contains("corrompido"), status);
    }

    @Test
    void unwritableConfigDirKeepsSettingsInMemoryAndSaysSo(@TempDir Path dir) throws Exception {
        Path notADir = dir.resolve("blocker");
        Files.writeString(notADir, "a file where the config dir should be");
        var store = new SettingsStore(notADir.resolve("settings.json"));
        String status = fx(() -> {
            var s = new Stage();
            var w = new MainWindow(s, store, null, new ChapterPages());
            w.changeFontScale(1.15);
            return ((Label) s.getScene().lookup("#status-message")).getText();
        });
        assertTrue(status.contains("Não foi possível salvar"), status);
        assertEquals(1.15, store.get().fontScale(), 1e-9);
        fx(() -> {
            br.lncc.llm.ui.Appearance.app().fontScaleProperty().set(1.0);
            return null;
        });
    }

    @Test
    void registeredPageOpensAndItsSubsectionsShareIt() throws Exception {
        var pages = new ChapterPages().register("2.5", ctx -> new Label("attention page"));
        var store = new SettingsStore(AppDirs.home().resolve("tmp-registry-settings.json"));
        Node[] shown = fx(() -> {
            var s = new Stage();
            var w = new MainWindow(s, store, null, pages);
            StackPane area = w.pageArea();
            w.open("2.5");
            Node a = area.getChildren().get(0);
            w.open("2.5.4");
            Node b = area.getChildren().get(0);
            w.open("2.6");
            Node c = area.getChildren().get(0);
            return new Node[] {a, b, c};
        });
        assertEquals("attention page", ((Label) shown[0]).getText());
        assertSame(shown[0], shown[1]);
        assertTrue(shown[2] instanceof PlaceholderPage);
    }

    @Test
    void lastOpenedSectionIsSavedOnCloseAndRestored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.json");
        fx(() -> {
            var s = new Stage();
            var w = new MainWindow(s, new SettingsStore(file), null, new ChapterPages());
            s.show();
            w.open("3.4.2");
            s.hide();
        });
        assertEquals("3.4.2", new SettingsStore(file).get().lastSection());
        String selected = fx(() -> {
            var s = new Stage();
            return new MainWindow(s, new SettingsStore(file), null, new ChapterPages()).selectedKey();
        });
        assertEquals("3.4.2", selected);
    }

    @Test
    void openPropertyChoosesTheFirstSectionAndAnUnknownOneFallsBackToTheLastSeen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.json");
        fx(() -> new SettingsStore(file).save(new SettingsStore(file).get().withLastSection("3.4")));
        try {
            System.setProperty(MainWindow.OPEN_PROPERTY, "7.10");
            assertEquals("7.10", fx(() -> new MainWindow(new Stage(), new SettingsStore(file), null, new ChapterPages()).selectedKey()));
            System.setProperty(MainWindow.OPEN_PROPERTY, "99.9");
            assertEquals("3.4", fx(() -> new MainWindow(new Stage(), new SettingsStore(file), null, new ChapterPages()).selectedKey()));
        } finally {
            System.clearProperty(MainWindow.OPEN_PROPERTY);
        }
    }

    @Test
    void noPageCutsItsLabelsAtTheDefaultSizeNorAtPresenterScale() throws Exception {
        List<String> cut = new ArrayList<>();
        try {
            for (double scale : new double[] {1.0, 1.5}) {
                fx(() -> {
                    stage.setWidth(1280);
                    stage.setHeight(800);
                    br.lncc.llm.ui.Appearance.app().fontScaleProperty().set(scale);
                });
                fx(() -> navigator().getSelectionModel().select(navigator().getRoot().getChildren().get(0)));
                double navigatorWidth = fx(() -> {
                    stage.getScene().getRoot().applyCss();
                    stage.getScene().getRoot().layout();
                    return robot.lookup("#navigator-pane").query().getLayoutBounds().getWidth();
                });
                forEachRegisteredPage((number, page) -> {
                    Truncation.truncated(page).forEach(t -> cut.add("x" + scale + " " + number + ": " + t));
                    // A page wider than its window cuts its own text at the right edge (2.3–2.4, 3.7)
                    // or pushes over the contents pane and the menu bar (4.8's model row).
                    String wider = Truncation.widerThanItsWindow(page, navigatorWidth);
                    if (wider != null) cut.add("x" + scale + " " + number + ": " + wider);
                });
                // The contents' entries wrap: "2.4.1  Comprimento da sequência" was cut at 1.5×.
                Truncation.truncatedEntries(navigator()).forEach(t -> cut.add("x" + scale + " navigator: " + t));
            }
        } finally {
            fx(() -> br.lncc.llm.ui.Appearance.app().fontScaleProperty().set(1.0));
            fx(() -> navigator().getSelectionModel().select(navigator().getRoot().getChildren().get(0)));
        }
        cut.forEach(System.err::println);
        assertEquals(List.of(), cut);
    }
}
