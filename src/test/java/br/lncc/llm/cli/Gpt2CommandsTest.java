package br.lncc.llm.cli;

import br.lncc.llm.reliability.Cli;
import br.lncc.llm.reliability.Cli.Run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract of logits / generate / bench decode on the tiny GPT-2 fixture. */
class Gpt2CommandsTest {

    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static final ObjectMapper JSON = new ObjectMapper();
    static JsonNode expected;

    @TempDir Path tmp;

    @BeforeAll
    static void load() throws IOException {
        expected = JSON.readTree(TINY.resolve("expected.json").toFile());
    }

    /** The CLI in this JVM, output captured (one runner for the whole suite: reliability.Cli). */
    static Run run(String... args) {
        return Cli.run(args);
    }

    @Test
    void logitsJsonIsTheLastPositionOverTheWholeVocabulary() throws IOException {
        Run r = run("logits", "--model", TINY.toString(), "--text", expected.get("text").asText(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals(expected.get("text_ids"), j.get("ids"));
        JsonNode want = expected.get("text_last_logits");
        assertEquals(want.size(), j.get("logits").size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).asDouble(), j.get("logits").get(i).asDouble(), 2e-4);
        }
    }

    @Test
    void generateGreedyJsonWithAndWithoutCacheGivesTheReferenceTokens() throws IOException {
        JsonNode all = expected.get("greedy_ids");
        int promptLength = expected.get("prompt_ids").size();
        for (boolean noCache : new boolean[] {false, true}) {
            var args = new java.util.ArrayList<>(java.util.List.of("generate", "--model", TINY.toString(), "--prompt",
                    expected.get("prompt").asText(), "--max-new-tokens", "6", "--greedy", "--ignore-eos", "--json"));
            if (noCache) args.add("--no-cache");
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            JsonNode j = r.json();
            assertEquals(6, j.get("ids").size());
            for (int i = 0; i < 6; i++) assertEquals(all.get(promptLength + i).asLong(), j.get("ids").get(i).asLong());
            assertTrue(j.get("prefill_ms").asDouble() > 0);
            assertEquals(5, j.get("ms_per_token").size());
            assertTrue(j.has("text"));
        }
    }

    @Test
    void sampledGenerationIsRepeatableWithASeed() throws IOException {
        String[] args = {"generate", "--model", TINY.toString(), "--prompt", "The model", "--max-new-tokens", "8",
                "--temperature", "0.8", "--top-p", "0.9", "--top-k", "40", "--seed", "11", "--ignore-eos", "--json"};
        assertEquals(run(args).json().get("ids"), run(args).json().get("ids"));
    }

    @Test
    void promptLongerThanTheWindowIsTruncatedWithANotice() throws IOException {
        Run r = run("generate", "--model", TINY.toString(), "--prompt", "bla ".repeat(100), "--max-new-tokens", "4",
                "--greedy", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertTrue(j.get("truncated").asBoolean());
        assertTrue(j.get("original_prompt_tokens").asInt() > 128);
        assertEquals(124, j.get("prompt_ids").size());
        assertTrue(j.get("notice").asText().contains("janela"));
    }

    @Test
    void badInputExitsNonZeroWithAMessage() throws IOException {
        Run empty = run("generate", "--model", TINY.toString(), "--prompt", " ", "--json");
        assertEquals(1, empty.exit());
        assertTrue(empty.err().contains("vazio"), empty.err());
        assertEquals("", empty.out());

        Run unknown = run("logits", "--model", "/no/such/model", "--text", "oi", "--json");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("não encontrado"), unknown.err());

        Path noTokenizer = Files.createDirectories(tmp.resolve("no-tokenizer"));
        Files.copy(TINY.resolve("config.json"), noTokenizer.resolve("config.json"));
        Files.copy(TINY.resolve("model.safetensors"), noTokenizer.resolve("model.safetensors"));
        Run r = run("logits", "--model", noTokenizer.toString(), "--text", "oi", "--json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("tokenizer.json"), r.err());

        Path noConfig = Files.createDirectories(tmp.resolve("no-config"));
        Files.copy(TINY.resolve("tokenizer.json"), noConfig.resolve("tokenizer.json"));
        r = run("generate", "--model", noConfig.toString(), "--prompt", "oi", "--json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("config.json"), r.err());

        Path truncated = Files.createDirectories(tmp.resolve("truncated"));
        Files.copy(TINY.resolve("config.json"), truncated.resolve("config.json"));
        Files.copy(TINY.resolve("tokenizer.json"), truncated.resolve("tokenizer.json"));
        byte[] weights = Files.readAllBytes(TINY.resolve("model.safetensors"));
        Files.write(truncated.resolve("model.safetensors"), java.util.Arrays.copyOf(weights, 12_000));
        r = run("generate", "--model", truncated.toString(), "--prompt", "oi", "--json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("truncado"), r.err());

        Path pickle = Files.createDirectories(tmp.resolve("pickle"));
        Files.copy(TINY.resolve("config.json"), pickle.resolve("config.json"));
        Files.copy(TINY.resolve("tokenizer.json"), pickle.resolve("tokenizer.json"));
        Files.write(pickle.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        r = run("logits", "--model", pickle.toString(), "--text", "oi", "--json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("código arbitrário"), r.err());

        assertEquals(1, run("generate", "--model", TINY.toString(), "--prompt", "oi", "--top-p", "0", "--json").exit());
    }

    @Test
    void attentionOfGpt2IsCausalAndMatchesTheReference() throws IOException {
        Run r = run("attention", "--model", TINY.toString(), "--text", expected.get("prompt").asText(), "--layer", "1",
                "--head", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode m = r.json().get("matrix");
        JsonNode want = expected.get("attention_layer1_head2");
        assertEquals(want.size(), m.size());
        assertEquals(want.size(), r.json().get("tokens").size());
        for (int q = 0; q < m.size(); q++) {
            for (int k = 0; k < m.size(); k++) assertEquals(want.get(q).get(k).asDouble(), m.get(q).get(k).asDouble(), 1e-5);
        }
        Run bad = run("attention", "--model", TINY.toString(), "--text", "oi", "--layer", "2", "--json");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("camada 2"), bad.err());
    }

    @Test
    void benchDecodeReportsTheContractFields() throws IOException {
        Run r = run("bench", "decode", "--model", TINY.toString(), "--tokens", "6", "--prefill-tokens", "16", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        for (String f : new String[] {"tokens_per_s_cache", "tokens_per_s_no_cache", "prefill_tokens_per_s"}) {
            assertTrue(j.get(f).asDouble() > 0, f);
        }
        assertEquals(expected.get("unique_parameters").asLong() * 4, j.get("weights_bytes").asLong());
    }

    @Test
    void benchDecodePromptLongerThanTheWindowNamesTheWindow() {
        Run r = run("bench", "decode", "--model", TINY.toString(), "--tokens", "4", "--prompt-tokens", "100000", "--json");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("100000") && r.err().contains("128"), r.err());
        assertTrue(!r.err().contains("-99872"), r.err());
    }
}
