package br.lncc.llm.ui.shell;

import br.lncc.llm.platform.AppInfo;
import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.ui.models.ModelManagerWindow;
import br.lncc.llm.ui.Appearance;
import br.lncc.llm.ui.ChapterPages;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.Pages;
import br.lncc.llm.ui.settings.Settings;
import br.lncc.llm.ui.settings.SettingsStore;
import br.lncc.llm.ui.task.TaskRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.application.HostServices;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window: menu (models, presenter mode, language), the book's table of contents on the
 * left, the selected section's page on the right, status bar with the running jobs below.
 */
public final class MainWindow {
    private static final Logger log = LoggerFactory.getLogger(MainWindow.class);
    private static final double SCALE_STEP = 1.15;
    private static final String THEME = "/br/lncc/llm/ui/theme.css";
    private static final String HIGH_CONTRAST = "/br/lncc/llm/ui/high-contrast.css";

    private final Stage stage;
    private final SettingsStore store;
    private final I18n i18n = I18n.app();
    private final Appearance appearance = Appearance.app();
    private final ChapterPages pages;
    private final List<TocEntry> toc = BookToc.load();
    private final Map<String, Node> pageCache = new HashMap<>();
    private final StatusBar statusBar = new StatusBar();
    private final StackPane pageArea = new StackPane();
    private final BorderPane root = new BorderPane();
    private final TaskRunner tasks;
    private final PageContext context;
    private final Navigator navigator;
    private final CheckMenuItem fullScreenItem = new CheckMenuItem();
    private final CheckMenuItem highContrastItem = new CheckMenuItem();
    private final CheckMenuItem navigatorItem = new CheckMenuItem();
    private final javafx.scene.control.Button showNavigatorButton = new javafx.scene.control.Button();
    private final SplitPane split;
    private final VBox navigatorPane;
    private double dividerBeforeHiding = 0.34;
    private final double baseFontSize = Font.getDefault().getSize();
    private Runnable openModelManager = this::openModelManager;
    private ModelManagerWindow modelManager;

    public MainWindow(Stage stage, SettingsStore store, HostServices hostServices) {
        this(stage, store, hostServices, Pages.all());
    }

