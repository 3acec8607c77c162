package br.lncc.llm.ui.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.notebooks.N03;
import br.lncc.llm.ui.ChapterPages;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.lessons.PageHarness;
import br.lncc.llm.ui.Pages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Notebooks page headless: N03 on the tiny Qwen2 through the task framework, and Cancel. */
class N03NotebooksPageTest {
    static final String FIXTURE = Path.of("src/test/resources/fixtures/qwen2-tiny").toAbsolutePath().toString();
    static Stage stage;
    static NotebooksPage page;
    static final List<String> status = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        page = PageHarness.showOnPrimaryStage(stage, () -> {
            var i18n = new I18n(I18n.PT_BR);
            var ctx = PageHarness.context(i18n, status::add);
            var p = (NotebooksPage) Pages.all().resolve(ChapterPages.NOTEBOOKS).orElseThrow().factory().create(ctx);
            return p;
        }, 1300, 850);
    }

    @AfterAll
    static void close() throws Exception {
        fx(() -> {
            stage.hide();
            return null;
        });
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return PageHarness.fx(c, 30);
    }

    static void waitFor(BooleanSupplier condition) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out");
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(20);
        }
    }

    static boolean idle() {
        try {
            return fx(() -> !page.isRunning());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String shown() {
        try {
            return fx(page::outputText);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void runN03OnTheFixture() throws Exception {
        fx(() -> {
            ((TextField) page.lookup("#nb-model-N03")).setText(FIXTURE);
            ((Button) page.lookup("#nb-run-N03")).fire();
            return null;
        });
    }

    @Test
    void listsTheThreeNotebooksWithWhatTheyNeed() throws Exception {
        for (String id : List.of("N01", "N02", "N03")) assertTrue(fx(() -> page.lookup("#nb-run-" + id) != null), id);
        waitFor(() -> {
            try {
                return !fx(() -> ((Label) page.lookup("#nb-status-N01")).getText()).contains("verificando");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("Pronto: o modelo vem com o app", fx(() -> ((Label) page.lookup("#nb-status-N01")).getText()));
    }

    @Test
    void runsN03OnTheFixtureStreamingEveryCellAndShowsItsFigure() throws Exception {
        waitFor(N03NotebooksPageTest::idle);
        runN03OnTheFixture();
        assertTrue(fx(() -> ((Button) page.lookup("#nb-run-N01")).isDisabled()), "one run at a time");
        waitFor(N03NotebooksPageTest::idle);
        String text = shown();
        for (int i = 1; i <= 9; i++) assertTrue(text.contains("── N3.0" + i), "N3.0" + i + "\n" + text);
        assertTrue(text.contains("Low temperature:\n Explain why attention"), text);
        assertTrue(text.contains("top_k=20 (generation_config.json)"), text);
        assertTrue(fx(() -> ((Label) page.lookup("#nb-message")).getText()).startsWith("N03 concluído"));
        @SuppressWarnings("unchecked")
        var figures = (ListView<Path>) page.lookup("#nb-figures");
        assertTrue(fx(() -> figures.getItems().stream().anyMatch(p -> p.getFileName().toString()
                .equals("N3.02-entropia-por-passo.png"))));
        assertTrue(fx(() -> ((javafx.scene.image.ImageView) page.lookup("#nb-image")).getImage() != null));
        // the text area drops the control characters a random model can emit; the file keeps every byte
        String saved = Files.readString(N03.defaultOutDir().resolve("N03-saida.txt"));
        assertTrue(saved.startsWith("# Notebook N3") && saved.contains("── N3.09"), saved);
        assertFalse(fx(() -> ((Button) page.lookup("#nb-open-folder")).isDisabled()));
    }

    @Test
    void cancelStopsTheRunAndKeepsWhatItPrinted() throws Exception {
        waitFor(N03NotebooksPageTest::idle);
        runN03OnTheFixture();
        // N3.02's header is printed just before its two 120-token generations start
        waitFor(() -> shown().contains("── N3.02"));
        fx(() -> {
            ((Button) page.lookup("#nb-cancel")).fire();
            return null;
        });
        waitFor(N03NotebooksPageTest::idle);
        String text = shown();
        assertTrue(text.contains("── N3.01"), text);
        assertFalse(text.contains("── N3.09"), "stopped before the end:\n" + text);
        assertTrue(fx(() -> ((Label) page.lookup("#nb-message")).getText()).startsWith("N03 cancelado"));
        assertTrue(status.stream().anyMatch(s -> s.contains("cancelado")), status.toString());
        String saved = Files.readString(N03.defaultOutDir().resolve("N03-saida.txt"));
        assertTrue(saved.contains("── N3.02") && !saved.contains("── N3.09"), "partial output saved:\n" + saved);
        assertFalse(fx(() -> ((Button) page.lookup("#nb-run-N03")).isDisabled()), "can run again");
    }
}
