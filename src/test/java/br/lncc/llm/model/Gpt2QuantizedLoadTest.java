package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.model.kernel.DecodeFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** GPT-2 loaded straight into a packed format is the model that loading in float32 and then quantizing gives. */
class Gpt2QuantizedLoadTest {

    @Test
    void loadingPackedEqualsLoadingThenQuantizing() {
        long[] ids = {3, 14, 15, 92, 65};
        for (Path folder : new Path[] {Gpt2Test.TINY, Gpt2Test.TINY_PREFIXED, Gpt2Test.TINY_BF16}) {
            for (DecodeFormat f : new DecodeFormat[] {DecodeFormat.INT8, DecodeFormat.INT4, DecodeFormat.NF4}) {
                String what = folder.getFileName() + " " + f.cliName();
                try (Gpt2 direct = (Gpt2) CausalLms.load(folder, f); Gpt2 later = Gpt2.load(folder);
                        NDManager scope = NDManager.newBaseManager()) {
                    later.quantize(f, false);
                    assertEquals(later.packedFootprint(), direct.packedFootprint(), what);
                    assertEquals(later.weightsBytes(), direct.weightsBytes(), what);
                    assertEquals(later.parameters().keySet(), direct.parameters().keySet(), "only float32 tensors are listed");
                    assertTrue(direct.quantized());
                    assertEquals(f, direct.format());
                    float[] a = later.forward(scope.create(ids, new Shape(1, ids.length)), null, false, null).toFloatArray();
                    float[] b = direct.forward(scope.create(ids, new Shape(1, ids.length)), null, false, null).toFloatArray();
                    assertArrayEquals(a, b, 0f, what + ": the same codes and scales");
                    try (KvCache c1 = later.newCache(KvCache.Layout.PREALLOCATED, 1);
                            KvCache c2 = direct.newCache(KvCache.Layout.PREALLOCATED, 1)) {
                        assertArrayEquals(LlamaFamilyReferenceTest.greedy(later, ids, 5, c1), LlamaFamilyReferenceTest.greedy(direct, ids, 5, c2),
                                what);
                    }
                    direct.quantize(f, true); // a model loaded packed still takes an INT8 lm_head
                }
            }
        }
    }
}
