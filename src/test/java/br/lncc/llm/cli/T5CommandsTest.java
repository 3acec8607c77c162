package br.lncc.llm.cli;

import static br.lncc.llm.cli.Gpt2CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch05.PromptingLab;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * generate / logits / attention on the tiny T5 fixture (random weights; T5Test checks the same
 * forward pass against PyTorch): the CLI runs every architecture the app runs, with the causal
 * commands' JSON fields.
 */
class T5CommandsTest {
    static final Path TINY = Path.of("src/test/resources/fixtures/t5-tiny");
    static final String TEXT = "classifique o sentimento: este filme foi um tempo";
    static PromptingLab lab;

    @BeforeAll
    static void open() {
        lab = PromptingLab.open(TINY);
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }

    @Test
    void logitsAreThoseOfTheDecodersFirstPosition() throws IOException {
        var r = run("logits", "--model", TINY.toString(), "--text", TEXT, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        long[] ids = lab.encode(TEXT);
        assertEquals(java.util.Arrays.toString(ids), java.util.Arrays.toString(longs(j.get("ids"))));
        float[] want = lab.model().logits(ids, new long[] {0})[0];
        assertEquals(want.length, j.get("logits").size());
        for (int i = 0; i < want.length; i++) assertEquals(want[i], j.get("logits").get(i).asDouble(), 1e-5);
        assertEquals("decoder_first", j.get("position").asText());
    }

    @Test
    void greedyGenerateGivesTheSameAnswerWithAndWithoutTheDecoderCache() throws IOException {
        long[] want = lab.model().generateGreedy(lab.encode(TEXT), 6, true);
        for (boolean noCache : new boolean[] {false, true}) {
            var args = new java.util.ArrayList<>(java.util.List.of("generate", "--model", TINY.toString(), "--prompt", TEXT,
                    "--max-new-tokens", "6", "--greedy", "--json"));
            if (noCache) args.add("--no-cache");
            var r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            JsonNode j = r.json();
            assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(longs(j.get("ids"))), "no-cache " + noCache);
            assertEquals(java.util.Arrays.toString(lab.encode(TEXT)), java.util.Arrays.toString(longs(j.get("prompt_ids"))));
            assertEquals(lab.decode(want), j.get("text").asText());
            assertEquals(j.get("text"), j.get("full_text"), "an encoder-decoder's answer does not continue the prompt");
            assertTrue(j.get("prefill_ms").asDouble() > 0);
            assertEquals(want.length - 1, j.get("ms_per_token").size());
            assertEquals("t5", j.get("architecture").asText());
            assertEquals(!noCache, j.get("use_cache").asBoolean());
        }
    }

    @Test
    void samplingWithASeedRepeats() throws IOException {
        String[] args = {"generate", "--model", TINY.toString(), "--prompt", TEXT, "--max-new-tokens", "8",
            "--temperature", "1.5", "--seed", "7", "--ignore-eos", "--json"};
        var a = run(args);
        assertEquals(0, a.exit(), a.err());
        assertEquals(a.json().get("ids"), run(args).json().get("ids"));
        assertEquals(8, a.json().get("ids").size(), "--ignore-eos runs to the budget");
    }

    @Test
    void attentionIsTheEncodersBidirectionalSelfAttention() throws IOException {
        var r = run("attention", "--model", TINY.toString(), "--text", TEXT, "--layer", "1", "--head", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        int n = lab.encode(TEXT).length;
        assertEquals(n, j.get("tokens").size());
        assertEquals("</s>", j.get("tokens").get(n - 1).asText());
        assertEquals(n, j.get("matrix").size());
        boolean seesTheFuture = false;
        for (int q = 0; q < n; q++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += j.get("matrix").get(q).get(k).asDouble();
                if (k > q && j.get("matrix").get(q).get(k).asDouble() > 1e-6) seesTheFuture = true;
            }
            assertEquals(1.0, sum, 1e-4);
        }
        assertTrue(seesTheFuture, "the encoder is not causal");
    }

    @Test
    void aMissingLayerAndChatAreRefusedWithAMessage() {
        var r = run("attention", "--model", TINY.toString(), "--text", TEXT, "--layer", "5");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("camadas 0 a 1"), r.err());
        var c = run("generate", "--model", TINY.toString(), "--prompt", TEXT, "--chat");
        assertEquals(1, c.exit());
        assertTrue(c.err().contains("--chat não se aplica a um T5"), c.err());
    }

    @Test
    void plainTextOutputNamesTheEncoderDecoder() {
        var r = run("--lang", "en", "generate", "--model", TINY.toString(), "--prompt", TEXT, "--max-new-tokens", "3", "--greedy");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("T5 (encoder-decoder)"), r.err());
        assertTrue(r.err().contains("with the decoder cache"), r.err());
    }
}