    /** With an explicit page registry (tests register their own pages). */
    public MainWindow(Stage stage, SettingsStore store, HostServices hostServices, ChapterPages pages) {
        this.stage = stage;
        this.store = store;
        this.pages = pages;
        this.tasks = new TaskRunner(i18n, () -> stage, statusBar::show);
        this.context = new PageContext(i18n, tasks, stage, statusBar::show, hostServices, this::open);
        this.navigator = new Navigator(toc, pages, i18n);
        statusBar.attach(tasks, i18n);

        Settings s = store.get();
        i18n.setLocale(Locale.forLanguageTag(s.language()).getLanguage().equals("en") ? I18n.ENGLISH : I18n.PT_BR);
        appearance.fontScaleProperty().set(s.fontScale());
        appearance.highContrastProperty().set(s.highContrast());

        pageArea.setId("page-area");
        navigatorPane = navigatorPane();
        split = new SplitPane(navigatorPane, pageArea);
        split.setDividerPositions(0.34);
        SplitPane.setResizableWithParent(navigatorPane, false);
        showNavigatorButton.setId("show-navigator");
        showNavigatorButton.setText("»");
        showNavigatorButton.getStyleClass().add("navigator-toggle");
        showNavigatorButton.setMaxHeight(Double.MAX_VALUE);
        showNavigatorButton.setOnAction(e -> setNavigatorShown(true));
        var showTip = new javafx.scene.control.Tooltip();
        showTip.textProperty().bind(i18n.text("nav.show"));
        showNavigatorButton.setTooltip(showTip);
        root.setTop(menuBar());
        root.setCenter(split);
        root.setBottom(statusBar);
        root.setId("main-root");

        var scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(MainWindow.class.getResource(THEME).toExternalForm());
        installShortcuts(scene);
        stage.setScene(scene);
        for (int size : new int[] {16, 32, 64, 128, 256}) {
            var url = MainWindow.class.getResource("/br/lncc/llm/ui/icons/app-" + size + ".png");
            if (url != null) stage.getIcons().add(new javafx.scene.image.Image(url.toExternalForm()));
        }
        stage.titleProperty().bind(i18n.text("app.title"));
        stage.fullScreenExitHintProperty().bind(i18n.text("view.fullScreenHint"));

        appearance.fontScaleProperty().addListener((o, a, b) -> applyFontScale());
        appearance.highContrastProperty().addListener((o, a, b) -> applyTheme());
        applyFontScale();
        applyTheme();

        navigator.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null) show(item.getValue());
        });
        stage.fullScreenProperty().addListener((o, a, full) -> {
            fullScreenItem.setSelected(full);
            if (full != store.get().fullScreen()) save(store.get().withFullScreen(full));
        });
        stage.setOnCloseRequest(e -> tasks.cancelAll());
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> save(store.get()));

        statusBar.show(i18n.get("status.ready"));
        // The greeting is the one status line nobody replaced yet: it follows a language switch like the menus.
        i18n.localeProperty().addListener((o, a, b) -> statusBar.relabel(new I18n(a).get("status.ready"), i18n.get("status.ready")));
        store.problem().ifPresent(p -> statusBar.warn(i18n.get(p.messageKey(), store.file()), p.detail()));
        // -Dcompanion.open=7.10 lets an instructor's shortcut (or a screenshot script) open a section.
        String requested = System.getProperty(OPEN_PROPERTY);
        String last = s.lastSection();
        if (requested != null && navigator.select(requested)) return;
        if (requested != null) statusBar.warn(i18n.get("status.unknownSection", requested), null);
        if (last == null || !navigator.select(last)) navigator.select("1");
    }

    public static final String OPEN_PROPERTY = "companion.open";

    private String popupFontSheet;

    public void show() {
        stage.show();
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        // Some window managers (openbox) map a JavaFX window at its minimum size (720×480) instead
        // of the scene's 1280×800, a moment after it is shown: ask again for the intended size.
        var settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(400));
        settle.setOnFinished(e -> {
            var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            double w = Math.min(1280, screen.getWidth()), h = Math.min(800, screen.getHeight());
            if (!stage.isFullScreen() && !stage.isMaximized() && stage.getWidth() < w - 40 && stage.getHeight() < h - 40) {
                stage.setWidth(w);
                stage.setHeight(h);
                stage.centerOnScreen();
            }
        });
        settle.play();
        if (store.get().fullScreen()) stage.setFullScreen(true);
    }

    /** The table of contents with its legend and the button that hides it (presenter: the page takes the width). */
    private VBox navigatorPane() {
        var lab = new Label();
        lab.textProperty().bind(i18n.text("nav.legend.lab"));
        lab.getStyleClass().addAll("navigator-legend", "navigator-legend-lab");
        var text = new Label();
        text.textProperty().bind(i18n.text("nav.legend.text"));
        text.getStyleClass().add("navigator-legend");
        for (Label l : List.of(lab, text)) {
            l.setWrapText(true);
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        var hide = new javafx.scene.control.Button("«");
        hide.setId("hide-navigator");
        hide.getStyleClass().add("navigator-toggle");
        hide.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var hideTip = new javafx.scene.control.Tooltip();
        hideTip.textProperty().bind(i18n.text("nav.hide"));
        hide.setTooltip(hideTip);
        hide.setOnAction(e -> setNavigatorShown(false));
        var legendText = new VBox(2, lab, text);
        javafx.scene.layout.HBox.setHgrow(legendText, javafx.scene.layout.Priority.ALWAYS);
        var legend = new javafx.scene.layout.HBox(6, legendText, hide);
        legend.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        legend.getStyleClass().add("navigator-legend-bar");
        var box = new VBox(navigator, legend);
        VBox.setVgrow(navigator, javafx.scene.layout.Priority.ALWAYS);
        box.setId("navigator-pane");
        return box;
    }

    /** Shows or hides the table of contents (View menu, Ctrl+B, the « and » buttons). */
    public void setNavigatorShown(boolean shown) {
        boolean now = split.getItems().contains(navigatorPane);
        navigatorItem.setSelected(shown);
        if (shown == now) return;
        if (shown) {
            split.getItems().add(0, navigatorPane);
            split.setDividerPositions(dividerBeforeHiding);
            root.setLeft(null);
        } else {
            dividerBeforeHiding = split.getDividerPositions().length > 0 ? split.getDividerPositions()[0] : 0.34;
            split.getItems().remove(navigatorPane);
            root.setLeft(showNavigatorButton);
        }
    }

    public boolean isNavigatorShown() {
        return split.getItems().contains(navigatorPane);
    }

    public Stage stage() {
        return stage;
    }

    public TaskRunner tasks() {
        return tasks;
    }

    public PageContext context() {
        return context;
    }

    /** Opens the page of a section/entry key ("2.5", "benchmark"). */
    public boolean open(String key) {
        return navigator.select(key);
    }

    /** Replaces the action of File ▸ Models… (tests). */
    public void setModelManagerAction(Runnable action) {
        this.openModelManager = action;
    }

    public void setLanguage(Locale locale) {
        i18n.setLocale(locale);
        save(store.get().withLanguage(locale.toLanguageTag()));
    }

    public void changeFontScale(double factor) {
        double next = factor == 0 ? 1.0 : store.get().fontScale() * factor;
        Settings s = store.get().withFontScale(next);
        save(s);
        appearance.fontScaleProperty().set(s.fontScale());
    }

    public void setHighContrast(boolean on) {
        save(store.get().withHighContrast(on));
        appearance.highContrastProperty().set(on);
    }

    private void save(Settings s) {
        boolean hadProblem = store.problem().map(p -> p.messageKey().equals("settings.unwritable")).orElse(false);
        store.save(s);
        var p = store.problem();
        // Say it once: an unwritable config dir would otherwise repeat the warning on every click.
        if (!hadProblem && p.isPresent() && p.get().messageKey().equals("settings.unwritable")) {
            statusBar.warn(i18n.get("settings.unwritable", store.file()), p.get().detail());
        }
    }

    private void show(TocEntry entry) {
        statusBar.pageChanged();
        Node page = pageFor(entry);
        br.lncc.llm.ui.widget.BuiltInTexts.localize(page, i18n);
        pageArea.getChildren().setAll(page);
        // Remembered in memory, written with the next change or on close: no disk write per click.
        store.remember(store.get().withLastSection(entry.number()));
    }

    private Node pageFor(TocEntry entry) {
        var resolved = pages.resolve(entry.number());
        if (resolved.isEmpty()) {
            return pageCache.computeIfAbsent("placeholder:" + entry.number(),
                    k -> new PlaceholderPage(entry, chapterOf(entry), pages, i18n, this::open));
        }
        String key = resolved.get().key();
        Node cached = pageCache.get(key);
        if (cached != null) return cached;
        Node page;
        try {
            page = resolved.get().factory().create(context);
        } catch (RuntimeException | LinkageError e) {
            log.error("page {} failed to build", key, e);
            return brokenPage(key, e);
        }
        pageCache.put(key, page);
        return page;
    }

    private TocEntry chapterOf(TocEntry entry) {
        return toc.stream().filter(c -> c.number().equals(entry.chapterNumber())).findFirst().orElse(null);
    }

    // A page that throws must not take the window down; show what happened instead.
    private Node brokenPage(String key, Throwable e) {
        var title = new Label(i18n.get("page.broken", key));
        title.getStyleClass().add("page-title");
        title.setWrapText(true);
        var sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        var details = new TextArea(sw.toString());
        details.setEditable(false);
        var box = new VBox(10, title, new Label(String.valueOf(e.getMessage())), details);
        box.setId("broken-page");
        box.getStyleClass().add("page");
        return box;
    }

    private MenuBar menuBar() {
        var models = item("menu.models", e -> openModelManager.run());
        models.setId("menu-models");
        var quit = item("menu.quit", e -> stage.close());
        var file = menu("menu.file", models, new SeparatorMenuItem(), quit);

        var bigger = item("menu.fontBigger", e -> changeFontScale(SCALE_STEP));
        bigger.setAccelerator(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN));
        var smaller = item("menu.fontSmaller", e -> changeFontScale(1 / SCALE_STEP));
        smaller.setAccelerator(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN));
        var reset = item("menu.fontReset", e -> changeFontScale(0));
        reset.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN));
        fullScreenItem.textProperty().bind(i18n.text("menu.fullScreen"));
        fullScreenItem.setAccelerator(new KeyCodeCombination(KeyCode.F11));
        fullScreenItem.setOnAction(e -> stage.setFullScreen(fullScreenItem.isSelected()));
        highContrastItem.textProperty().bind(i18n.text("menu.highContrast"));
        highContrastItem.setSelected(store.get().highContrast());
        highContrastItem.setOnAction(e -> setHighContrast(highContrastItem.isSelected()));
        navigatorItem.textProperty().bind(i18n.text("menu.navigator"));
        navigatorItem.setSelected(true);
        navigatorItem.setAccelerator(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN));
        navigatorItem.setOnAction(e -> setNavigatorShown(navigatorItem.isSelected()));
        var view = menu("menu.view", bigger, smaller, reset, new SeparatorMenuItem(), fullScreenItem, highContrastItem, navigatorItem);

        var group = new ToggleGroup();
        // Language names are written in their own language, so a user can always find theirs.
        var pt = new RadioMenuItem("Português (Brasil)");
        var en = new RadioMenuItem("English");
        pt.setToggleGroup(group);
        en.setToggleGroup(group);
        pt.setId("lang-pt");
        en.setId("lang-en");
        (i18n.getLocale().getLanguage().equals("en") ? en : pt).setSelected(true);
        pt.setOnAction(e -> setLanguage(I18n.PT_BR));
        en.setOnAction(e -> setLanguage(I18n.ENGLISH));
        var language = menu("menu.language", pt, en);
        language.setId("menu-language");

        var about = item("menu.about", e -> about());
        var help = menu("menu.help", about);
        var bar = new MenuBar(file, view, language, help);
        bar.setId("menu-bar");
        return bar;
    }

    // Keys the menu accelerators don't cover: "+" typed with Shift, and the numeric keypad.
    private void installShortcuts(Scene scene) {
        var acc = scene.getAccelerators();
        acc.put(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), () -> changeFontScale(SCALE_STEP));
        acc.put(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN), () -> changeFontScale(SCALE_STEP));
        acc.put(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN), () -> changeFontScale(SCALE_STEP));
        acc.put(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN), () -> changeFontScale(1 / SCALE_STEP));
        acc.put(new KeyCodeCombination(KeyCode.NUMPAD0, KeyCombination.SHORTCUT_DOWN), () -> changeFontScale(0));
    }

    private void openModelManager() {
        if (modelManager == null) {
            var config = HubConfig.forApp();
            modelManager = new ModelManagerWindow(context, ModelCatalog.forConfig(config), new HubClient(config));
        }
        modelManager.show();
    }

    private void about() {
        var alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle(i18n.get("menu.about"));
        alert.setHeaderText(AppInfo.NAME + " " + AppInfo.version());
        alert.setContentText(i18n.get("about.text", store.file().getParent()));
        alert.show();
    }

    private void applyFontScale() {
        // Everything sized in em follows the root font size, so one number scales the whole UI.
        double px = baseFontSize * appearance.fontScaleProperty().get();
        root.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.2fpx;", px));
        // Menus, tooltips and combo lists open in popup windows outside the root, where the root's
        // inline style does not reach: a one-rule stylesheet on the scene sizes them too.
        var sheets = stage.getScene().getStylesheets();
        if (popupFontSheet != null) sheets.remove(popupFontSheet);
        String css = String.format(Locale.ROOT, ".context-menu, .tooltip, .combo-box-popup .list-view { -fx-font-size: %.2fpx; }", px);
        popupFontSheet = "data:text/css;base64," + java.util.Base64.getEncoder().encodeToString(
                css.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sheets.add(popupFontSheet);
    }

    private void applyTheme() {
        String hc = MainWindow.class.getResource(HIGH_CONTRAST).toExternalForm();
        var sheets = stage.getScene().getStylesheets();
        if (appearance.isHighContrast()) {
            if (!sheets.contains(hc)) sheets.add(hc);
        } else {
            sheets.remove(hc);
        }
        highContrastItem.setSelected(appearance.isHighContrast());
    }

    private MenuItem item(String key, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        var item = new MenuItem();
        item.textProperty().bind(i18n.text(key));
        item.setOnAction(action);
        return item;
    }

    private Menu menu(String key, MenuItem... items) {
        var m = new Menu();
        m.textProperty().bind(i18n.text(key));
        m.getItems().addAll(items);
        return m;
    }

    Parent root() {
        return root;
    }

    /** Number/key of the entry selected in the navigator, null if none. */
    public String selectedKey() {
        var item = navigator.getSelectionModel().getSelectedItem();
        return item == null ? null : item.getValue().number();
    }

    StackPane pageArea() {
        return pageArea;
    }
}
