package br.lncc.llm.ui.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.Pages;
import br.lncc.llm.ui.shell.BookToc;
import br.lncc.llm.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class WelcomeViewTest {
    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void everyHighlightOpensASectionThatHasItsOwnPage() {
        var pages = Pages.all();
        for (var chapter : WelcomeView.HIGHLIGHTS) {
            for (var h : chapter) {
                assertTrue(pages.hasOwnPage(h.section()), "no page registered for " + h.section());
            }
        }
    }

    @Test
    void clickingALinkNavigatesAndTheModelListArrives() throws Exception {
        List<String> opened = new ArrayList<>();
        var i18n = I18n.app();
        var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null, opened::add);
        var view = WaitForAsyncUtils.asyncFx(() -> {
            var v = new WelcomeView(ctx);
            var stage = new Stage();
            stage.setScene(new Scene(v, 1000, 700));
            stage.show();
            v.applyCss(); // a ScrollPane reaches its content through its skin
            v.layout();
            return v;
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> ((Hyperlink) view.lookup("#home-link-4-8")).fire()).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> ((Hyperlink) view.lookup("#home-link-benchmark")).fire()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("4.8", "benchmark"), opened);
        // The catalog is read off the FX thread; BERT plus the four suggested models appear.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> ((VBox) view.lookup("#home-models")).getChildren().size() == 1 + WelcomeView.SUGGESTED.size());
        var gpt2 = (Label) view.lookup("#home-model-openai-community-gpt2");
        assertTrue(gpt2.getText().contains("openai-community/gpt2"), gpt2.getText());
    }

    @Test
    void aModelCountsAsPresentUnderItsHubIdOrItsShortNameWhenReady() {
        var ready = new ModelEntry("gpt2", ModelEntry.HF_CACHE, Path.of("/x"), 1, "gpt2", ModelEntry.STATUS_READY);
        var broken = new ModelEntry("google/flan-t5-small", ModelEntry.HF_CACHE, Path.of("/y"), 1, "t5",
                ModelEntry.STATUS_INCOMPLETE);
        assertTrue(WelcomeView.isPresent(List.of(ready), "openai-community/gpt2"));
        assertFalse(WelcomeView.isPresent(List.of(broken), "google/flan-t5-small"));
        assertFalse(WelcomeView.isPresent(List.of(ready), "google/flan-t5-small"));
    }

    @Test
    void chapterOneAndItsSectionsOpenThisPage() {
        var pages = Pages.all();
        assertEquals("1", pages.resolve("1").orElseThrow().key());
        assertEquals("1", pages.resolve("1.3").orElseThrow().key());
        assertTrue(BookToc.load().stream().anyMatch(e -> e.number().equals("1")));
    }
}
