package br.lncc.llm.cli;

import static br.lncc.llm.cli.Gpt2CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** logits / generate / bench decode dispatch on config.json to the Llama family (tiny Qwen2 fixture). */
class LlamaCommandsTest {

    static final String QWEN = Path.of("src/test/resources/fixtures/qwen2-tiny").toString();

    @Test
    void logitsRunTheQwen2Forward() throws IOException {
        var r = run("logits", "--model", QWEN, "--text", "Oi!", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals(3, j.get("ids").size(), "byte-level tokenizer without merges: one token per byte");
        assertEquals(272, j.get("logits").size());
    }

    @Test
    void generateAppliesAndReportsTheCheckpointDefaultsUnlessSetExplicitly() throws IOException {
        var r = run("generate", "--model", QWEN, "--prompt", "Oi", "--max-new-tokens", "4", "--json");
        assertEquals(0, r.exit(), r.err());
        String sources = r.json().get("settings_sources").toString();
        assertTrue(sources.contains("amostragem (generation_config.json: do_sample=true)"), sources);
        assertTrue(sources.contains("top_k=20 (generation_config.json)"), sources);
        assertEquals(0.7, r.json().get("checkpoint_defaults").get("temperature").asDouble());

        r = run("generate", "--model", QWEN, "--prompt", "Oi", "--max-new-tokens", "4", "--greedy",
                "--repetition-penalty", "1.0", "--json");
        assertEquals(0, r.exit(), r.err());
        sources = r.json().get("settings_sources").toString();
        assertTrue(sources.contains("gulosa (explícito)") && sources.contains("repetition_penalty=1 (explícito)"), sources);
        assertEquals("Greedy[]", r.json().get("strategy").asText());
    }

    @Test
    void chatWrapsThePromptInChatMlOnlyWhenAsked() throws IOException {
        var raw = run("generate", "--model", QWEN, "--prompt", "Oi", "--max-new-tokens", "1", "--greedy", "--json");
        assertEquals(2, raw.json().get("prompt_ids").size());
        var chat = run("generate", "--model", QWEN, "--prompt", "Oi", "--max-new-tokens", "1", "--greedy", "--chat",
                "--json");
        assertEquals(0, chat.exit(), chat.err());
        JsonNode ids = chat.json().get("prompt_ids");
        assertEquals(257, ids.get(0).asInt(), "<|im_start|>");
        assertTrue(chat.json().get("full_text").asText().contains("You are a helpful assistant."));
        var none = run("generate", "--model", "src/test/resources/fixtures/gpt2-tiny", "--prompt", "Oi", "--chat");
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("ChatML"), none.err());
    }

    @Test
    void aChatPromptLongerThanTheWindowLosesTheStartOfTheUserTextNotTheTemplate() throws IOException {
        var shortChat = run("generate", "--model", QWEN, "--prompt", "Oi", "--max-new-tokens", "1", "--greedy", "--chat", "--json");
        JsonNode head = shortChat.json().get("prompt_ids");
        var r = run("generate", "--model", QWEN, "--prompt", "a".repeat(3000) + " Oi", "--max-new-tokens", "4", "--greedy",
                "--chat", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode ids = r.json().get("prompt_ids");
        assertTrue(r.json().get("truncated").asBoolean());
        assertTrue(ids.size() <= 512 - 4, "fits the window with room for the new tokens: " + ids.size());
        // the system turn and the user header survive: the first 30 ids match the short chat prompt
        for (int i = 0; i < 30; i++) assertEquals(head.get(i).asLong(), ids.get(i).asLong(), "position " + i);
        // and so does the end: " Oi" and the assistant header
        for (int i = 1; i <= 10; i++) {
            assertEquals(head.get(head.size() - i).asLong(), ids.get(ids.size() - i).asLong(), "position -" + i);
        }
    }

    @Test
    void aSystemMessageWithoutChatIsRefusedNotSilentlyDropped() {
        var r = run("generate", "--model", QWEN, "--prompt", "Oi", "--system", "Seja breve.", "--max-new-tokens", "1", "--json");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("--system") && r.err().contains("--chat"), r.err());
    }

    @Test
    void doubleQuantWithoutNf4IsRefusedNotMeasuredAsFp32() {
        var r = run("bench", "decode", "--model", QWEN, "--double-quant", "--tokens", "2", "--json");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("--double-quant") && r.err().contains("--nf4"), r.err());
    }

    @Test
    void nanLogitsStopTheGenerationWithAReasonInsteadOfPickingTokens(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Path broken = java.nio.file.Files.createDirectories(tmp.resolve("qwen2-nan"));
        for (String f : new String[] {"model.safetensors", "tokenizer.json", "tokenizer_config.json", "generation_config.json"}) {
            java.nio.file.Files.copy(Path.of(QWEN, f), broken.resolve(f));
        }
        // rope_theta 0: every rotation angle is 0^(-2i/d) = ∞, so every logit comes out NaN
        String config = java.nio.file.Files.readString(Path.of(QWEN, "config.json")).replace("1000000.0", "0.0");
        java.nio.file.Files.writeString(broken.resolve("config.json"), config);
        var r = run("generate", "--model", broken.toString(), "--prompt", "Oi", "--max-new-tokens", "2", "--greedy", "--json");
        assertEquals(1, r.exit(), r.out());
        assertEquals("", r.out());
        assertTrue(r.err().contains("NaN"), r.err());
    }

    @Test
    void benchDecodeReportsTheBandwidthBoundInFp32AndNf4() throws IOException {
        for (String[] extra : new String[][] {{}, {"--nf4"}}) {
            String[] args = {"bench", "decode", "--model", QWEN, "--tokens", "4", "--no-cache-tokens", "0",
                "--prefill-tokens", "8", "--bandwidth-gbs", "9", "--json"};
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                    .toArray(String[]::new);
            var r = run(all);
            assertEquals(0, r.exit(), r.err());
            JsonNode j = r.json();
            double bound = j.get("bound_tokens_per_s").asDouble();
            // The bound divides the bandwidth by the bytes the decode step really reads (4.5-bit codes under NF4).
            assertEquals(9e9 / j.get("bytes_per_token").asLong(), bound, bound * 1e-9);
            assertTrue(!j.get("bandwidth_measured").asBoolean());
            assertTrue(j.get("weights_format").asText().startsWith(extra.length == 0 ? "fp32" : "nf4"));
        }
    }
}
