package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real BERT-base against the book's and notebook N1's numbers (inventory, "### BERT"). */
class BertTest {

    static final String SENTENCE = "A cute teddy bear is reading a book.";
    static final long[] IDS = {101, 1037, 10140, 11389, 4562, 2003, 3752, 1037, 2338, 1012, 102};
    static BertOutput out;
    static String[] tokens;

    @BeforeAll
    static void runOnce() {
        var enc = SharedBert.tokenizer().encode(SENTENCE);
        tokens = enc.tokens();
        long t = System.nanoTime();
        out = SharedBert.model().forward(enc.ids(), enc.typeIds(), BertRequest.EVERYTHING);
        long first = System.nanoTime() - t;
        t = System.nanoTime();
        SharedBert.model().forward(enc.ids(), enc.typeIds(), BertRequest.MINIMAL);
        long warm = System.nanoTime() - t;
        System.out.printf("[measure] BERT unpack %d ms (-1 = already unpacked), load %d ms, forward(11 tokens, everything) %.1f ms first, %.1f ms warm minimal%n",
                br.lncc.llm.weights.EmbeddedBertFixture.unpackMillis(), SharedBert.loadMillis(), first / 1e6, warm / 1e6);
    }

    @Test
    void tokenizesTheBookSentence() {
        assertArrayEquals(IDS, out.tokens());
    }

    @Test
    void attentionHasShape1x12x11x11AndRowsSumToOne() {
        assertEquals(12, out.attentions().length);
        assertArrayEquals(new int[] {1, 12, 11, 11}, out.attentionShape());
        for (float[][][] layer : out.attentions()) {
            for (float[][] head : layer) {
                for (float[] row : head) {
                    double s = 0;
                    for (float v : row) s += v;
                    assertEquals(1.0, s, 1e-5);
                }
            }
        }
    }

