package br.lncc.llm.weights.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntegerQuantTest {

    @Test
    void int8RowwiseErrorIsAtMostAbsmaxOver254() {
        float[] v = Nf4WeightTest.gaussian(64 * 300, 7, 0.1);
        var w = Int8Weight.quantize(v, new long[] {64, 300});
        float[] back = w.dequantize();
        float[] absmax = w.rowAbsmax();
        for (int i = 0; i < v.length; i++) {
            assertTrue(Math.abs(back[i] - v[i]) <= absmax[i / 300] / 254.0 * (1 + 1e-5), "weight " + i);
        }
        assertEquals(8 + 32.0 / 300, w.footprint().bitsPerWeight(), 1e-12);
    }

    @Test
    void int4GroupsOf64UseLevelsMinus7To7() {
        float[] v = Nf4WeightTest.gaussian(10 * 100, 8, 1.0);
        var w = IntKWeight.quantize(v, new long[] {10, 100}, 4, 64);
        float[] back = w.dequantize();
        for (int i = 0; i < v.length; i++) {
            assertTrue(Math.abs(w.code(i)) <= 7);
            assertTrue(Math.abs(back[i] - v[i]) <= w.scaleOf(i) / 2 * (1 + 1e-5), "weight " + i);
        }
        // 1000 codes × 4 bits = 500 bytes; 10 rows × 2 groups (64 + 36) × fp32 scale.
        assertEquals(500, w.footprint().codeBytes());
        assertEquals(80, w.footprint().constantBytes());
    }

    @Test
    void int4ReproducesTheBooksRoundingWhenTheGroupAbsmaxIsAlpha() {
        // Cap. 7.4.9: α = 0.2, Δ = α/7, Q(0.16328) = 6Δ. A group whose absmax is 0.2 has that Δ.
        var w = IntKWeight.quantize(new float[] {0.16328f, 0.2f, -0.03322f}, new long[] {1, 3}, 4, 64);
        assertEquals(6, w.code(0));
        assertEquals(0.1714286, w.dequantize()[0], 1e-6);
    }

    @Test
    void otherWidthsPackTheirBits() {
        float[] v = Nf4WeightTest.gaussian(257, 9, 1.0);
        for (int bits = 2; bits <= 8; bits++) {
            var w = IntKWeight.quantize(v, new long[] {257}, bits, 32);
            int qmax = (1 << (bits - 1)) - 1;
            float[] back = w.dequantize();
            for (int i = 0; i < v.length; i++) {
                assertTrue(Math.abs(w.code(i)) <= qmax);
                assertTrue(Math.abs(back[i] - v[i]) <= w.scaleOf(i) / 2 * (1 + 1e-5), bits + " bits, weight " + i);
            }
            assertEquals((257 * bits + 7) / 8, w.footprint().codeBytes());
        }
    }
}
