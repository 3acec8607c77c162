package br.lncc.llm.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.Appearance;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.lessons.PageHarness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The classroom walk (#19): the pages whose main action is quick run it first (the course model,
 * the tiny models, the embedded BERT), then every page is looked at in both languages, both themes
 * and at 1.0× and 1.5×, and fails on what a projected class would see as broken: a label or table
 * cell cut to "…", chart or heatmap texts on top of each other, and app words of the other language.
 * Four walks cover every pair of (scale, language, theme) instead of all eight combinations, to keep
 * the suite fast.
 */
class ClassroomWalkTest {
    private static final FxRobot robot = new FxRobot();
    private static Stage stage;
    private static javafx.application.Application app;

    /** Page → the buttons of its main action, fired in order, each waited for. */
    private static final Map<String, List<String>> MAIN_ACTIONS = new LinkedHashMap<>();

    static {
        // BERT's "Analisar" feeds 2.2–2.5 at once; the walk gives the lease back when it ends.
        MAIN_ACTIONS.put("2.5", List.of("bert-run"));
        MAIN_ACTIONS.put("4.8", List.of("gen-model-course", "gen-generate"));
        MAIN_ACTIONS.put("5.5", List.of("prompt-model-tiny", "prompt-templates-run"));
        MAIN_ACTIONS.put("6.3", List.of("ce-run"));
        MAIN_ACTIONS.put("6.5", List.of("quant-run"));
        MAIN_ACTIONS.put("8.2", List.of("dpo-run"));
        MAIN_ACTIONS.put("8.3", List.of("rl-run"));
    }

    private record Look(double scale, Locale language, boolean highContrast) {
        @Override
        public String toString() {
            return "x" + scale + " " + language.getLanguage() + (highContrast ? " HC" : "");
        }
    }

    // Every pair of values appears in some walk: (1.0, pt), (1.5, en), (1.5, pt), (1.0, en) for
    // scale × language, and so on for the other two pairs.
    private static final List<Look> LOOKS = List.of(
            new Look(1.0, I18n.PT_BR, false),
            new Look(1.5, I18n.PT_BR, true),
            new Look(1.5, I18n.ENGLISH, false),
            new Look(1.0, I18n.ENGLISH, true));

    @BeforeAll
    static void startApp() throws Exception {
        app = PageHarness.startFreshApp();
        stage = PageHarness.toolkit();
    }

