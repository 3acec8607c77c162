package br.lncc.llm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client (src/test/node/openai-client, installed by {@code npm ci}
 * in .ci/run) against a live server on the tiny Qwen2 fixture: a chat completion, a streamed chat
 * completion, a chat completion with logprobs whole and streamed (each chunk carrying its tokens'
 * logprobs) and a completion with logprobs, as a student's script would make them.
 */
class OpenAiNodeClientTest {
    static final Path PROJECT = Path.of("src/test/node/openai-client");

    @Test
    void theOfficialOpenAiClientChatsStreamsAndReadsLogprobs() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(PROJECT.resolve("node_modules/openai")),
                "skipped: run 'npm ci' in " + PROJECT + " first (.ci/run does) to install the openai client");
        Assumptions.assumeTrue(nodeAvailable(), "skipped: 'node' is not on the PATH");
        try (ServedModel model = ServedModel.open("qwen2-tiny", OpenAiServerTest.QWEN2);
                OpenAiServer server = OpenAiServer.start(model, ServeOptions.local(0).withApiKey("sk-test"), e -> {})) {
            var pb = new ProcessBuilder("node", "client.mjs").directory(PROJECT.toFile()).redirectErrorStream(false);
            pb.environment().put("BASE_URL", server.baseUrl());
            pb.environment().put("API_KEY", "sk-test");
            Process p = pb.start();
            boolean done = p.waitFor(90, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) p.destroyForcibly();
            assertTrue(done, "node did not finish: " + err);
            assertEquals(0, p.exitValue(), err);
            JsonNode j = new ObjectMapper().readTree(out);
            assertEquals("qwen2-tiny", j.get("model").asText());

            JsonNode chat = j.get("chat");
            assertEquals("assistant", chat.get("role").asText());
            assertTrue(chat.get("usage").get("completion_tokens").asInt() >= 1);
            JsonNode stream = j.get("stream");
            assertEquals(chat.get("content").asText(), stream.get("content").asText(), "same seed, streamed or not");
            assertEquals(chat.get("finish_reason").asText(), stream.get("finish_reason").asText());
            assertTrue(stream.get("chunks").asInt() >= 3, "role chunk, content, finish");
            assertEquals(chat.get("usage"), stream.get("usage"));

            JsonNode completion = j.get("completion");
            JsonNode lp = completion.get("logprobs");
            int n = completion.get("usage").get("completion_tokens").asInt();
            assertEquals(n, lp.get("tokens").size());
            assertEquals(n, lp.get("token_logprobs").size());
            assertTrue(lp.get("top_logprobs").get(0).size() >= 1);

            JsonNode lps = j.get("logprobs_stream");
            assertEquals(lps.get("completion_tokens").asInt(), lps.get("whole").size(), "one entry per generated token");
            assertEquals(lps.get("whole"), lps.get("streamed"), "the chunks' logprobs add up to the whole answer's (same seed)");
            assertEquals(lps.get("whole_text"), lps.get("streamed_text"));
            assertEquals(2, lps.get("streamed").get(0).get("top_logprobs").size());

            assertEquals(404, j.get("not_found").get("status").asInt());
            assertEquals("NotFoundError", j.get("not_found").get("name").asText());
        }
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
