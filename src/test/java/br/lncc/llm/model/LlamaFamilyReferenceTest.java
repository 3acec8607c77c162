package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our forward passes against the float64 PyTorch reference of
 * src/test/python/make_llama_family_fixtures.py (written from Hugging Face's modeling files).
 * Tolerance: 5e-5 absolute on logits of magnitude ~1–10; measured worst 7e-6 (fp32 vs fp64).
 */
class LlamaFamilyReferenceTest {

    static final double TOLERANCE = 5e-5;
    static final String[] FIXTURES = {
        "llama-tiny-tied", "llama-tiny-untied", "llama-tiny-tied-bf16", "qwen2-tiny", "qwen2-tiny-sliding",
        "smollm3-tiny", "phi-tiny"
    };

    static Path fixture(String name) {
        return Path.of("src/test/resources/fixtures", name);
    }

    static JsonNode reference(String name) throws Exception {
        return new ObjectMapper().readTree(fixture(name).resolve("reference.json").toFile());
    }

    static long[] ids(JsonNode ref) {
        long[] ids = new long[ref.get("input_ids").size()];
        for (int i = 0; i < ids.length; i++) ids[i] = ref.get("input_ids").get(i).asLong();
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "llama-tiny-tied", "llama-tiny-untied", "llama-tiny-tied-bf16", "qwen2-tiny", "qwen2-tiny-sliding",
        "smollm3-tiny", "phi-tiny"
    })
    void logitsMatchTheFloat64Reference(String name) throws Exception {
        JsonNode ref = reference(name);
        long[] ids = ids(ref);
        try (CausalLm model = CausalLms.load(fixture(name)); NDManager scope = NDManager.newBaseManager()) {
            NDArray logits = model.forward(scope.create(ids, new Shape(1, ids.length)), null, false, null);
            assertEquals(new Shape(1, ids.length, model.vocabSize()), logits.getShape());
            float[] got = logits.toFloatArray();
            double worst = 0;
            for (int t = 0; t < ids.length; t++) {
                JsonNode row = ref.get("logits").get(t);
                for (int v = 0; v < row.size(); v++) {
                    worst = Math.max(worst, Math.abs(got[t * row.size() + v] - row.get(v).asDouble()));
                }
            }
            assertTrue(worst < TOLERANCE, name + ": worst |Δlogit| = " + worst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "llama-tiny-tied", "llama-tiny-untied", "qwen2-tiny", "qwen2-tiny-sliding", "smollm3-tiny", "phi-tiny"
    })
    void greedyWithAndWithoutKvCacheMatchesTheReference(String name) throws Exception {
        JsonNode ref = reference(name);
        long[] prompt = ids(ref);
        int steps = ref.get("greedy_tokens").size();
        long[] expected = new long[steps];
        for (int i = 0; i < steps; i++) expected[i] = ref.get("greedy_tokens").get(i).asLong();
        try (CausalLm model = CausalLms.load(fixture(name))) {
            assertArrayEquals(expected, greedy(model, prompt, steps, null), name + " without cache");
            for (KvCache.Layout layout : KvCache.Layout.values()) {
                try (KvCache cache = model.newCache(layout, 1)) {
                    assertArrayEquals(expected, greedy(model, prompt, steps, cache), name + " with cache " + layout);
                }
            }
        }
    }

    /** Greedy decoding: with a cache each step feeds one token; without, the whole sequence again. */
    static long[] greedy(CausalLm model, long[] prompt, int steps, KvCache cache) {
        long[] seq = Arrays.copyOf(prompt, prompt.length + steps);
        int len = prompt.length;
        for (int s = 0; s < steps; s++) {
            try (NDManager scope = NDManager.newBaseManager()) {
                long[] feed = cache == null || s == 0 ? Arrays.copyOf(seq, len) : new long[] {seq[len - 1]};
                NDArray logits = model.forward(scope.create(feed, new Shape(1, feed.length)), cache, true, null);
                seq[len++] = logits.argMax(-1).toLongArray()[0];
            }
        }
        return Arrays.copyOfRange(seq, prompt.length, len);
    }
}
