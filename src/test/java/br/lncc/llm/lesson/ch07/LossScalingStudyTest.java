package br.lncc.llm.lesson.ch07;

import br.lncc.llm.train.Gpt2Weights;
import br.lncc.llm.train.SftDataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Cap. 7.9: float16 without loss scaling, on exact values and on the real gradients of the tiny GPT-2. */
class LossScalingStudyTest {

    @Test
    void float16RoundsBelowTwoToTheMinus25ToZeroAndAbove65504ToInfinity() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = {
                (float) Math.scalb(1.0, -26),           // below half the smallest subnormal: 0
                (float) Math.scalb(1.0, -25),           // exactly half: ties to even, 0
                (float) Math.scalb(1.5, -25),           // above half: 2⁻²⁴
                (float) Math.scalb(1.0, -24),           // smallest subnormal
                (float) Math.scalb(1.0, -15),           // subnormal
                (float) Math.scalb(1.0, -14),           // smallest normal
                65504f,                                  // largest finite
                65520f,                                  // rounds up to ∞
                -1e-9f                                   // sign does not matter: 0
            };
            var row = LossScalingStudy.castCounts(m.create(v), 0);
            assertEquals(9, row.total());
            assertEquals(3, row.zero());
            assertEquals(3, row.subnormal());
            assertEquals(1, row.overflow());
            // ×2⁸: everything moves eight binades up, nothing underflows, more overflows.
            var scaled = LossScalingStudy.castCounts(m.create(v), 8);
            assertEquals(0, scaled.zero());
            assertEquals(2, scaled.overflow());
        }
    }

    @Test
    void underflowFallsWithTheScaleUntilOverflowAppears() {
        Path tiny = Path.of("src/test/resources/fixtures/gpt2-tiny");
        SftDataset data;
        try (var tok = TextTokenizer.fromFolder(tiny)) {
            data = SftDataset.tokenize(SftDataset.bookRows(), tok, 256, 319);
        }
        int[] scales = new int[41];
        for (int i = 0; i < scales.length; i++) scales[i] = i;
        try (Gpt2 model = Gpt2.load(tiny)) {
            float[] before = model.parameters().get("h.0.attn.c_attn.weight").toFloatArray();
            var r = LossScalingStudy.run(Gpt2Weights.of(model), data, 2, scales, 40, ProgressSink.NONE);
            assertTrue(Double.isFinite(r.loss()) && r.parameters() == model.config().uniqueParameters());
            var at1 = r.rows().get(0);
            assertTrue(at1.zero() > 0, "without scaling some gradients underflow to 0: " + at1);
            assertEquals(0, at1.overflow());
            int safe = r.largestSafeLog2();
            assertTrue(safe > 0 && safe < 40, "safe " + safe);
            for (int k = 1; k < scales.length; k++) {
                var prev = r.rows().get(k - 1);
                var row = r.rows().get(k);
                assertTrue(row.zero() <= prev.zero(), "zeros never grow with S: " + prev + " → " + row);
                assertEquals(k <= safe, row.overflow() == 0, "overflow starts right after 2^" + safe + ": " + row);
            }
            assertTrue(r.rows().get(safe).zero() < at1.zero());
            assertTrue(r.rows().get(safe).relativeError() < at1.relativeError());
            assertTrue(r.minAbs() < Math.scalb(1.0, -25), "the smallest gradient is below float16's reach: " + r.minAbs());
            // The dynamic scaler halves S after each overflow and stops at the largest safe scale.
            var last = r.scaler().get(r.scaler().size() - 1);
            assertEquals(safe, last.log2Scale());
            assertTrue(!last.skipped() && last.overflow() == 0);
            assertEquals(40 - safe + 1, r.scaler().size());
            r.scaler().subList(0, r.scaler().size() - 1).forEach(s -> assertTrue(s.skipped() && s.overflow() > 0));
            // Measuring does not train.
            assertEquals(java.util.Arrays.toString(before),
                    java.util.Arrays.toString(model.parameters().get("h.0.attn.c_attn.weight").toFloatArray()));
            assertTrue(!model.parameters().get("h.0.attn.c_attn.weight").hasGradient()
                    || model.parameters().get("h.0.attn.c_attn.weight").getGradient().abs().sum().getFloat() == 0);
        }
    }
}
