package br.lncc.llm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.generate.GenerationConfig;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI protocol over raw HTTP (JDK client, loopback, ephemeral port) on the project's tiny
 * random GPT-2 (raw text) and Qwen2 (ChatML) fixtures: shapes, SSE framing, errors and their
 * status codes, keys, limits, the queue and client disconnects.
 */
class OpenAiServerTest {
    static final Path GPT2 = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static final Path QWEN2 = Path.of("src/test/resources/fixtures/qwen2-tiny");
    static final ObjectMapper JSON = new ObjectMapper();

    static ServedModel gpt2;
    static ServedModel qwen2;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final LinkedBlockingQueue<RequestLogEntry> log = new LinkedBlockingQueue<>();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void open() {
        gpt2 = ServedModel.open("gpt2-tiny", GPT2);
        qwen2 = ServedModel.open("qwen2-tiny", QWEN2);
    }

    @AfterAll
    static void closeModels() {
        gpt2.close();
        qwen2.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    OpenAiServer start(ServedModel model, ServeOptions options) throws IOException {
        OpenAiServer s = OpenAiServer.start(model, options, log::add);
        toClose.add(0, s);
        return s;
    }

    /** The tiny GPT-2 with every forward pass slowed to {@code ms}. */
    ServedModel slowGpt2(long ms) {
        var opened = CausalLms.loadWithTokenizer(GPT2);
        ServedModel m = new ServedModel("gpt2-slow", new SlowedLm(opened.model(), ms), opened.tokenizer(), GPT2, null,
                GenerationConfig.NONE);
        toClose.add(m);
        return m;
    }

    HttpResponse<String> post(OpenAiServer s, String path, String body, String key) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(OpenAiServer s, String path, String body) throws Exception {
        return post(s, path, body, null);
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode e = json(r).get("error");
        assertNotNull(e, r.body());
        assertTrue(e.get("message").isTextual() && !e.get("message").asText().isEmpty());
        assertTrue(e.get("type").isTextual());
        assertTrue(e.has("param") && e.has("code"));
        if (code != null) assertEquals(code, e.get("code").asText(), r.body());
    }

    /** The data payloads of an SSE body, checking the framing: every event is "data: …" then a blank line. */
    static List<String> sseData(String body) {
        assertTrue(body.endsWith("\n\n"), "SSE events end with a blank line");
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertTrue(event.startsWith("data: "), "event: " + event);
            assertFalse(event.contains("\n"), "one line per event: " + event);
            data.add(event.substring(6));
        }
        return data;
    }

