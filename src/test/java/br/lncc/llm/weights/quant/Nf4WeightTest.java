package br.lncc.llm.weights.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class Nf4WeightTest {

    static float[] gaussian(int n, long seed, double std) {
        var rng = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (rng.nextGaussian() * std);
        return out;
    }

    @Test
    void blockwiseDecoderIsBitIdenticalToTheOneWeightDecoder() {
        for (int n : new int[] {1, 63, 64, 65, 1000, 4097}) {
            for (boolean dq : new boolean[] {false, true}) {
                for (int block : new int[] {2, 64}) {
                    var w = Nf4Weight.quantize(gaussian(n, n, 0.02), new long[] {n}, block, dq);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(w.dequantizeEachWeight(), w.dequantize(), 0f, n + " " + dq + " " + block);
                }
            }
        }
    }

    @Test
    void codeTableIsTheNormalQuantileConstruction() {
        float[] code = Nf4Code.values();
        assertEquals(16, code.length);
        assertEquals(-1f, code[0]);
        assertEquals(0f, code[Nf4Code.ZERO_INDEX]);
        assertEquals(1f, code[15]);
        for (int i = 0; i < 15; i++) assertTrue(code[i] < code[i + 1]);
        // bitsandbytes' recipe: 8 positive quantiles at linspace(δ', ½, 9)[:-1], 7 negative at
        // linspace(δ', ½, 8)[:-1], zero, all divided by the largest. float32 table: ±1e-6.
        var normal = new NormalDistribution(0, 1);
        double top = normal.inverseCumulativeProbability(Nf4Code.QUANTILE_OFFSET);
        for (int k = 0; k < 8; k++) {
            double p = Nf4Code.QUANTILE_OFFSET + k * (0.5 - Nf4Code.QUANTILE_OFFSET) / 8;
            assertEquals(normal.inverseCumulativeProbability(p) / top, code[15 - k], 1e-6, "positive " + k);
        }
        for (int k = 0; k < 7; k++) {
            double p = Nf4Code.QUANTILE_OFFSET + k * (0.5 - Nf4Code.QUANTILE_OFFSET) / 7;
            assertEquals(-normal.inverseCumulativeProbability(p) / top, code[k], 1e-6, "negative " + k);
        }
        assertEquals(0.15190, Nf4Code.maxHalfGap(), 1e-5); // between −1 and −0.6962
    }

    @Test
    void twoCodesPerByteFirstInTheHighNibble() {
        var w = Nf4Weight.quantize(new float[] {-1f, 1f}, new long[] {2}, 64, false);
        assertArrayEquals(new byte[] {(byte) 0x0F}, w.packed());
        var odd = Nf4Weight.quantize(new float[] {2f, -2f, 0.5f}, new long[] {3}, 64, false);
        // 2/2 → code 15, −1 → 0, 0.25 → nearest 0.2461 (index 10); the pad nibble is the zero code 7.
        assertArrayEquals(new byte[] {(byte) 0xF0, (byte) 0xA7}, odd.packed());
        assertEquals(10, odd.code(2));
        assertArrayEquals(new float[] {2f}, ((BlockScales.Fp32) odd.scales()).absmax());
    }

    @Test
    void blocksOf64RunOverTheFlattenedTensor() {
        float[] v = new float[130];
        for (int i = 0; i < v.length; i++) v[i] = (i % 64) - 20;
        v[64] = -99; // the second block's absmax, and it reaches no other block
        var w = Nf4Weight.quantize(v, new long[] {10, 13}, Nf4Weight.BLOCK_SIZE, false);
        assertArrayEquals(new float[] {43, 99, 20}, w.scales().values());
        assertEquals(65, w.packed().length);
        assertEquals(0, w.code(64)); // −99/99 = −1
        assertEquals(15, w.code(63)); // 43/43 = +1
        float[] back = w.dequantize();
        assertEquals(-99f, back[64]);
        assertEquals(43f, back[63]);
    }

    @Test
    void roundingErrorStaysWithinHalfTheCodeGapTimesAbsmax() {
        float[] v = gaussian(768 * 64, 1, 0.02);
        var w = Nf4Weight.quantize(v, new long[] {768, 64}, 64, false);
        float[] absmax = w.scales().values();
        float[] back = w.dequantize();
        for (int i = 0; i < v.length; i++) {
            double bound = Nf4Code.halfGapAround(w.code(i)) * absmax[i / 64] * (1 + 1e-6);
            assertTrue(Math.abs(back[i] - v[i]) <= bound, "weight " + i);
        }
        // Measured on N(0, 0.02²): relative RMS error ≈ 0.09; the absmax of each block is exact.
        var err = QuantError.between(v, back);
        assertTrue(err.relativeRms() < 0.11, "relative rms " + err.relativeRms());
        assertTrue(err.maxAbs() <= Nf4Code.maxHalfGap() * max(absmax) * (1 + 1e-6));
    }

    @Test
    void nf4BeatsUniformInt4OnNormalWeights() {
        float[] v = gaussian(256 * 256, 2, 1.0);
        double nf4 = QuantError.of(v, QuantFormat.NF4.quantize(v, 256, 256)).relativeRms();
        double int4 = QuantError.of(v, QuantFormat.INT4.quantize(v, 256, 256)).relativeRms();
        assertTrue(nf4 < int4, "NF4 " + nf4 + " vs INT4 " + int4);
    }

    @Test
    void doubleQuantizationKeepsConstantsWithinTheDynamicCodesBound() {
        float[] v = gaussian(1024 * 64, 3, 0.05);
        var plain = Nf4Weight.quantize(v, new long[] {1024, 64}, 64, false);
        var dq = Nf4Weight.quantize(v, new long[] {1024, 64}, 64, true);
        assertTrue(dq.doubleQuantized());
        float[] exact = plain.scales().values();
        var s = (BlockScales.DoubleQuantized) dq.scales();
        float[] approx = s.values();
        assertEquals(1024, approx.length);
        assertEquals(4, s.absmax2().length); // 1024 constants / 256
        double dyn = DynamicCode.maxHalfGap();
        assertEquals(0.00703125, dyn, 1e-6);
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            double bound = dyn * s.absmax2()[i / 256] * (1 + 1e-5) + 1e-9;
            assertTrue(Math.abs(approx[i] - exact[i]) <= bound, "constant " + i);
            worst = Math.max(worst, Math.abs(approx[i] - exact[i]) / exact[i]);
        }
        assertTrue(worst < 0.01, "worst relative constant error " + worst);
        // Same codes as without double quantization; only the scale changes.
        float[] back = dq.dequantize();
        for (int i = 0; i < v.length; i++) {
            assertEquals(plain.code(i), dq.code(i));
            double bound = Nf4Code.halfGapAround(dq.code(i)) * exact[i / 64] + Math.abs(approx[i / 64] - exact[i / 64]);
            assertTrue(Math.abs(back[i] - v[i]) <= bound * (1 + 1e-5) + 1e-9, "weight " + i);
        }
    }

    @Test
    void bitsPerWeightAre4Point5And4Point127WithDoubleQuant() {
        float[] v = gaussian(768 * 768, 4, 0.02);
        var plain = QuantFormat.NF4.quantize(v, 768, 768).footprint();
        assertEquals(4.5, plain.bitsPerWeight(), 1e-12);
        assertEquals(768L * 768 * 4, plain.fp32Bytes());
        var dq = QuantFormat.NF4_DOUBLE_QUANT.quantize(v, 768, 768).footprint();
        // 4 + 8/64 + 32/(64·256) + 32/589,824 (the offset) = 4.12701
        assertEquals(4 + 8.0 / 64 + 32.0 / (64 * 256) + 32.0 / (768 * 768), dq.bitsPerWeight(), 1e-12);
        assertEquals(4.127, dq.bitsPerWeight(), 5e-4);
        assertEquals(32.0 / 4.5, plain.compression(), 1e-9);
    }

    @Test
    void dynamicCodeHas256SortedValuesFromMinusOneToOne() {
        float[] d = DynamicCode.values();
        assertEquals(256, d.length);
        for (int i = 0; i < 255; i++) assertTrue(d[i] <= d[i + 1]);
        assertEquals(1f, d[255]);
        assertEquals(-0.99296875f, d[0], 1e-7f);
        assertEquals(0f, d[127]);
        assertEquals(1e-6 * 0.55, d[128], 1e-12); // smallest positive: 10⁻⁶ × midpoint of [0.1, 1]
        assertFalse(Float.isNaN(DynamicCode.value(DynamicCode.nearest(0.5f))));
    }

    @Test
    void dequantizesIntoAChildManagerForTheMatmul() {
        float[] v = gaussian(6 * 64, 5, 1);
        var w = QuantFormat.NF4_DOUBLE_QUANT.quantize(v, 6, 64);
        try (NDManager root = NDManager.newBaseManager();
                NDManager step = root.newSubManager()) {
            var x = step.ones(new ai.djl.ndarray.types.Shape(64, 1));
            var y = w.dequantize(step).matMul(x);
            assertArrayEquals(new long[] {6, 1}, y.getShape().getShape());
            float[] expected = w.dequantize();
            for (int r = 0; r < 6; r++) {
                double s = 0;
                for (int j = 0; j < 64; j++) s += expected[r * 64 + j];
                assertEquals(s, y.getFloat(r, 0), 1e-4);
            }
        }
    }

    @Test
    void nonFiniteOrMismatchedInputIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Nf4Weight.quantize(new float[] {1, Float.NaN}, new long[] {2}, 64, false));
        var e = assertThrows(IllegalArgumentException.class, () -> QuantFormat.NF4.quantize(new float[3], 2, 2));
        assertTrue(e.getMessage().contains("4 pesos"), e.getMessage());
        var zeros = Nf4Weight.quantize(new float[64], new long[] {64}, 64, true);
        assertArrayEquals(new float[64], zeros.dequantize());
    }

    private static float max(float[] a) {
        float m = 0;
        for (float x : a) m = Math.max(m, x);
        return m;
    }
}