    @AfterAll
    static void stopApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        MainWindowTest.fx(() -> {
            // Give back the course model the 4.8 action leased (other tests count the holders).
            br.lncc.llm.ui.ch04.LabModel.shared().set(null);
            br.lncc.llm.ui.ch02.BertSession.app().release();
            stage.hide();
            Appearance.app().fontScaleProperty().set(1.0);
            Appearance.app().highContrastProperty().set(false);
            I18n.app().setLocale(I18n.PT_BR);
        });
    }

    @SuppressWarnings("unchecked")
    private static TreeView<TocEntry> navigator() {
        return (TreeView<TocEntry>) robot.lookup("#navigator").query();
    }

    private static void open(String key) throws Exception {
        MainWindowTest.fx(() -> {
            var found = Navigator.find(navigator().getRoot(), key).orElseThrow();
            navigator().getSelectionModel().select(found);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Node page() {
        return ((StackPane) robot.lookup("#page-area").query()).getChildren().get(0);
    }

    /** Fires the button (if the page has it and it is enabled) and waits until no task runs. */
    private static void fire(String id) throws Exception {
        boolean fired = MainWindowTest.fx(() -> {
            if (!(page().lookup("#" + id) instanceof Button b) || b.isDisabled()) return false;
            b.fire();
            return true;
        });
        if (!fired) return;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Thread.sleep(200);
        while (System.nanoTime() < deadline) {
            WaitForAsyncUtils.waitForFxEvents();
            int running = MainWindowTest.fx(() -> ((Pane) robot.lookup("#task-area").query()).getChildren().size());
            if (running == 0) return;
            Thread.sleep(200);
        }
        throw new AssertionError(id + " still running after 120 s");
    }

    @Test
    void everyPageAfterItsMainActionIsWholeAndInOneLanguageInEveryLook() throws Exception {
        MainWindowTest.fx(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        List<String> problems = new ArrayList<>();
        try {
            // The actions run once, in the first look's language: results are data that every page
            // draws again in the language of the moment, so switching language must redo every text.
            MainWindowTest.fx(() -> I18n.app().setLocale(LOOKS.get(0).language()));
            long t0 = System.nanoTime();
            for (var e : MAIN_ACTIONS.entrySet()) {
                open(e.getKey());
                for (String id : e.getValue()) fire(id);
            }
            System.err.printf("ClassroomWalkTest: main actions took %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
            for (Look look : LOOKS) {
                MainWindowTest.fx(() -> {
                    I18n.app().setLocale(look.language());
                    Appearance.app().fontScaleProperty().set(look.scale());
                    Appearance.app().highContrastProperty().set(look.highContrast());
                });
                walk((number, page) -> {
                    String where = look + " " + number + ": ";
                    Truncation.truncated(page).forEach(t -> problems.add(where + t));
                    ClassroomCheck.clippedCells(page).forEach(t -> problems.add(where + t));
                    ClassroomCheck.overlappingChartText(page).forEach(t -> problems.add(where + t));
                    ClassroomCheck.otherLanguage(page, look.language() == I18n.ENGLISH).forEach(t -> problems.add(where + t));
                });
            }
        } finally {
            MainWindowTest.fx(() -> {
                I18n.app().setLocale(I18n.PT_BR);
                Appearance.app().fontScaleProperty().set(1.0);
                Appearance.app().highContrastProperty().set(false);
            });
        }
        problems.forEach(System.err::println);
        // Texts of other language that a page sets once when it is built and does not redo on a
        // language switch are listed, page by page, until they move to bound texts: new ones fail.
        var known = known();
        var fixedSince = new java.util.TreeSet<>(known);
        List<String> unexpected = new ArrayList<>();
        for (String p : problems) {
            var m = LANGUAGE_PROBLEM.matcher(p);
            if (m.find()) {
                String entry = m.group(1) + " " + m.group(2);
                fixedSince.remove(entry);
                if (known.contains(entry)) continue;
            }
            unexpected.add(p);
        }
        if (!fixedSince.isEmpty()) System.err.println("ClassroomWalkTest: fixed, remove from classroom-language-known.txt: " + fixedSince);
        assertEquals(List.of(), unexpected);
    }

    // "x1.5 en 8.4: "Redação" in "…"" → page 8.4, word Redação.
    private static final java.util.regex.Pattern LANGUAGE_PROBLEM =
            java.util.regex.Pattern.compile("^x[0-9.]+ [a-z]+(?: HC)? (\\S+): \"([^\"]+)\" in \"");

    private static java.util.Set<String> known() throws Exception {
        try (var in = ClassroomWalkTest.class.getResourceAsStream("/ui/classroom-language-known.txt")) {
            if (in == null) return java.util.Set.of();
            var out = new java.util.HashSet<String>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) out.add(line);
            }
            return out;
        }
    }

    private static void walk(java.util.function.BiConsumer<String, Node> check) throws Exception {
        List<TreeItem<TocEntry>> all = MainWindowTest.fx(() -> {
            List<TreeItem<TocEntry>> items = new ArrayList<>();
            collect(navigator().getRoot(), items);
            return items;
        });
        var keys = br.lncc.llm.ui.Pages.all().keys();
        StackPane area = (StackPane) robot.lookup("#page-area").query();
        List<String> seen = new ArrayList<>();
        var looked = new java.util.HashSet<String>();
        for (var item : all) {
            String key = item.getValue().number();
            if (!keys.contains(key)) continue;
            boolean fresh = WaitForAsyncUtils.asyncFx(() -> {
                navigator().getSelectionModel().select(item);
                stage.getScene().getRoot().applyCss(); // skins first: a scroll page's title is inside its skin
                Node page = area.getChildren().get(0);
                // 4.2–4.7 (and 3.3–3.6, …) open the same page under several numbers: look once.
                String identity = page.getClass().getName() + " " + page.lookupAll(".page-title").stream()
                        .map(n -> n instanceof javafx.scene.control.Labeled l ? l.getText() : "").toList()
                        + page.lookupAll(".tab-pane").stream().map(n -> n instanceof javafx.scene.control.TabPane t
                                && t.getSelectionModel().getSelectedItem() != null ? t.getSelectionModel().getSelectedItem().getText() : "").toList();
                if (!looked.add(identity)) return false;
                stage.getScene().getRoot().layout();
                return true;
            }).get(60, TimeUnit.SECONDS);
            if (!fresh) continue;
            // Fitted tables measure on the next pulse: lay out once more after it.
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.asyncFx(() -> {
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                check.accept(key, area.getChildren().get(0));
                seen.add(key);
            }).get(60, TimeUnit.SECONDS);
        }
        assertTrue(seen.size() > 20, "walked " + seen);
    }

    private static void collect(TreeItem<TocEntry> item, List<TreeItem<TocEntry>> out) {
        for (var c : item.getChildren()) {
            out.add(c);
            collect(c, out);
        }
    }
}
