package br.lncc.llm.ui.ch02;

import static br.lncc.llm.ui.lessons.PageHarness.fx;
import static org.junit.jupiter.api.Assertions.*;

import br.lncc.llm.lesson.ch02.SelfAttentionSteps;
import br.lncc.llm.ui.lessons.MatrixCard;
import br.lncc.llm.ui.lessons.PageHarness;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Ch02WorkedPagesTest {
    private final PageHarness harness = new PageHarness();

    @BeforeAll
    static void toolkit() throws Exception {
        PageHarness.toolkit();
    }

    @AfterEach
    void hide() throws Exception {
        harness.hide();
    }

    @Test
    void editingEmbeddingsRecomputesAttentionAndBadInputKeepsLastResult() throws Exception {
        var view = fx(() -> new Ch02WorkedAttentionView(harness.context()));
        harness.show(view.root(), 1100, 800);
        fx(() -> {
            view.revealedProperty().set(Ch02WorkedAttentionView.STEPS);
            return null;
        });
        MatrixCard a = (MatrixCard) view.root().lookup("#worked-A");
        // The app's language decides the decimal separator, and a switch redraws the card (#19).
        assertEquals("0,33", fx(() -> a.cellText(1, 0)));
        assertEquals("0,67", fx(() -> a.cellText(1, 1)));
        try {
            fx(() -> {
                br.lncc.llm.ui.I18n.app().setLocale(br.lncc.llm.ui.I18n.ENGLISH);
                return null;
            });
            assertEquals("0.33", fx(() -> a.cellText(1, 0)));
        } finally {
            fx(() -> {
                br.lncc.llm.ui.I18n.app().setLocale(br.lncc.llm.ui.I18n.PT_BR);
                return null;
            });
        }
        harness.snapshot("2.8-worked-example");

        // reads = [0, 2]: QKᵀ = [[1, 0], [0, 4]]
        TextArea e = (TextArea) view.root().lookup("#worked-E-editor .text-area");
        fx(() -> {
            e.setText("1 0\n0 1\n0 2\n-1 1");
            return null;
        });
        SelfAttentionSteps s = view.resultProperty().get();
        assertArrayEquals(new double[] {0, 4}, s.scores()[1], 1e-12);
        assertEquals("0,94", fx(() -> a.cellText(1, 1)));

        // A typo: inline message, last good result stays
        fx(() -> {
            e.setText("1 0\n0 1\n0 x\n-1 1");
            return null;
        });
        assertSame(s, view.resultProperty().get());
        Label error = (Label) view.root().lookup("#worked-E-editor .lesson-error");
        assertTrue(error.isVisible() && error.getText().contains("\"x\""), error.getText());

        // Unknown word in the sentence
        TextField sentence = (TextField) view.root().lookup("#worked-sentence");
        fx(() -> {
            sentence.setText("teddy flies");
            return null;
        });
        assertSame(s, view.resultProperty().get());
        fx(() -> {
            sentence.setText("bear sleeps reads");
            return null;
        });
        assertEquals(3, view.resultProperty().get().tokens().size());
    }

    @Test
    void stepButtonRevealsOneStepAtATime() throws Exception {
        var view = fx(() -> new Ch02WorkedAttentionView(harness.context()));
        harness.show(view.root(), 1000, 700);
        assertEquals(1, view.revealedProperty().get());
        Button next = (Button) view.root().lookup("#worked-next");
        fx(() -> {
            next.fire();
            next.fire();
            return null;
        });
        assertEquals(3, view.revealedProperty().get());
        assertFalse(view.root().lookup("#worked-Z").isVisible() && view.root().lookup("#worked-Z").getParent().isVisible());

        // Each new step is scrolled into view (2.8: the class should not have to hunt for it)
        var scroll = (javafx.scene.control.ScrollPane) view.root();
        double before = scroll.getVvalue();
        for (int i = 0; i < 4; i++) {
            fx(() -> {
                next.fire();
                return null;
            });
        }
        assertTrue(scroll.getVvalue() > before, "vvalue " + scroll.getVvalue());
    }

    @Test
    void multiHeadResidualAddsHeadsOutputToX() throws Exception {
        var view = fx(() -> new Ch02MultiHeadView(harness.context()));
        harness.show(view.root(), 1100, 800);
        double e = Math.E;
        assertArrayEquals(new double[] {2, 1 + e / (1 + e)}, view.resultProperty().get().residual()[1], 1e-12);
        MatrixCard residual = (MatrixCard) view.root().lookup("#multihead-residual");
        assertEquals("1,731", fx(() -> residual.cellText(1, 1)));
        harness.snapshot("2.7-multihead");
    }

    @Test
    void feedForwardPageShowsNotebookWeightsAndNormalisesEachToken() throws Exception {
        var view = fx(() -> new Ch02FeedForwardNormView(harness.context()));
        harness.show(view.root(), 1200, 800);
        var p = view.resultProperty().get();
        // N1.20 dense output, token 0
        assertArrayEquals(new double[] {-0.1103, -0.0910, 0.1237, 0.0754}, p.ffn().output()[0], 6e-5);
        double[] y = p.postNorm().output()[0];
        assertEquals(0, (y[0] + y[1] + y[2] + y[3]) / 4, 1e-9);
        harness.snapshot("2.9-ffn-layernorm");
        @SuppressWarnings("unchecked")
        var seed = (javafx.scene.control.Spinner<Integer>) view.root().lookup("#ffn-seed");
        fx(() -> {
            seed.getValueFactory().setValue(1);
            return null;
        });
        assertNotEquals(p, view.resultProperty().get());
    }
}
