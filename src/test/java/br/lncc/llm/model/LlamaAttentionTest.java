package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** What the attention capture shows for the Llama family: causal rows summing to 1, the sliding window. */
class LlamaAttentionTest {

    @Test
    void capturedRowsAreCausalDistributionsAndSlidingLayersSeeOnlyTheirWindow() throws Exception {
        long[] ids = LlamaFamilyReferenceTest.ids(LlamaFamilyReferenceTest.reference("qwen2-tiny-sliding"));
        try (CausalLm model = CausalLms.load(LlamaFamilyReferenceTest.fixture("qwen2-tiny-sliding"));
                NDManager scope = NDManager.newBaseManager()) {
            AttentionCapture capture = new AttentionCapture();
            model.forward(scope.create(ids, new Shape(1, ids.length)), null, false, capture);
            assertEquals(2, capture.layers().size());
            for (int layer = 0; layer < 2; layer++) {
                float[][] map = capture.map(layer, 7); // last head of the 8
                for (int q = 0; q < ids.length; q++) {
                    double sum = 0;
                    for (int k = 0; k < ids.length; k++) {
                        boolean visible = k <= q && (layer == 0 || q - k < 4); // layer 1 slides over 4 positions
                        if (!visible) assertEquals(0f, map[q][k], "layer " + layer + " q" + q + " k" + k);
                        sum += map[q][k];
                    }
                    assertEquals(1.0, sum, 1e-5);
                }
                assertTrue(map[ids.length - 1][0] > 0 == (layer == 0), "only the full layer sees position 0 from the end");
            }
        }
    }

    @Test
    void repeatedDecodingStepsLeaveNoArraysBehind() throws Exception {
        try (CausalLm model = CausalLms.load(LlamaFamilyReferenceTest.fixture("smollm3-tiny"));
                KvCache cache = model.newCache(KvCache.Layout.PREALLOCATED, 1)) {
            // The cache allocates its arrays on the first step (and replaces them when it grows): count after it.
            try (NDManager scope = NDManager.newBaseManager()) {
                model.forward(scope.create(new long[] {0}, new Shape(1, 1)), cache, true, null);
            }
            int before = model.manager().getManagedArrays().size();
            for (int step = 1; step < 200; step++) {
                try (NDManager scope = NDManager.newBaseManager()) {
                    model.forward(scope.create(new long[] {step % 250}, new Shape(1, 1)), cache, true, null);
                }
            }
            assertEquals(200, cache.length());
            assertEquals(before, model.manager().getManagedArrays().size(), "weights manager must not grow per step");
        }
    }
}
