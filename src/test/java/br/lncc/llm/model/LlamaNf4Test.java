package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.model.kernel.DecodeFormat;
import br.lncc.llm.model.kernel.PackedRows;
import br.lncc.llm.weights.quant.MemoryFootprint;
import br.lncc.llm.weights.quant.Nf4Weight;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** NF4 weights inside the Llama forward pass: exact decoding (bitsandbytes' layout), memory, and logits close to fp32. */
class LlamaNf4Test {

    @Test
    void packedRowsDecodeExactlyLikeBitsandbytesFlatLayout() {
        Random rng = new Random(3);
        float[] w = new float[96 * 64];
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian() * (i % 7 == 0 ? 3 : 1);
        for (boolean dq : new boolean[] {false, true}) {
            PackedRows q = (dq ? DecodeFormat.NF4_DOUBLE_QUANT : DecodeFormat.NF4).quantize(w, 96, 64);
            Nf4Weight reference = Nf4Weight.quantize(w, new long[] {96, 64}, 64, dq);
            assertArrayEquals(reference.dequantize(), q.dequantize(), 0f, "double quant " + dq);
            assertEquals(reference.footprint(), q.footprint(), "double quant " + dq);
        }
    }

    @Test
    void nf4LogitsStayCloseToFp32AndMemoryShrinks() throws Exception {
        var ref = LlamaFamilyReferenceTest.reference("qwen2-tiny");
        long[] ids = LlamaFamilyReferenceTest.ids(ref);
        try (Llama fp32 = Llama.load(LlamaFamilyReferenceTest.fixture("qwen2-tiny"));
                Llama nf4 = Llama.load(LlamaFamilyReferenceTest.fixture("qwen2-tiny"));
                NDManager scope = NDManager.newBaseManager()) {
            long before = nf4.weightsBytes();
            MemoryFootprint f = nf4.quantizeNf4(false);
            assertEquals(4.5, f.bitsPerWeight(), 1e-9, "4 bits per code + one fp32 absmax per 64");
            assertEquals(before - f.fp32Bytes() + f.bytes(), nf4.weightsBytes());
            float[] a = fp32.forward(scope.create(ids, new Shape(1, ids.length)), null, false, null).toFloatArray();
            float[] b = nf4.forward(scope.create(ids, new Shape(1, ids.length)), null, false, null).toFloatArray();
            double err = 0, norm = 0;
            for (int i = 0; i < a.length; i++) {
                err += (a[i] - b[i]) * (a[i] - b[i]);
                norm += a[i] * a[i];
            }
            double relative = Math.sqrt(err / norm);
            // The reference script quantizes the same matrices (blocks of 64, absmax, nearest NF4
            // code) in float64 and measures 0.320: random tiny models are fragile, real ones less so.
            double expected = ref.get("nf4_logits_relative_rms_error").asDouble();
            assertEquals(expected, relative, 0.005, "relative RMS error of the NF4 logits");
            long[] prompt = java.util.Arrays.copyOf(ids, 6);
            long[] noCache = LlamaFamilyReferenceTest.greedy(nf4, prompt, 6, null);
            try (KvCache cache = nf4.newCache(KvCache.Layout.PREALLOCATED, 1)) {
                assertArrayEquals(noCache, LlamaFamilyReferenceTest.greedy(nf4, prompt, 6, cache));
            }
        }
    }
}
