package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our GPT-2 against the float64 PyTorch reference of src/test/python/make_gpt2_fixture.py. */
class Gpt2Test {

    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static final Path TINY_BF16 = Path.of("src/test/resources/fixtures/gpt2-tiny-bf16");
    static final Path TINY_PREFIXED = Path.of("src/test/resources/fixtures/gpt2-tiny-prefixed");
    /** float32 forward vs float64 reference on logits of magnitude ~10. */
    static final double F32_TOL = 2e-4;

    static JsonNode expected;
    static Gpt2 model;

    @BeforeAll
    static void load() throws IOException {
        expected = new ObjectMapper().readTree(TINY.resolve("expected.json").toFile());
        model = Gpt2.load(TINY);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }

    static float[][] logits(CausalLm m, long[] ids, KvCache cache) {
        try (NDManager scope = m.manager().newSubManager()) {
            NDArray out = m.forward(scope.create(ids).reshape(1, ids.length), cache, false, null);
            int v = m.vocabSize();
            float[] flat = out.toFloatArray();
            float[][] rows = new float[ids.length][v];
            for (int t = 0; t < ids.length; t++) System.arraycopy(flat, t * v, rows[t], 0, v);
            return rows;
        }
    }

    static double maxDiff(float[] got, JsonNode want) {
        assertEquals(want.size(), got.length);
        double m = 0;
        for (int i = 0; i < got.length; i++) m = Math.max(m, Math.abs(got[i] - want.get(i).asDouble()));
        return m;
    }

    @Test
    void logitsMatchTheReferenceAtEveryPosition() {
        long[] ids = longs(expected.get("prompt_ids"));
        float[][] got = logits(model, ids, null);
        for (int t = 0; t < ids.length; t++) {
            double d = maxDiff(got[t], expected.get("logits_all_positions").get(t));
            assertTrue(d < F32_TOL, "position " + t + " max |diff| " + d);
        }
    }

    @Test
    void fullWindowUsesEveryPositionEmbedding() {
        long[] ids = longs(expected.get("full_window_ids"));
        try (NDManager scope = model.manager().newSubManager()) {
            float[] last = model.forward(scope.create(ids).reshape(1, ids.length), null, true, null).toFloatArray();
            assertTrue(maxDiff(last, expected.get("full_window_last_logits")) < F32_TOL);
        }
    }

    @Test
    void prefixedCheckpointWithMaskBuffersLoadsTheSameModel() {
        try (Gpt2 prefixed = Gpt2.load(TINY_PREFIXED)) {
            long[] ids = longs(expected.get("text_ids"));
            float[][] a = logits(prefixed, ids, null);
            assertTrue(maxDiff(a[ids.length - 1], expected.get("text_last_logits")) < F32_TOL);
            assertEquals(model.parameters().keySet(), prefixed.parameters().keySet());
        }
    }

    @Test
    void bf16CopyLoadsAsFloat32AndMatchesItsOwnReferenceAndTheF32WithinBf16Error() {
        try (Gpt2 bf16 = Gpt2.load(TINY_BF16)) {
            long[] ids = longs(expected.get("prompt_ids"));
            float[][] got = logits(bf16, ids, null);
            for (int t = 0; t < ids.length; t++) {
                assertTrue(maxDiff(got[t], expected.get("logits_bf16_all_positions").get(t)) < F32_TOL);
                // bfloat16 keeps 8 significant bits (relative error 2^-9 per weight): logits ~10 move by a few tenths.
                assertTrue(maxDiff(got[t], expected.get("logits_all_positions").get(t)) < 0.5);
            }
        }
    }

    @Test
    void cachedPrefillPlusDecodeStepsEqualTheFullForward() {
        long[] ids = longs(expected.get("prompt_ids"));
        for (KvCache.Layout layout : KvCache.Layout.values()) {
            try (KvCache cache = model.newCache(layout, 1)) {
                int split = 9;
                float[][] head = logits(model, java.util.Arrays.copyOfRange(ids, 0, split), cache);
                for (int t = split; t < ids.length; t++) {
                    float[][] step = logits(model, new long[] {ids[t]}, cache);
                    double d = maxDiff(step[0], expected.get("logits_all_positions").get(t));
                    assertTrue(d < F32_TOL, layout + " step " + t + " diff " + d);
                }
                assertTrue(maxDiff(head[split - 1], expected.get("logits_all_positions").get(split - 1)) < F32_TOL);
                assertEquals(ids.length, cache.length());
            }
        }
    }

    @Test
    void attentionCaptureMatchesTheReferenceAndRowsSumToOne() {
        long[] ids = longs(expected.get("prompt_ids"));
        AttentionCapture capture = new AttentionCapture();
        try (NDManager scope = model.manager().newSubManager()) {
            model.forward(scope.create(ids).reshape(1, ids.length), null, true, capture);
        }
        assertEquals(2, capture.layers().size());
        float[][] map = capture.map(1, 2);
        JsonNode want = expected.get("attention_layer1_head2");
        for (int q = 0; q < ids.length; q++) {
            double sum = 0;
            for (int k = 0; k < ids.length; k++) {
                sum += map[q][k];
                assertEquals(want.get(q).get(k).asDouble(), map[q][k], 1e-5);
                if (k > q) assertEquals(0f, map[q][k]); // causal: nothing from the future
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void parameterCountsOfRealGpt2FromConfigAlone() {
        Gpt2.Config small = Gpt2.Config.gpt2Small();
        assertEquals(124_439_808L, small.uniqueParameters());
        assertEquals(163_037_184L, small.parametersCountingTiedHeadTwice());
        assertEquals(7_087_872L, small.blockParameters());
        assertEquals(expected.get("unique_parameters").asLong(), model.config().uniqueParameters());
        long loaded = model.parameters().values().stream().mapToLong(NDArray::size).sum();
        assertEquals(model.config().uniqueParameters(), loaded);
    }

    @Test
    void moduleTreeReadsLikePytorchPrint() {
        String tree = Gpt2.Config.gpt2Small().moduleTree();
        assertTrue(tree.contains("(wte): Embedding(50257, 768)"));
        assertTrue(tree.contains("(0-11): 12 x GPT2Block("));
        assertTrue(tree.contains("(c_attn): Conv1D(nf=2304, nx=768)"));
        assertTrue(tree.contains("(c_fc): Conv1D(nf=3072, nx=768)"));
        assertTrue(tree.contains("(ln_1): LayerNorm((768,), eps=1e-05, elementwise_affine=True)"), tree);
        assertTrue(tree.contains("(lm_head): Linear(in_features=768, out_features=50257, bias=False)"));
    }

    @Test
    void tooLongOrEmptyInputIsAClearError() {
        try (NDManager scope = model.manager().newSubManager()) {
            var e = assertThrows(ModelException.class,
                    () -> model.forward(scope.zeros(new ai.djl.ndarray.types.Shape(1, 129), ai.djl.ndarray.types.DataType.INT64), null, true, null));
            assertTrue(e.getMessage().contains("128"), e.getMessage());
        }
    }

    @Test
    void nonGpt2ConfigIsRefused() {
        var e = assertThrows(ModelException.class, () -> Gpt2.Config.fromJson(
                new ObjectMapper().createObjectNode().put("model_type", "llama")));
        assertTrue(e.getMessage().contains("llama"));
    }
}
