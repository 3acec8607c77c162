package br.lncc.llm.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch08.JudgeFragility;
import br.lncc.llm.lesson.ch08.JudgeMaterial;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The 8.4 judge page headless, on the project's random tiny Qwen2: it runs, draws, shows prompts and keeps a cancelled run. */
class JudgePageTest {
    private static Stage stage;
    private static final I18n i18n = new I18n(I18n.PT_BR);

    @BeforeAll
    static void toolkit() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    private static Ch08JudgeView show() throws Exception {
        return show(1200);
    }

    private static Ch08JudgeView show(double width) throws Exception {
        return fx(() -> {
            var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> stage, s -> {}), stage, s -> {}, null);
            var view = new Ch08JudgeView(ctx);
            // The page is held at this width whatever size an earlier test left the shared stage at.
            view.setMaxWidth(width);
            var scene = new Scene(new StackPane(view), width, 800);
            scene.getStylesheets().add(Ch08JudgeView.class.getResource("/br/lncc/llm/ui/theme.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
            // The ScrollPane's content joins the scene graph with its skin: build it now, so lookups
            // work even when an earlier test class left the stage showing.
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            @SuppressWarnings("unchecked")
            var model = (ComboBox<JudgeChoice>) view.lookup("#judge-model");
            model.getItems().stream().filter(c -> c instanceof JudgeChoice.RandomTiny).findFirst()
                    .ifPresent(model.getSelectionModel()::select);
            return view;
        });
    }

    private static String text(Ch08JudgeView view, String id) throws Exception {
        return fx(() -> ((Label) view.lookup("#" + id)).getText());
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (fx(condition::getAsBoolean)) return;
            Thread.sleep(30);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void judgesTheBuiltInPairsAndShowsVerdictsRatesAndTheExactPrompt() throws Exception {
        var view = show();
        assertTrue(text(view, "judge-model-note").startsWith("Pesos aleatórios: este juiz decide ao acaso"));
        fx(() -> {
            ((Button) view.lookup("#judge-run")).fire();
            return null;
        });
        waitUntil(() -> !view.lookup("#judge-run").isDisabled(), "the run to finish");
        assertEquals(8 * 3 * 2, (int) fx(() -> view.trials().size()));
        assertTrue(text(view, "judge-status").startsWith("48 julgamentos com qwen2-tiny"), text(view, "judge-status"));
        String flips = text(view, "judge-bar-position-value");
        assertTrue(flips.matches("\\d+/24 = \\d+% \\(IC 95%: \\d+% a \\d+%\\)"), flips);
        assertTrue(text(view, "judge-bar-accuracy-value").contains("/48"));
        String melhor = text(view, "judge-bar-wording-melhor-value");
        assertTrue(melhor.matches("\\d+/16 = \\d+% \\(IC 95%: \\d+% a \\d+%\\); 1ª posição \\d+/16"), melhor);
        assertTrue(text(view, "judge-margin").contains("teste binomial exato contra 0,5"), text(view, "judge-margin"));

        // The verdict cells are coloured by the answer chosen.
        int coloured = fx(() -> view.lookupAll(".judge-verdict-a").size() + view.lookupAll(".judge-verdict-b").size());
        assertTrue(coloured >= 8 * 6, "cells: " + coloured);

        // Selecting a cell shows that trial's prompt verbatim.
        var last = fx(() -> view.trials().get(47));
        String prompt = fx(() -> {
            ((JudgeVerdictTable) view.lookup("#judge-verdicts")).select(last);
            return ((TextArea) view.lookup("#judge-prompt")).getText();
        });
        assertEquals(last.prompt(), prompt);
        assertTrue(prompt.contains("<|im_start|>assistant\n") && prompt.contains("Melhor resposta (A ou B):"), prompt);
        assertTrue(text(view, "judge-prompt-detail").startsWith("Par 8, redação \"melhor\", ordem b-a"));
    }

    @Test
    void everyPairShowsWithoutScrollingWhenTheQuestionsWrapOnANarrowWindow() throws Exception {
        var view = show(640);
        waitUntil(() -> {
            view.applyCss();
            view.layout();
            var flow = (VirtualFlow<?>) view.lookup("#judge-verdicts .virtual-flow");
            var last = flow.getLastVisibleCell();
            return flow.getCellCount() == 8 && last != null && last.getIndex() == 7
                    && last.getBoundsInParent().getMaxY() <= flow.getHeight() + 0.5;
        }, "all eight pairs to show");
        // The questions wrap at this width, so the rows are taller than one line.
        double rowHeight = fx(() -> ((VirtualFlow<?>) view.lookup("#judge-verdicts .virtual-flow")).getFirstVisibleCell().getHeight());
        assertTrue(rowHeight > 40, "row height " + rowHeight);
    }

    @Test
    void cancellingKeepsTheFinishedTrialsAndBadRowsAreNamed() throws Exception {
        var view = show();
        // Many pairs, so the run is still going when Cancel arrives.
        fx(() -> {
            var table = (JudgePairsTable) view.lookup("#judge-pairs");
            var many = new ArrayList<JudgeFragility.Pair>();
            for (int i = 0; i < 10; i++) many.addAll(JudgeMaterial.pairs());
            table.setPairs(many);
            ((Button) view.lookup("#judge-run")).fire();
            return null;
        });
        waitUntil(() -> view.trials().size() >= 2, "two trials");
        fx(() -> {
            ((Button) view.lookup("#judge-cancel")).fire();
            return null;
        });
        waitUntil(() -> !view.lookup("#judge-run").isDisabled(), "the cancelled run to end");
        int kept = fx(() -> view.trials().size());
        assertTrue(kept >= 2 && kept < 80 * 3 * 2, "kept " + kept);
        assertTrue(text(view, "judge-status").startsWith("Cancelado: " + kept + " de 480"), text(view, "judge-status"));
        assertFalse(text(view, "judge-bar-first-value").startsWith("—"));

        String bad = fx(() -> {
            var table = (JudgePairsTable) view.lookup("#judge-pairs");
            table.getItems().get(1).answerB.set(" ");
            ((Button) view.lookup("#judge-run")).fire();
            return ((Label) view.lookup("#judge-message")).getText();
        });
        assertTrue(bad.startsWith("Entrada inválida: par 2:"), bad);
        assertEquals(kept, (int) fx(() -> view.trials().size()), "bad input leaves the last results alone");
    }
}