    /** Book figure / N1.10: layer 0, head 0, 'teddy' (position 3) top-5; tolerance 5e-4. */
    @Test
    void teddyAttendsAsInTheBook() {
        float[] row = out.attentions()[0][0][3];
        int[] top = IntStream.range(0, row.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -row[i])).limit(5).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(new int[] {5, 0, 10, 9, 6}, top);
        assertEquals(0.1333, row[5], 5e-4);
        assertEquals(0.1318, row[0], 5e-4);
        assertEquals(0.1311, row[10], 5e-4);
        assertEquals(0.1176, row[9], 5e-4);
        assertEquals(0.0869, row[6], 5e-4);
        assertEquals("teddy", tokens[3]);
    }

    /** N1.09: the layer 0 / head 0 heatmap's maximum is [CLS] → [SEP], ≈ 0.27; the scale starts ≈ 0.02. */
    @Test
    void layer0Head0MaximumIsClsToSep() {
        float[][] a = out.attentions()[0][0];
        int bestQ = 0;
        int bestK = 0;
        float min = 1;
        for (int q = 0; q < 11; q++) {
            for (int k = 0; k < 11; k++) {
                if (a[q][k] > a[bestQ][bestK]) {
                    bestQ = q;
                    bestK = k;
                }
                min = Math.min(min, a[q][k]);
            }
        }
        assertEquals(0, bestQ);
        assertEquals(10, bestK);
        assertEquals(0.27, a[0][10], 0.01);
        assertEquals(0.02, min, 0.01);
    }

    /** N1.06 printouts: first 3 and last 3 values of rows 0, 1, 2, 8, 9, 10 (torch's 4-digit print; tolerance 6e-5). */
    @Test
    void embeddingTablesMatchTheNotebookPrintout() {
        var e = out.embeddings();
        double[][] token = {
            {0.0136, -0.0265, -0.0235, 0.0087, 0.0071, 0.0151}, {0.0152, 0.0082, 0.0043, -0.0031, -0.0055, 0.0189},
            {-0.1190, -0.0111, 0.0389, -0.0407, 0.0097, -0.0232}, {0.0035, -0.0230, 0.0385, -0.0345, -0.0429, -0.0096},
            {-0.0207, -0.0020, -0.0118, 0.0128, 0.0200, 0.0259}, {-0.0145, -0.0100, 0.0060, -0.0250, 0.0046, -0.0015}};
        double[][] position = {
            {1.7505e-02, -2.5631e-02, -3.6642e-02, 3.3437e-05, 6.8312e-04, 1.5441e-02},
            {7.7580e-03, 2.2613e-03, -1.9444e-02, 2.8910e-02, 2.9753e-02, -5.3247e-03},
            {-1.1287e-02, -1.9644e-03, -1.1573e-02, 1.4908e-02, 1.8741e-02, -7.3140e-03},
            {2.0350e-03, -1.4569e-02, -1.4560e-02, 1.4465e-02, 1.0401e-02, 3.7587e-03},
            {6.4402e-03, -3.3601e-03, -1.6502e-02, 2.5114e-02, -1.1975e-03, 4.5149e-03},
            {-9.6208e-03, -2.1375e-03, -1.1794e-02, 2.4868e-02, 1.2836e-02, 1.2238e-02}};
        double[] segment = {0.0004, 0.0110, 0.0037, -0.0066, -0.0034, -0.0086};
        double[][] sum = {
            {0.0316, -0.0411, -0.0564, 0.0021, 0.0044, 0.0219}, {0.0234, 0.0214, -0.0114, 0.0192, 0.0208, 0.0050},
            {-0.1299, -0.0021, 0.0310, -0.0324, 0.0251, -0.0392}, {0.0060, -0.0266, 0.0276, -0.0267, -0.0358, -0.0145},
            {-0.0139, 0.0056, -0.0246, 0.0313, 0.0155, 0.0217}, {-0.0237, -0.0011, -0.0021, -0.0068, 0.0141, 0.0021}};
        int[] rows = {0, 1, 2, 8, 9, 10};
        for (int r = 0; r < rows.length; r++) {
            assertEdges(token[r], e.token()[rows[r]], 6e-5, "token row " + rows[r]);
            assertEdges(position[r], e.position()[rows[r]], 6e-7, "position row " + rows[r]);
            assertEdges(segment, e.segment()[rows[r]], 6e-5, "segment row " + rows[r]);
            assertEdges(sum[r], e.sum()[rows[r]], 6e-5, "sum row " + rows[r]);
        }
        assertEquals(768, e.token()[0].length);
        assertEquals(11, e.sum().length);
    }

    /** Cap. 2.4: the two 'a' share the token-table row, but position makes their sums differ. */
    @Test
    void theTwoAsShareTokenRowsButNotSums() {
        var e = out.embeddings();
        assertEquals("a", tokens[1]);
        assertEquals("a", tokens[7]);
        assertArrayEquals(e.token()[1], e.token()[7]);
        assertNotEquals(Arrays.toString(e.sum()[1]), Arrays.toString(e.sum()[7]));
    }

    @Test
    void hiddenStatesOfEveryLayerAndPooler() {
        assertEquals(13, out.hiddenStates().length);
        assertArrayEquals(out.lastHidden()[4], out.hiddenStates()[12][4]);
        assertEquals(768, out.pooled().length);
        for (float v : out.pooled()) assertTrue(Math.abs(v) <= 1f);
        // LayerNorm output: each row has mean ≈ β-weighted and is not the raw sum.
        assertNotEquals(out.embeddings().sum()[0][0], out.hiddenStates()[0][0][0]);
    }

    @Test
    void fillMaskFindsParis() {
        var enc = SharedBert.tokenizer().encode("the capital of france is [MASK].");
        int mask = Arrays.asList(enc.tokens()).indexOf("[MASK]");
        var r = SharedBert.model().forward(enc.ids(), BertRequest.maskedLm(mask));
        float[] logits = r.mlmLogits()[0];
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        assertEquals("paris", SharedBert.tokenizer().decode(new long[] {best}));
    }

    @Test
    void refusesInputsOutsideTheModel() {
        var bert = SharedBert.model();
        assertThrows(ModelException.class, () -> bert.forward(new long[0], BertRequest.MINIMAL));
        assertThrows(ModelException.class, () -> bert.forward(new long[513], BertRequest.MINIMAL));
        assertThrows(ModelException.class, () -> bert.forward(new long[] {101, 40000, 102}, BertRequest.MINIMAL));
        assertThrows(ModelException.class, () -> bert.forward(new long[] {101, 102}, BertRequest.maskedLm(5)));
    }

    private static void assertEdges(double[] expected, float[] row, double tol, String what) {
        int n = row.length;
        float[] actual = {row[0], row[1], row[2], row[n - 3], row[n - 2], row[n - 1]};
        for (int i = 0; i < 6; i++) {
            double t = Math.abs(expected[i]) < 1e-3 && tol < 1e-5 ? 6e-9 : tol;
            assertEquals(expected[i], actual[i], Math.max(t, Math.abs(expected[i]) * 5e-5), what + " value " + i + " of " + Arrays.toString(actual));
        }
    }
}
