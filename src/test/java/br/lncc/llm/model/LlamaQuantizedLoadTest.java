package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.model.kernel.DecodeFormat;
import org.junit.jupiter.api.Test;

/** Loading straight into a packed format gives the model that loading in float32 and then quantizing gives. */
class LlamaQuantizedLoadTest {

    @Test
    void loadingPackedEqualsLoadingThenQuantizing() {
        var folder = LlamaFamilyReferenceTest.fixture("qwen2-tiny");
        long[] ids = {3, 14, 15, 92, 65};
        for (DecodeFormat f : new DecodeFormat[] {DecodeFormat.INT8, DecodeFormat.INT4, DecodeFormat.NF4}) {
            try (Llama direct = Llama.load(folder, f); Llama later = Llama.load(folder); NDManager scope = NDManager.newBaseManager()) {
                later.quantize(f, false);
                assertEquals(later.packedFootprint(), direct.packedFootprint(), f.cliName());
                assertEquals(later.weightsBytes(), direct.weightsBytes(), f.cliName());
                assertEquals(later.parameters().keySet(), direct.parameters().keySet(), "only float32 tensors are listed");
                assertTrue(direct.quantized());
                float[] a = later.forward(scope.create(ids, new Shape(1, ids.length)), null, false, null).toFloatArray();
                float[] b = direct.forward(scope.create(ids, new Shape(1, ids.length)), null, false, null).toFloatArray();
                assertArrayEquals(a, b, 0f, f.cliName() + ": the same codes and scales");
                try (KvCache c1 = later.newCache(KvCache.Layout.PREALLOCATED, 1); KvCache c2 = direct.newCache(KvCache.Layout.PREALLOCATED, 1)) {
                    assertArrayEquals(LlamaFamilyReferenceTest.greedy(later, ids, 5, c1), LlamaFamilyReferenceTest.greedy(direct, ids, 5, c2));
                }
                direct.quantize(f, true); // a model loaded packed still takes an INT8 lm_head
            }
        }
    }
}
