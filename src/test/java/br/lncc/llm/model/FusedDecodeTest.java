package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.model.kernel.DecodeFormat;
import br.lncc.llm.task.ProgressSink;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The pure-Java one-token step over the fused kernels against the libtorch forward pass of the same
 * model with the same (quantized) weights: logits of each step close, and greedy generation equal
 * token for token, for every format, on GPT-2 and on a Qwen2-shaped Llama (GQA, biases, RoPE).
 */
class FusedDecodeTest {
    private static final Gpt2.Config GPT2 = new Gpt2.Config(301, 64, 72, 2, 3, 200, 1e-5f, -1);

    static long[] generate(CausalLm model, boolean fused, long[] prompt, int n) {
        model.fusedDecode().setEnabled(fused);
        var settings = GenerationSettings.greedy(n).withStopAtEos(false);
        return new Generator(model).generate(prompt, settings, Generator.TokenListener.NONE, ProgressSink.NONE).newIds();
    }

    /** Logits of the prompt's last position, then of `steps` fed tokens, through the cache. */
    static float[][] stepLogits(CausalLm model, boolean fused, long[] prompt, long[] fed) {
        model.fusedDecode().setEnabled(fused);
        float[][] out = new float[fed.length + 1][];
        try (KvCache cache = model.newCache(KvCache.Layout.PREALLOCATED, 1); NDManager scope = NDManager.newBaseManager()) {
            out[0] = model.forward(scope.create(prompt, new Shape(1, prompt.length)), cache, true, null).toFloatArray();
            for (int i = 0; i < fed.length; i++) {
                out[i + 1] = model.forward(scope.create(new long[] {fed[i]}, new Shape(1, 1)), cache, true, null).toFloatArray();
            }
        }
        return out;
    }

    static void assertSameModelBothWays(Supplier<CausalLm> open, String what) {
        long[] prompt = {5, 17, 3, 99, 42};
        try (CausalLm a = open.get(); CausalLm b = open.get()) {
            long[] libtorch = generate(a, false, prompt, 24);
            long[] fused = generate(b, true, prompt, 24);
            assertArrayEquals(libtorch, fused, what + ": greedy tokens, libtorch vs fused step");
            float[][] la = stepLogits(a, false, prompt, libtorch);
            float[][] lb = stepLogits(b, true, prompt, libtorch);
            for (int s = 0; s < la.length; s++) {
                double err = 0, norm = 0;
                for (int i = 0; i < la[s].length; i++) {
                    err = Math.max(err, Math.abs(la[s][i] - lb[s][i]));
                    norm = Math.max(norm, Math.abs(la[s][i]));
                }
                assertTrue(err <= 1e-4 * norm + 1e-6, what + " step " + s + ": max |Δlogit| " + err + " of " + norm);
            }
        }
    }

    @Test
    void gpt2FusedStepEqualsLibtorchForEveryFormat() {
        assertSameModelBothWays(() -> Gpt2.random(GPT2, 7), "gpt2 fp32");
        for (DecodeFormat f : DecodeFormat.values()) {
            assertSameModelBothWays(() -> {
                Gpt2 m = Gpt2.random(GPT2, 7);
                m.quantize(f, true);
                return m;
            }, "gpt2 " + f.cliName() + " + int8 lm_head");
        }
    }

    /** A short prompt of a quantized model goes through the Java step token by token; every position's logits match libtorch's. */
    @Test
    void aQuantizedModelsShortPromptGoesStepwiseWithEveryPositionsLogits() {
        long[] prompt = {5, 17, 3, 99, 42, 7};
        try (Gpt2 m = Gpt2.random(GPT2, 11); NDManager scope = NDManager.newBaseManager()) {
            m.quantize(DecodeFormat.NF4, true);
            float[][] all = new float[2][];
            for (int fused = 0; fused < 2; fused++) {
                m.fusedDecode().setEnabled(fused == 1);
                try (KvCache cache = m.newCache(KvCache.Layout.PREALLOCATED, 1)) {
                    var logits = m.forward(scope.create(prompt, new Shape(1, prompt.length)), cache, false, null);
                    assertEquals(new Shape(1, prompt.length, GPT2.vocabSize()), logits.getShape());
                    assertEquals(prompt.length, cache.length());
                    all[fused] = logits.toFloatArray();
                }
            }
            for (int i = 0; i < all[0].length; i++) assertEquals(all[0][i], all[1][i], 1e-4f, "logit " + i);
        }
    }

    @Test
    void automaticChoiceTakesTheJavaStepForQuantizedWeightsOnly() {
        try (Gpt2 m = Gpt2.random(GPT2, 9)) {
            assertTrue(!m.decodesFused() || "fused".equals(System.getProperty("companion.decode")), "float32: libtorch");
            m.quantize(DecodeFormat.INT8, false);
            assertTrue(m.decodesFused() || "libtorch".equals(System.getProperty("companion.decode")), "int8: fused");
            m.fusedDecode().setEnabled(false);
            assertTrue(!m.decodesFused());
        }
    }

    @Test
    void aCacheWrittenByJavaStepsServesALaterLibtorchCall() {
        try (Gpt2 m = Gpt2.random(GPT2, 8); NDManager scope = NDManager.newBaseManager()) {
            long[] seq = {1, 2, 3, 4, 5, 6, 7, 8, 9};
            float[] whole = m.forward(scope.create(seq, new Shape(1, seq.length)), null, true, null).toFloatArray();
            m.fusedDecode().setEnabled(true);
            for (KvCache.Layout layout : KvCache.Layout.values()) {
                try (KvCache cache = m.newCache(layout, 1)) {
                    m.forward(scope.create(new long[] {1, 2, 3}, new Shape(1, 3)), cache, true, null); // libtorch prefill
                    for (int i = 3; i < 6; i++) m.forward(scope.create(new long[] {seq[i]}, new Shape(1, 1)), cache, true, null); // Java
                    float[] last = m.forward(scope.create(new long[] {7, 8, 9}, new Shape(1, 3)), cache, true, null).toFloatArray();
                    assertEquals(9, cache.length());
                    for (int i = 0; i < whole.length; i++) assertEquals(whole[i], last[i], 1e-4f, layout + " logit " + i);
                }
            }
        }
    }

    /** Qwen2's shape in miniature: GQA (4 query heads on 2 kv heads), q/k/v biases, RoPE, tied head, odd widths. */
    static LlamaConfig qwenTiny() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        json.put("model_type", "qwen2");
        json.putArray("architectures").add("Qwen2ForCausalLM");
        json.put("vocab_size", 307);
        json.put("hidden_size", 96);
        json.put("intermediate_size", 200);
        json.put("num_hidden_layers", 2);
        json.put("num_attention_heads", 4);
        json.put("num_key_value_heads", 2);
        json.put("rms_norm_eps", 1e-6);
        json.put("rope_theta", 10000.0);
        json.put("max_position_embeddings", 128);
        json.put("tie_word_embeddings", true);
        return LlamaConfig.fromJson(json);
    }

    @Test
    void llamaFusedStepEqualsLibtorchForEveryFormat() {
        LlamaConfig c = qwenTiny();
        assertSameModelBothWays(() -> Llama.random(c, "qwen-tiny", 5), "qwen2 fp32");
        for (DecodeFormat f : DecodeFormat.values()) {
            assertSameModelBothWays(() -> {
                Llama m = Llama.random(c, "qwen-tiny", 5);
                m.quantize(f, true);
                return m;
            }, "qwen2 " + f.cliName() + " + int8 lm_head");
        }
    }
}
