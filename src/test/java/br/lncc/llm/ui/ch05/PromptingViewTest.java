package br.lncc.llm.ui.ch05;

import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.SelfConsistency;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class PromptingViewTest {

    private static Stage stage;
    private static PromptingView view;

    @BeforeAll
    static void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            var i18n = new I18n(I18n.PT_BR);
            var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null);
            view = new PromptingView(ctx, 2);
            stage = new Stage();
            stage.setScene(new Scene(view, 1200, 800));
            stage.show();
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterAll
    static void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(30, TimeUnit.SECONDS);
    }

    private static String allText(Node n) {
        StringBuilder sb = new StringBuilder();
        if (n instanceof Label l) sb.append(l.getText()).append('\n');
        if (n instanceof ScrollPane sp && sp.getContent() != null) sb.append(allText(sp.getContent()));
        if (n instanceof TabPane tp) tp.getTabs().forEach(t -> sb.append(allText(t.getContent())));
        if (n instanceof Parent p) p.getChildrenUnmodifiable().forEach(c -> sb.append(allText(c)));
        return sb.toString();
    }

    @Test
    void contextTabShowsTheNotebookCountsWithoutAnyModel() throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        String text = "";
        while (!text.contains("head + tail") && System.currentTimeMillis() < end) {
            Thread.sleep(50);
            text = WaitForAsyncUtils.asyncFx(() -> allText(view)).get(30, TimeUnit.SECONDS);
        }
        assertTrue(text.contains("3005 tokens"), text);
        assertTrue(text.contains("10063 tokens = instrução 43"), text);
        assertTrue(text.contains("keep-tail mantém 999 tokens: a instrução BANANA se perde"), text);
        assertTrue(text.contains("head + tail: 61 tokens"), text);
    }

    private static String waitForText(String wanted) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        String text = "";
        while (!text.contains(wanted) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
            text = WaitForAsyncUtils.asyncFx(() -> allText(view)).get(30, TimeUnit.SECONDS);
        }
        return text;
    }

    @Test
    void offlineThePageOpensTheTinyT5AndItsResultsSayRandomWeights() throws Exception {
        // No FLAN-T5 in this machine's cache during tests: the project's tiny T5 opens by itself.
        String text = waitForText("PESOS ALEATÓRIOS");
        assertTrue(text.contains("t5-tiny: o T5 minúsculo do projeto"), text);
        assertTrue(text.contains("Baixar google/flan-t5-small"), text);
        var run = (javafx.scene.control.Button) view.lookup("#prompt-templates-run");
        WaitForAsyncUtils.asyncFx(run::fire).get(30, TimeUnit.SECONDS);
        text = waitForText("Saídas de t5-tiny");
        assertTrue(text.contains("Saídas de t5-tiny, PESOS ALEATÓRIOS"), text);
        var table = (javafx.scene.control.TableView<?>) view.lookup(".table-view");
        long filled = WaitForAsyncUtils.asyncFx(() -> table.getItems().stream()
                .filter(r -> !((PromptingView.Row) r).ours().equals("—")).count()).get(30, TimeUnit.SECONDS);
        assertTrue(filled == 4, "all four experiments ran on the tiny T5: " + filled);
    }

    @Test
    void voteOfRecordedGibberishIsUndecided() throws Exception {
        var vote = SelfConsistency.vote(List.of("Adignantitiv or indicative for N", "VESCA NELIVSU"), SelfConsistency::parseLabel);
        String text = WaitForAsyncUtils.asyncFx(() -> {
            view.showVote(vote);
            return allText(view);
        }).get(30, TimeUnit.SECONDS);
        assertTrue(text.contains("Voto final: INDETERMINADO · não interpretadas: 2 / 2"), text);
    }
}
