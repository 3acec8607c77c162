package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny T5 fixture (random weights, Hugging Face layout) against the plain-torch reference
 * in src/test/python/make_t5_fixture.py.
 */
class T5Test {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/t5-tiny");
    private static T5 model;
    private static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        model = T5.load(FIXTURE);
        expected = new ObjectMapper().readTree(FIXTURE.resolve("expected.json").toFile());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static long[] ids(String field) {
        JsonNode a = expected.get(field);
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }

    @Test
    void logitsMatchTheReferenceForEveryDecoderPosition() {
        float[][] logits = model.logits(ids("encoder_ids"), ids("decoder_ids"));
        JsonNode ref = expected.get("logits");
        assertEquals(ref.size(), logits.length);
        double maxErr = 0;
        for (int i = 0; i < logits.length; i++) {
            for (int j = 0; j < logits[i].length; j++) {
                maxErr = Math.max(maxErr, Math.abs(logits[i][j] - ref.get(i).get(j).asDouble()));
            }
        }
        assertTrue(maxErr < 1e-3, "max |Δlogit| = " + maxErr);
    }

    @Test
    void encoderUsesLogarithmicBucketsForLongInputs() {
        // 41 input tokens: distances past 8 fall into the logarithmic buckets.
        float[][] hidden = model.encoderHidden(ids("encoder_ids"));
        JsonNode ref = expected.get("encoder_hidden_first_row");
        for (int j = 0; j < ref.size(); j++) assertEquals(ref.get(j).asDouble(), hidden[0][j], 1e-4);
    }

    @Test
    void greedyMatchesTheReferenceWithAndWithoutCache() {
        long[] want = ids("greedy_ids");
        assertArrayEquals(want, model.generateGreedy(ids("encoder_ids"), 12, true));
        assertArrayEquals(want, model.generateGreedy(ids("encoder_ids"), 12, false));
    }

    @Test
    void bucketsFollowT5() {
        // bidirectional, 32 buckets → 16 per side, 8 exact
        assertEquals(0, T5.bucket(0, true, 32, 128));
        assertEquals(3, T5.bucket(-3, true, 32, 128));
        assertEquals(16 + 3, T5.bucket(3, true, 32, 128));
        assertEquals(15, T5.bucket(-1000, true, 32, 128));
        // causal: the future collapses to bucket 0, the past uses all 32
        assertEquals(0, T5.bucket(5, false, 32, 128));
        assertEquals(15, T5.bucket(-15, false, 32, 128));
        assertEquals(31, T5.bucket(-500, false, 32, 128));
    }

    @Test
    void flanT5SmallHas76961152ParametersFromItsConfig() throws Exception {
        JsonNode cfg = new ObjectMapper().readTree("{\"model_type\":\"t5\",\"d_model\":512,\"d_kv\":64,"
                + "\"d_ff\":1024,\"num_heads\":6,\"num_layers\":8,\"num_decoder_layers\":8,\"vocab_size\":32128,"
                + "\"feed_forward_proj\":\"gated-gelu\",\"tie_word_embeddings\":false}");
        assertEquals(76_961_152L, T5.Config.of(cfg).parameterCount());
    }

    @Test
    void tokenizerOfTheFixtureEndsWithEos() {
        try (TextTokenizer tok = TextTokenizer.fromFolder(FIXTURE)) {
            var enc = tok.encode("este filme foi um desperdício de tempo");
            assertEquals(1L, enc.ids()[enc.ids().length - 1]);
            assertTrue(tok.decode(enc.ids(), true).startsWith("este filme"));
        }
    }

    @Test
    void outOfVocabularyIdsAndEmptyInputAreRefusedWithAMessage() {
        var e = assertThrows(ModelException.class, () -> model.logits(new long[] {5, 999}, new long[] {0}));
        assertTrue(e.getMessage().contains("999"));
        assertThrows(ModelException.class, () -> model.logits(new long[0], new long[] {0}));
    }
}