    @Test
    void modelsListsTheServedModelAndItsWindow() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0));
        var r = client.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/models")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        JsonNode j = json(r);
        assertEquals("list", j.get("object").asText());
        assertEquals("gpt2-tiny", j.get("data").get(0).get("id").asText());
        assertEquals("model", j.get("data").get(0).get("object").asText());
        assertEquals(128, j.get("data").get(0).get("context_window").asInt());
        var one = client.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/models/gpt2-tiny")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, one.statusCode());
        assertError(client.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/models/gpt-4o")).build(),
                HttpResponse.BodyHandlers.ofString()), 404, "model_not_found");
        assertEquals("GET", log.poll(5, TimeUnit.SECONDS).method());
    }

    @Test
    void chatCompletionThroughTheChatMlTemplateHasOpenAiShapeAndUsage() throws Exception {
        OpenAiServer s = start(qwen2, ServeOptions.local(0));
        var r = post(s, "/chat/completions", """
                {"model":"qwen2-tiny","messages":[{"role":"system","content":"Seja breve."},{"role":"user","content":"Olá"}],
                 "max_tokens":5,"temperature":0,"seed":1}""");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = json(r);
        assertEquals("chat.completion", j.get("object").asText());
        assertTrue(j.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("qwen2-tiny", j.get("model").asText());
        JsonNode c = j.get("choices").get(0);
        assertEquals("assistant", c.get("message").get("role").asText());
        assertTrue(List.of("stop", "length").contains(c.get("finish_reason").asText()));
        JsonNode u = j.get("usage");
        // "<|im_start|>system\nSeja breve.<|im_end|>\n<|im_start|>user\nOlá<|im_end|>\n<|im_start|>assistant\n"
        String rendered = new br.lncc.llm.generate.ChatTemplate(null).render(List.of(
                new br.lncc.llm.generate.ChatTemplate.Message("system", "Seja breve."),
                new br.lncc.llm.generate.ChatTemplate.Message("user", "Olá")), true);
        assertEquals(qwen2.encode(rendered).length, u.get("prompt_tokens").asInt());
        assertTrue(u.get("completion_tokens").asInt() >= 1 && u.get("completion_tokens").asInt() <= 5);
        assertEquals(u.get("prompt_tokens").asInt() + u.get("completion_tokens").asInt(), u.get("total_tokens").asInt());
        if (c.get("finish_reason").asText().equals("length")) assertEquals(5, u.get("completion_tokens").asInt());
    }

    @Test
    void streamedChatIsSseChunksWithTheSameTextAndEndsWithDone() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0));
        String req = """
                {"model":"gpt2-tiny","messages":[{"role":"user","content":"%s"}],"max_tokens":12,"temperature":0.9,
                 "seed":42%s}""";
        String whole = json(post(s, "/chat/completions", req.formatted("Hello world", ""))).get("choices").get(0)
                .get("message").get("content").asText();
        var r = post(s, "/chat/completions", req.formatted("Hello world", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> data = sseData(r.body());
        assertEquals("[DONE]", data.get(data.size() - 1));
        JsonNode first = JSON.readTree(data.get(0));
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.get("choices").get(0).get("delta").get("role").asText());
        var text = new StringBuilder();
        int finishes = 0;
        JsonNode usage = null;
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(d);
            assertEquals(first.get("id").asText(), chunk.get("id").asText(), "one id for the whole stream");
            if (chunk.get("choices").isEmpty()) {
                usage = chunk.get("usage");
                continue;
            }
            JsonNode ch = chunk.get("choices").get(0);
            if (ch.get("delta").has("content")) text.append(ch.get("delta").get("content").asText());
            if (!ch.get("finish_reason").isNull()) finishes++;
        }
        assertEquals(1, finishes);
        assertEquals(whole, text.toString(), "streamed deltas add up to the non-streamed answer (same seed)");
        assertNotNull(usage, "stream_options.include_usage adds a usage chunk");
        assertEquals(12, usage.get("completion_tokens").asInt());
    }

    @Test
    void completionLogprobsAreLogSoftmaxWithTopAlternatives() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0));
        var r = post(s, "/completions", """
                {"model":"gpt2-tiny","prompt":"Hello world","max_tokens":6,"temperature":0,"logprobs":3}""");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = json(r);
        assertEquals("text_completion", j.get("object").asText());
        JsonNode c = j.get("choices").get(0);
        JsonNode lp = c.get("logprobs");
        assertEquals(6, lp.get("tokens").size());
        assertEquals(6, lp.get("token_logprobs").size());
        assertEquals(6, lp.get("text_offset").size());
        var text = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            JsonNode top = lp.get("top_logprobs").get(i);
            assertTrue(top.size() >= 1 && top.size() <= 3);
            double best = Double.NEGATIVE_INFINITY, mass = 0;
            for (var it = top.fields(); it.hasNext(); ) {
                double v = it.next().getValue().asDouble();
                assertTrue(v <= 0);
                best = Math.max(best, v);
                mass += Math.exp(v);
            }
            assertTrue(mass <= 1 + 1e-6);
            // Greedy: the chosen token is the most probable one.
            assertEquals(best, lp.get("token_logprobs").get(i).asDouble(), 1e-9);
            assertEquals(text.length(), lp.get("text_offset").get(i).asInt());
            text.append(lp.get("tokens").get(i).asText());
        }
        assertEquals(c.get("text").asText(), text.toString());
        assertEquals("length", c.get("finish_reason").asText());
    }

    @Test
    void streamedChunksCarryTheLogprobsOfTheirTokensTheSameAsTheWholeAnswer() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0));
        String completion = """
                {"model":"gpt2-tiny","prompt":"Hello world","max_tokens":6,"temperature":0.8,"seed":5,"logprobs":2%s}""";
        JsonNode whole = json(post(s, "/completions", completion.formatted(""))).get("choices").get(0).get("logprobs");
        var tokens = JSON.createArrayNode();
        var values = JSON.createArrayNode();
        var tops = JSON.createArrayNode();
        List<String> data = sseData(post(s, "/completions", completion.formatted(",\"stream\":true")).body());
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode lp = JSON.readTree(d).get("choices").get(0).get("logprobs");
            if (lp.isNull()) continue;
            tokens.addAll((com.fasterxml.jackson.databind.node.ArrayNode) lp.get("tokens"));
            values.addAll((com.fasterxml.jackson.databind.node.ArrayNode) lp.get("token_logprobs"));
            tops.addAll((com.fasterxml.jackson.databind.node.ArrayNode) lp.get("top_logprobs"));
        }
        assertEquals(6, tokens.size());
        assertEquals(whole.get("tokens"), tokens);
        assertEquals(whole.get("token_logprobs"), values);
        assertEquals(whole.get("top_logprobs"), tops);

        String chat = """
                {"model":"qwen2-tiny","messages":[{"role":"user","content":"Olá"}],"max_tokens":5,"temperature":0.8,"seed":5,
                 "logprobs":true,"top_logprobs":2%s}""";
        OpenAiServer q = start(qwen2, ServeOptions.local(0));
        JsonNode chatWhole = json(post(q, "/chat/completions", chat.formatted(""))).get("choices").get(0).get("logprobs").get("content");
        var content = JSON.createArrayNode();
        List<String> chunks = sseData(post(q, "/chat/completions", chat.formatted(",\"stream\":true")).body());
        assertTrue(JSON.readTree(chunks.get(0)).get("choices").get(0).get("logprobs").isNull(), "the role chunk has no tokens");
        for (String d : chunks.subList(0, chunks.size() - 1)) {
            JsonNode lp = JSON.readTree(d).get("choices").get(0).get("logprobs");
            if (!lp.isNull()) content.addAll((com.fasterxml.jackson.databind.node.ArrayNode) lp.get("content"));
        }
        assertTrue(content.size() >= 1);
        assertEquals(chatWhole, content, "the same seed gives the same tokens and log-probabilities, streamed or not");
    }

    @Test
    void chatLogprobsBytesAreTheTokensOwnBytesSoHalfCharactersJoinBackIntoTheText() throws Exception {
        // OpenAI's "bytes": a client joins them to rebuild text that tokens split mid-character. The
        // random Qwen2 writes half characters; their token text is "�", their bytes must not be EF BF BD.
        OpenAiServer q = start(qwen2, ServeOptions.local(0));
        JsonNode choice = json(post(q, "/chat/completions", """
                {"model":"qwen2-tiny","messages":[{"role":"user","content":"Olá"}],"max_tokens":40,"temperature":0.7,"seed":42,
                 "logprobs":true}""")).get("choices").get(0);
        String content = choice.get("message").get("content").asText();
        assertTrue(content.contains("\uFFFD"), "the fixture writes half characters with this seed: " + content);
        var joined = new java.io.ByteArrayOutputStream();
        for (JsonNode t : choice.get("logprobs").get("content")) {
            var bytes = new java.io.ByteArrayOutputStream();
            assertTrue(t.has("bytes"), t.toString());
            for (JsonNode b : t.get("bytes")) bytes.write(b.asInt()); // null (a special token, left out of the text): none
            assertFalse(t.get("token").asText().equals("\uFFFD") && java.util.Arrays.equals(bytes.toByteArray(),
                    "\uFFFD".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "a half character's own byte, not U+FFFD's: " + t);
            joined.writeBytes(bytes.toByteArray());
        }
        assertEquals(content, joined.toString(java.nio.charset.StandardCharsets.UTF_8), "max_tokens stop: the bytes are the whole text, special tokens (bytes null) left out as in the text");
    }

    @Test
    void completionsWithoutMaxTokensStopAtOpenAisSixteenAndStopStringsCutTheText() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0));
        JsonNode j = json(post(s, "/completions", "{\"prompt\":\"Hello world\",\"temperature\":0}"));
        assertEquals(16, j.get("usage").get("completion_tokens").asInt());
        String text = j.get("choices").get(0).get("text").asText();
        // A stop string taken from the middle of the greedy answer ends it there.
        String stop = text.substring(3, 5);
        JsonNode cut = json(post(s, "/completions", "{\"prompt\":\"Hello world\",\"temperature\":0,\"stop\":[" + JSON.writeValueAsString(stop) + "]}"));
        String cutText = cut.get("choices").get(0).get("text").asText();
        assertEquals(text.substring(0, text.indexOf(stop)), cutText);
        assertEquals("stop", cut.get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void errorsHaveOpenAisShapeAndStatus() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0));
        assertError(post(s, "/chat/completions", "{not json"), 400, "invalid_json");
        assertError(post(s, "/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}"), 400, null);
        assertError(post(s, "/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":3}"), 400, null);
        assertError(post(s, "/chat/completions", "{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"), 400, null);
        assertError(post(s, "/chat/completions", "{\"messages\":\"hi\"}"), 400, null);
        assertError(post(s, "/completions", "{\"prompt\":\"\"}"), 400, null);
        assertError(post(s, "/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                404, "model_not_found");
        assertError(post(s, "/embeddings", "{}"), 404, "unknown_url");
        var get = client.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(get, 405, null);
        assertEquals(0, s.running());
    }

    @Test
    void aKeyedServerAnswers401WithoutTheRightKey() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0).withApiKey("sk-aula-9"));
        String body = "{\"prompt\":\"Hello\",\"max_tokens\":2}";
        assertError(post(s, "/completions", body), 401, "invalid_api_key");
        assertError(post(s, "/completions", body, "sk-wrong"), 401, "invalid_api_key");
        assertEquals(200, post(s, "/completions", body, "sk-aula-9").statusCode());
    }

    @Test
    void nonLoopbackHostWithoutKeyIsRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ServeOptions("0.0.0.0", 0, null, 1, 1, 1000, false));
        assertTrue(e.getMessage().contains("API key"));
        new ServeOptions("0.0.0.0", 0, "k", 1, 1, 1000, false);
        new ServeOptions("localhost", 0, null, 1, 1, 1000, false);
    }

    @Test
    void aPromptOverTheWindowAndABodyOverTheLimitAre413() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0).withMaxBodyBytes(4096));
        String longPrompt = "Hello world ".repeat(100); // ≥ 128 tokens: the tiny window
        assertError(post(s, "/completions", "{\"prompt\":\"" + longPrompt + "\"}"), 413, "context_length_exceeded");
        assertError(post(s, "/completions", "{\"prompt\":\"" + "x".repeat(5000) + "\"}"), 413, "request_too_large");
        // max_tokens beyond the room left is trimmed, and the answer says "length".
        JsonNode j = json(post(s, "/completions", "{\"prompt\":\"" + "Hello world ".repeat(8) + "\",\"max_tokens\":500,\"temperature\":0}"));
        int in = j.get("usage").get("prompt_tokens").asInt();
        assertEquals(128 - in, j.get("usage").get("completion_tokens").asInt());
        assertEquals("length", j.get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void aFullQueueAnswers429AndTheWaitingRequestIsServedAfterwards() throws Exception {
        OpenAiServer s = start(slowGpt2(20), ServeOptions.local(0).withQueue(1, 1));
        String body = "{\"prompt\":\"Hello world\",\"max_tokens\":20,\"temperature\":0}";
        var req = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> s.running() == 1);
        CompletableFuture<HttpResponse<String>> second = client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> s.waiting() == 1);
        assertError(post(s, "/completions", body), 429, "queue_full");
        assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals(200, second.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals(json(first.get()).get("choices"), json(second.get()).get("choices"));
        // A request is logged after its answer is sent: wait for all three entries (the 429 and both 200s).
        List<RequestLogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RequestLogEntry e = log.poll(30, TimeUnit.SECONDS);
            if (e != null) entries.add(e);
        }
        assertTrue(entries.stream().anyMatch(e -> e.status() == 200 && e.queuedMs() > 100), "the second one waited: " + entries);
    }

    @Test
    void aStreamingClientThatDisconnectsStopsItsGeneration() throws Exception {
        ServedModel slow = slowGpt2(30);
        OpenAiServer s = start(slow, ServeOptions.local(0));
        String body = "{\"prompt\":\"Hello world\",\"max_tokens\":100,\"temperature\":0,\"stream\":true}";
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            var seen = new StringBuilder();
            while (!seen.toString().contains("data: ")) seen.append((char) in.read());
        }
        RequestLogEntry e = log.poll(20, TimeUnit.SECONDS);
        assertNotNull(e, "the request ended");
        assertEquals("cancelled", e.finishReason());
        assertTrue(e.completionTokens() < 30, "stopped soon after the disconnect, not at 100: " + e.completionTokens());
        assertEquals(0, s.running());
    }

    @Test
    void aWaitingNonStreamedClientThatDisconnectsStopsItsGenerationToo() throws Exception {
        OpenAiServer s = start(slowGpt2(30), ServeOptions.local(0));
        String body = "{\"prompt\":\"Hello world\",\"max_tokens\":110,\"temperature\":0}";
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            Thread.sleep(OpenAiServer.PROBE_AFTER_MS + 300);
        }
        RequestLogEntry e = log.poll(20, TimeUnit.SECONDS);
        assertNotNull(e);
        assertEquals("cancelled", e.finishReason());
        assertTrue(e.completionTokens() < 100, "stopped before 110 tokens: " + e.completionTokens());
    }

    @Test
    void swappingTheModelKeepsTheUrlAndTheClientCode() throws Exception {
        OpenAiServer s = start(gpt2, ServeOptions.local(0));
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":3,\"temperature\":0}";
        assertEquals("gpt2-tiny", json(post(s, "/chat/completions", body)).get("model").asText());
        ServedModel previous = s.swap(qwen2);
        assertEquals(gpt2, previous);
        assertEquals("qwen2-tiny", json(post(s, "/chat/completions", body)).get("model").asText());
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not reached in 20 s");
            Thread.sleep(5);
        }
    }
}
