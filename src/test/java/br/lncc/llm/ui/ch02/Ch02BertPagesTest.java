package br.lncc.llm.ui.ch02;

import static br.lncc.llm.ui.lessons.PageHarness.fx;
import static org.junit.jupiter.api.Assertions.*;

import br.lncc.llm.model.SharedBert;
import br.lncc.llm.ui.lessons.PageHarness;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** The real-BERT pages on the embedded model: one analysis shared, layer/head switches only redraw. */
class Ch02BertPagesTest {
    private static BertSession session;
    private final PageHarness harness = new PageHarness();

    @BeforeAll
    static void toolkit() throws Exception {
        PageHarness.toolkit();
        session = BertSession.withModel(new br.lncc.llm.lesson.ch02.BertSentenceAnalyzer(SharedBert.model(), SharedBert.tokenizer()));
    }

    @AfterEach
    void hide() throws Exception {
        harness.hide();
    }

    private void waitForResult() throws Exception {
        fx(() -> {
            session.analyseIfNeeded(harness.context());
            return null;
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> session.resultProperty().get() != null
                && !session.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void rowClickListsTeddysTopFiveAndLayerSwitchRedrawsWithoutRecomputing() throws Exception {
        var view = fx(() -> new Ch02AttentionView(harness.context(), session));
        harness.show(view.root(), 1250, 900);
        waitForResult();
        var analysed = session.resultProperty().get();
        fx(() -> {
            view.heatmap().clickRow(3);
            return null;
        });
        var top = view.topTable();
        assertEquals("is", top.text(0, 2));
        assertEquals("0,1333", top.text(0, 3));
        assertEquals("[CLS]", top.text(1, 2));
        assertEquals("0,1318", top.text(1, 3));
        assertEquals("[SEP]", top.text(2, 2));
        assertEquals("0,1311", top.text(2, 3));
        assertEquals(".", top.text(3, 2));
        assertEquals("0,1176", top.text(3, 3));
        assertEquals("reading", top.text(4, 2));
        assertEquals("0,0869", top.text(4, 3));
        harness.snapshot("2.5-attention");

        double before = view.heatmap().value(3, 5);
        var times = new long[12];
        for (int l = 0; l < 12; l++) {
            final int layer = l;
            fx(() -> {
                view.select(layer, 11 - layer);
                return null;
            });
            times[l] = view.lastRenderNanos();
        }
        java.util.Arrays.sort(times);
        fx(() -> {
            view.select(11, 0);
            return null;
        });
        assertNotEquals(before, view.heatmap().value(3, 5), "layer 11 differs from layer 0");
        assertEquals(analysed.attentions()[11][0][3][5], view.heatmap().value(3, 5), 1e-6);
        assertSame(analysed, session.resultProperty().get(), "switching layer/head does not rerun the model");
        System.out.printf("[bench] layer/head switch, 11 tokens: median %.2f ms, worst %.2f ms%n", times[6] / 1e6,
                times[11] / 1e6);
    }

    @Test
    void tokenEmbeddingAndPcaPagesDrawTheSameAnalysis() throws Exception {
        var tokens = fx(() -> new Ch02TokenizationView(harness.context(), session));
        harness.show(tokens.root(), 1200, 800);
        waitForResult();
        var table = (br.lncc.llm.ui.lessons.NumberTable) tokens.root().lookup("#tokens-table");
        assertEquals("11389", table.text(3, 2));
        harness.snapshot("2.2-tokens");
        harness.hide();

        var embeddings = fx(() -> new Ch02EmbeddingsView(harness.context(), session));
        harness.show(embeddings.root(), 1300, 800);
        var proof = (Label) embeddings.root().lookup("#embeddings-proof");
        assertTrue(proof.getText().contains("\"a\"") && proof.getText().contains("1") && proof.getText().contains("7"),
                proof.getText());
        harness.snapshot("2.3-embeddings");
        harness.hide();

        // A narrow page (presenter scale, a small window): the tables scroll sideways on their own and
        // the page stays as wide as its viewport, so the title, text and Analyse button are not cut.
        var presenter = fx(() -> new Ch02EmbeddingsView(harness.context(), session));
        var page = (javafx.scene.control.ScrollPane) presenter.root();
        harness.showAtScale(page, 1.5, 800, 800);
        double[] widths = PageHarness.contentAndViewportWidth(page);
        assertTrue(widths[0] <= widths[1] + 1, "page content " + widths[0] + " px in a " + widths[1] + " px viewport");
        harness.hide();

        var pca = fx(() -> new Ch02PcaView(harness.context(), session));
        harness.show(pca.root(), 1100, 900);
        fx(() -> {
            pca.arrowsBox().setSelected(true);
            return null;
        });
        assertFalse(pca.shownArrows().isEmpty());
        for (var a : pca.shownArrows()) assertTrue(a.weight() >= 0.12 && a.from() != a.to());
        harness.snapshot("2.4.7-pca");
    }

    @Test
    void aNarrowPageShowsTheTopKWeightsWholeBesideTheHeatmap() throws Exception {
        var view = fx(() -> new Ch02AttentionView(harness.context(), session));
        harness.show(view.root(), 760, 800);
        waitForResult();
        fx(() -> {
            view.heatmap().clickRow(3);
            return null;
        });
        var top = view.topTable();
        String hiddenBy = fx(() -> {
            for (javafx.scene.Parent p = top.getParent(); p != null && p != view.root(); p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane) return "a sideways scroller";
            }
            var page = (javafx.scene.control.ScrollPane) view.root();
            var shown = top.localToScene(top.getLayoutBounds());
            var viewport = page.localToScene(page.getLayoutBounds());
            return shown.getMaxX() <= viewport.getMaxX() + 0.5 ? null : "the page's edge: " + shown.getMaxX() + " > " + viewport.getMaxX();
        });
        assertEquals(null, hiddenBy, "the weights column is hidden by " + hiddenBy);
        assertEquals("0,1333", top.text(0, 3));
    }

    @Test
    void anEmbeddingPreviewNeverSeparatesDecimalCommasWithCommas() throws Exception {
        float[] row = {0.5f, -0.25f, 0.125f, 1f, 2f, -3f, 0.0136f};
        var app = br.lncc.llm.ui.I18n.app();
        try {
            fx(() -> {
                app.setLocale(br.lncc.llm.ui.I18n.PT_BR);
                return null;
            });
            assertEquals("[0,5000; -0,2500; 0,1250; …; 2,0000; -3,0000; 0,0136]", Ch02EmbeddingsView.preview(row));
            fx(() -> {
                app.setLocale(br.lncc.llm.ui.I18n.ENGLISH);
                return null;
            });
            assertEquals("[0.5000, -0.2500, 0.1250, …, 2.0000, -3.0000, 0.0136]", Ch02EmbeddingsView.preview(row));
        } finally {
            fx(() -> {
                app.setLocale(br.lncc.llm.ui.I18n.PT_BR);
                return null;
            });
        }
    }

    @Test
    void emptySentenceKeepsLastResultWithMessage() throws Exception {
        var view = fx(() -> new Ch02TokenizationView(harness.context(), session));
        harness.show(view.root(), 1000, 700);
        waitForResult();
        var last = session.resultProperty().get();
        fx(() -> {
            session.sentenceProperty().set("   ");
            session.analyse(harness.context());
            return null;
        });
        assertSame(last, session.resultProperty().get());
        assertTrue(session.errorProperty().get().contains("vazio"));
        fx(() -> {
            session.sentenceProperty().set(last.text());
            return null;
        });
    }

    @Test
    void fiveHundredTwelveTokenSentenceStaysUsable() throws Exception {
        var longSession = BertSession.withModel(new br.lncc.llm.lesson.ch02.BertSentenceAnalyzer(SharedBert.model(), SharedBert.tokenizer()));
        var sentence = br.lncc.llm.lesson.ch02.SharedSentences.longText();
        var view = fx(() -> {
            longSession.sentenceProperty().set(sentence.text());
            longSession.resultProperty().set(sentence);
            return new Ch02AttentionView(harness.context(), longSession);
        });
        harness.show(view.root(), 1250, 800);
        assertEquals(512, sentence.length());
        assertEquals(Ch02AttentionView.WINDOW, view.heatmap().rows(), "the big map shows a window of the 512 tokens");
        var times = new long[12];
        for (int l = 0; l < 12; l++) {
            final int layer = l;
            fx(() -> {
                view.select(layer, layer);
                return null;
            });
            times[l] = view.lastRenderNanos();
        }
        fx(() -> {
            view.heatmap().clickRow(10);
            return null;
        });
        assertEquals(5, view.topTable().toCsv().rows().size());
        java.util.Arrays.sort(times);
        System.out.printf("[bench] 512 tokens: layer/head switch median %.1f ms, worst %.1f ms%n", times[6] / 1e6, times[11] / 1e6);
    }
}
