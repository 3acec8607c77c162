package br.lncc.llm.lesson.ch02;

import static org.junit.jupiter.api.Assertions.*;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.model.SharedBert;
import br.lncc.llm.task.ProgressSink;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The book sentence through the real embedded BERT-base against notebook N1's recorded numbers. */
class BertSentenceAnalyzerTest {
    /** Torch prints 4 decimals; GPU vs CPU float differences stay well inside half a unit. */
    private static final double PRINTED = 5e-5 + 2e-6;
    private static BertSentence s;

    @BeforeAll
    static void analyse() {
        s = SharedSentences.book();
    }

    @Test
    void tokensIdsAndMaskMatchCap2_2() {
        assertEquals(List.of("[CLS]", "a", "cute", "teddy", "bear", "is", "reading", "a", "book", ".", "[SEP]"), s.tokens());
        assertArrayEquals(new long[] {101, 1037, 10140, 11389, 4562, 2003, 3752, 1037, 2338, 1012, 102}, s.ids());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, s.attentionMask());
        assertArrayEquals(new long[11], s.typeIds());
        assertFalse(s.truncated());
    }

    @Test
    void embeddingPrintoutsMatchN1_06() {
        float[] tok0 = s.tokenEmbeddings()[0];
        assertEquals(0.0136, tok0[0], PRINTED);
        assertEquals(-0.0265, tok0[1], PRINTED);
        assertEquals(0.0151, tok0[767], PRINTED);
        assertEquals(-0.1190, s.tokenEmbeddings()[2][0], PRINTED);
        assertEquals(1.7505e-02, s.positionEmbeddings()[0][0], 5e-7);
        assertEquals(3.3437e-05, s.positionEmbeddings()[0][765], 5e-9);
        assertEquals(-9.6208e-03, s.positionEmbeddings()[10][0], 5e-8);
        for (float[] row : s.segmentEmbeddings()) {
            assertEquals(0.0004, row[0], PRINTED);
            assertEquals(0.0110, row[1], PRINTED);
            assertEquals(-0.0086, row[767], PRINTED);
        }
        assertEquals(0.0316, s.sumEmbeddings()[0][0], PRINTED);
        assertEquals(-0.0564, s.sumEmbeddings()[0][2], PRINTED);
        assertEquals(0.0021, s.sumEmbeddings()[10][767], PRINTED);
    }

    @Test
    void bothArticlesShareTheTokenRowButNotTheInputVector() {
        var r = s.repeated();
        assertEquals("a", r.token());
        assertEquals(1, r.first());
        assertEquals(7, r.second());
        assertEquals(0, r.tokenRowMaxDiff(), 0);
        assertTrue(r.sumRowDistance() > 0.1, "distance " + r.sumRowDistance());
        assertEquals(r.positionRowDistance(), r.sumRowDistance(), 1e-5);
    }

    @Test
    void teddyTopFiveAtLayer0Head0MatchesN1_10() {
        assertEquals(12, s.layers());
        assertEquals(12, s.heads());
        var hits = AttentionInspector.topK(s.attention(0, 0), s.tokens(), 3, 5);
        assertEquals(List.of(5, 0, 10, 9, 6), hits.stream().map(AttentionInspector.Hit::position).toList());
        double[] weights = {0.1333, 0.1318, 0.1311, 0.1176, 0.0869};
        for (int i = 0; i < 5; i++) assertEquals(weights[i], hits.get(i).weight(), PRINTED);
        for (int l = 0; l < s.layers(); l++) {
            for (double sum : AttentionInspector.rowSums(s.attention(l, 0))) assertEquals(1, sum, 1e-5);
        }
        // N1.09: the largest cell of layer 0 / head 0 is [CLS] → [SEP], ≈ 0.27 (read off the figure)
        double[][] a = s.attention(0, 0);
        int bi = 0, bj = 0;
        for (int i = 0; i < 11; i++) for (int j = 0; j < 11; j++) if (a[i][j] > a[bi][bj]) { bi = i; bj = j; }
        assertEquals(0, bi);
        assertEquals(10, bj);
        assertEquals(0.27, a[bi][bj], 0.01);
    }

    @Test
    void pcaPutsClsApartAsTheRecordedFigure() {
        var p = s.pca();
        // Read off the recorded figure (approximate): [CLS] at PC1 ≈ −3.65, PC2 ≈ 0; the rest between 0.1 and 0.5
        assertEquals(-3.65, p.pc1(0), 0.1);
        assertEquals(0.0, p.pc2(0), 0.1);
        for (int i = 1; i < 10; i++) assertTrue(p.pc1(i) > 0.0 && p.pc1(i) < 0.6, "PC1 of " + s.tokens().get(i) + " = " + p.pc1(i));
        assertEquals(0.85, p.pc2(3), 0.1); // teddy
        assertEquals(0.72, p.pc2(2), 0.1); // cute
        assertEquals(-0.40, p.pc2(9), 0.1); // .
        assertTrue(p.explainedVarianceRatio()[0] > p.explainedVarianceRatio()[1]);
    }

    @Test
    void longTextIsTruncatedWithNoticeAndEmptyTextRefused() {
        var analyzer = new BertSentenceAnalyzer(SharedBert.model(), SharedBert.tokenizer());
        var t = SharedSentences.longText();
        assertEquals(512, t.length());
        assertTrue(t.truncated());
        assertTrue(t.originalLength() > 5000, "5,000 words before truncation: " + t.originalLength());
        assertEquals("[SEP]", t.tokens().get(511));
        var e = assertThrows(LessonInputException.class, () -> analyzer.analyse("   ", ProgressSink.NONE));
        assertTrue(e.getMessage().contains("vazio"));
    }
}
