package br.lncc.llm.serve;

import br.lncc.llm.generate.ChatTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI REST shapes the official clients send and expect, for the subset we serve:
 * request bodies → {@link CompletionRequest}, {@link Completion} → response bodies and SSE chunks.
 * Fields we do not implement (frequency_penalty, tools, ...) are ignored, as most local servers do.
 */
final class OpenAiJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiJson() {}

    /** A parsed body: the typed request, whether to stream, and the model it names (null = any). */
    record Parsed(CompletionRequest request, boolean stream, boolean includeUsage, String model) {}

    static JsonNode body(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) throw ApiError.invalid(null, "the request body must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiError(ApiError.Kind.INVALID_REQUEST, "invalid_json", null,
                    "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiError(ApiError.Kind.INVALID_REQUEST, "invalid_json", null, "the request body could not be read");
        }
    }

    static Parsed chat(JsonNode b) {
        JsonNode msgs = b.path("messages");
        if (!msgs.isArray()) throw ApiError.invalid("messages", "'messages' must be an array of {role, content}");
        List<ChatTemplate.Message> messages = new ArrayList<>();
        for (JsonNode m : msgs) {
            String role = m.path("role").asText("");
            if (role.equals("developer")) role = "system"; // OpenAI's newer name for the system message
            messages.add(new ChatTemplate.Message(role, content(m.path("content"))));
        }
        int top = 0;
        if (b.path("logprobs").asBoolean(false)) top = Math.max(1, b.path("top_logprobs").asInt(1));
        return new Parsed(common(b, new PromptInput.Conversation(messages), top), stream(b), includeUsage(b), model(b));
    }

    static Parsed completion(JsonNode b) {
        JsonNode p = b.path("prompt");
        String text;
        if (p.isTextual()) text = p.asText();
        else if (p.isArray() && p.size() == 1 && p.get(0).isTextual()) text = p.get(0).asText();
        else throw ApiError.invalid("prompt", "'prompt' must be one string (batches of prompts and token arrays are not supported)");
        JsonNode lp = b.path("logprobs");
        int top = lp.isNull() || lp.isMissingNode() ? 0 : integer(b, "logprobs");
        return new Parsed(common(b, new PromptInput.RawText(text), top), stream(b), includeUsage(b), model(b));
    }

    private static CompletionRequest common(JsonNode b, PromptInput prompt, int logprobs) {
        if (b.hasNonNull("n") && integer(b, "n") != 1) throw ApiError.invalid("n", "only n=1 is supported");
        if (b.hasNonNull("echo") && b.get("echo").asBoolean()) throw ApiError.invalid("echo", "echo is not supported");
        Integer max = null;
        if (b.hasNonNull("max_completion_tokens")) max = integer(b, "max_completion_tokens");
        else if (b.hasNonNull("max_tokens")) max = integer(b, "max_tokens");
        List<String> stop = new ArrayList<>();
        JsonNode s = b.path("stop");
        if (s.isTextual()) stop.add(s.asText());
        else if (s.isArray()) for (JsonNode x : s) stop.add(x.asText());
        else if (!s.isMissingNode() && !s.isNull()) throw ApiError.invalid("stop", "'stop' must be a string or an array of strings");
        Long seed = b.hasNonNull("seed") ? (long) number(b, "seed") : null;
        return new CompletionRequest(prompt, max, b.hasNonNull("temperature") ? number(b, "temperature") : null,
                b.hasNonNull("top_p") ? number(b, "top_p") : null, stop, seed, logprobs);
    }

    /** Message content: a string, or OpenAI's array of parts of which we read the text ones. */
    private static String content(JsonNode c) {
        if (c.isTextual()) return c.asText();
        if (c.isNull() || c.isMissingNode()) return "";
        if (c.isArray()) {
            var b = new StringBuilder();
            for (JsonNode part : c) {
                if (!part.path("type").asText("text").equals("text")) {
                    throw ApiError.invalid("messages", "only text content parts are supported, not '" + part.path("type").asText() + "'");
                }
                b.append(part.path("text").asText(""));
            }
            return b.toString();
        }
        throw ApiError.invalid("messages", "message content must be a string or an array of text parts");
    }

    private static boolean stream(JsonNode b) {
        return b.path("stream").asBoolean(false);
    }

    private static boolean includeUsage(JsonNode b) {
        return b.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static String model(JsonNode b) {
        return b.hasNonNull("model") ? b.get("model").asText() : null;
    }

    private static double number(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (!n.isNumber()) throw ApiError.invalid(field, "'" + field + "' must be a number");
        return n.asDouble();
    }

    private static int integer(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (!n.canConvertToInt() || !n.isIntegralNumber()) throw ApiError.invalid(field, "'" + field + "' must be an integer");
        return n.asInt();
    }

    // ---- responses ----

    static ObjectNode error(ApiError e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.kind().type);
        if (e.param() == null) err.putNull("param");
        else err.put("param", e.param());
        if (e.code() == null) err.putNull("code");
        else err.put("code", e.code());
        return root;
    }

    static ObjectNode models(ServedModel m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        root.putArray("data").add(model(m));
        return root;
    }

    static ObjectNode model(ServedModel m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", m.id());
        o.put("object", "model");
        o.put("created", m.createdEpochSeconds());
        o.put("owned_by", "companion");
        o.put("context_window", m.model().maxPositions());
        return o;
    }

    private static ObjectNode envelope(String id, String object, long created, String model) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("object", object);
        o.put("created", created);
        o.put("model", model);
        o.put("system_fingerprint", "companion-" + br.lncc.llm.platform.AppInfo.version());
        return o;
    }

    static ObjectNode usage(Completion c) {
        ObjectNode u = JSON.createObjectNode();
        u.put("prompt_tokens", c.promptTokens());
        u.put("completion_tokens", c.completionTokens());
        u.put("total_tokens", c.promptTokens() + c.completionTokens());
        return u;
    }

    static ObjectNode chatResponse(String id, long created, String model, Completion c, boolean logprobs) {
        ObjectNode o = envelope(id, "chat.completion", created, model);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", c.text());
        if (logprobs) choice.set("logprobs", chatLogprobs(c.logprobs()));
        else choice.putNull("logprobs");
        choice.put("finish_reason", c.finishReason().wire());
        o.set("usage", usage(c));
        o.put("seed", c.seed());
        return o;
    }

    private static ObjectNode chatLogprobs(List<Completion.TokenLogprob> tokens) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode content = o.putArray("content");
        for (var t : tokens) {
            ObjectNode e = content.addObject();
            e.put("token", t.token());
            e.put("logprob", t.logprob());
            e.set("bytes", bytes(t.bytes()));
            ArrayNode top = e.putArray("top_logprobs");
            for (var a : t.top()) {
                ObjectNode x = top.addObject();
                x.put("token", a.token());
                x.put("logprob", a.logprob());
                x.set("bytes", bytes(a.bytes()));
            }
        }
        return o;
    }

    private static JsonNode bytes(byte[] token) {
        if (token == null) return JSON.nullNode();
        ArrayNode a = JSON.createArrayNode();
        for (byte x : token) a.add(x & 0xFF);
        return a;
    }

    static ObjectNode completionResponse(String id, long created, String model, Completion c, boolean logprobs) {
        ObjectNode o = envelope(id, "text_completion", created, model);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("text", c.text());
        choice.put("index", 0);
        if (logprobs) choice.set("logprobs", completionLogprobs(c.logprobs()));
        else choice.putNull("logprobs");
        choice.put("finish_reason", c.finishReason().wire());
        o.set("usage", usage(c));
        o.put("seed", c.seed());
        return o;
    }

    /** The legacy completions shape: parallel lists, top_logprobs as {token: logprob} maps. */
    private static ObjectNode completionLogprobs(List<Completion.TokenLogprob> list) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode tokens = o.putArray("tokens");
        ArrayNode lps = o.putArray("token_logprobs");
        ArrayNode tops = o.putArray("top_logprobs");
        ArrayNode offsets = o.putArray("text_offset");
        for (var t : list) {
            tokens.add(t.token());
            lps.add(t.logprob());
            ObjectNode top = tops.addObject();
            for (var a : t.top()) if (!top.has(a.token())) top.put(a.token(), a.logprob());
            offsets.add(t.textOffset());
        }
        return o;
    }

    /**
     * One SSE chunk of a streamed chat answer: a text delta, the opening role, or the closing
     * finish_reason. {@code logprobs} (null when not asked) are the tokens that start in this delta,
     * in the same shape as the whole answer's {@code logprobs.content}.
     */
    static ObjectNode chatChunk(String id, long created, String model, String role, String text, String finish,
            List<Completion.TokenLogprob> logprobs) {
        ObjectNode o = envelope(id, "chat.completion.chunk", created, model);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) delta.put("role", role);
        if (text != null) delta.put("content", text);
        if (logprobs != null) choice.set("logprobs", chatLogprobs(logprobs));
        else choice.putNull("logprobs");
        if (finish == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finish);
        return o;
    }

    /** One SSE chunk of a streamed completion; {@code logprobs} as in {@link #chatChunk}, legacy shape. */
    static ObjectNode completionChunk(String id, long created, String model, String text, String finish,
            List<Completion.TokenLogprob> logprobs) {
        ObjectNode o = envelope(id, "text_completion", created, model);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("text", text);
        choice.put("index", 0);
        if (logprobs != null) choice.set("logprobs", completionLogprobs(logprobs));
        else choice.putNull("logprobs");
        if (finish == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finish);
        return o;
    }

    /** The extra chunk stream_options.include_usage asks for: no choices, the usage. */
    static ObjectNode usageChunk(String id, String object, long created, String model, Completion c) {
        ObjectNode o = envelope(id, object, created, model);
        o.putArray("choices");
        o.set("usage", usage(c));
        return o;
    }
}
