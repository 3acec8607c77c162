package br.lncc.llm.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cap. 9.1.1 on localhost: the OpenAI REST subset real clients use — {@code GET /v1/models},
 * {@code POST /v1/chat/completions}, {@code POST /v1/completions} (with SSE streaming) — over a
 * {@link ServedModel}, so a student's script written for the OpenAI client runs against the
 * models the app loads, as it would against llama.cpp's server, Ollama or vLLM.
 *
 * <p>The JDK's own {@link HttpServer} is enough for one local user and adds no dependency. What
 * it lacks we add: a bounded admission queue (429 beyond it), Bearer-key checks, a body size
 * limit (413), and cancellation when the client goes away — streamed answers notice on the next
 * write; a non-streamed answer that runs longer than {@link #PROBE_AFTER_MS} starts sending JSON's
 * insignificant leading spaces so a closed connection shows up there too.
 */
public final class OpenAiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);
    static final long PROBE_AFTER_MS = 1000;
    static final long PROBE_EVERY_MS = 200;

    private final HttpServer http;
    private final ExecutorService workers;
    private final ServeOptions options;
    private final AdmissionGate gate;
    private final AtomicReference<ServedModel> served;
    private final Consumer<RequestLogEntry> log;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();

    private OpenAiServer(HttpServer http, ServeOptions options, ServedModel model, Consumer<RequestLogEntry> log) {
        this.http = http;
        this.options = options;
        this.gate = new AdmissionGate(options.maxConcurrent(), options.queueCapacity());
        this.served = new AtomicReference<>(model);
        this.log = log;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        http.createContext("/", this::handle);
    }

    /**
     * Starts listening; {@code log} receives one entry per request (on the request's thread).
     * The caller keeps ownership of {@code model}.
     */
    public static OpenAiServer start(ServedModel model, ServeOptions options, Consumer<RequestLogEntry> log) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        OpenAiServer server = new OpenAiServer(http, options, model, log);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The base URL clients take ({@code base_url} of the Python client): http://host:port/v1. */
    public String baseUrl() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + port() + "/v1";
    }

    public ServedModel model() {
        return served.get();
    }

    /** Generations running now and requests waiting for a turn (the page's queue display). */
    public int running() {
        return gate.running();
    }

    public int waiting() {
        return gate.waiting();
    }

    /**
     * Serves {@code next} from now on, after the generations in progress finish (Cap. 9.1.1's
     * "swap the model without rewriting the client"). Returns the previous model for the caller
     * to close.
     */
    public ServedModel swap(ServedModel next) throws InterruptedException {
        AtomicReference<ServedModel> previous = new AtomicReference<>();
        gate.exclusive(() -> previous.set(served.getAndSet(next)));
        return previous.get();
    }

    /** Stops listening; generations in progress stop at their next token. */
    @Override
    public void close() {
        closing.set(true);
        http.stop(0);
        workers.shutdownNow();
    }

    // ---- one request ----

    /** What the log line will say; filled in as the request goes. */
    private static final class Outcome {
        int status = 200;
        String model;
        boolean stream;
        int promptTokens = -1;
        int completionTokens;
        double queuedMs;
        double firstTokenMs;
        double totalMs;
        String finish;
        String prompt;
    }

    private void handle(HttpExchange ex) {
        inFlight.incrementAndGet();
        Outcome out = new Outcome();
        String path = ex.getRequestURI().getPath();
        try {
            route(ex, path, out);
        } catch (ApiError e) {
            out.status = e.kind().status;
            out.finish = e.code() != null ? e.code() : e.kind().type;
            sendJson(ex, e.kind().status, OpenAiJson.error(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.status = 503;
            out.finish = "shutting_down";
        } catch (IOException e) {
            out.status = 499;
            out.finish = "client_gone";
        } catch (RuntimeException e) {
            // A model failure (NaN logits, a tokenizer error): the message names the cause.
            LOG.warn("request {} failed", path, e);
            var err = new ApiError(ApiError.Kind.INTERNAL, "generation_failed", null, String.valueOf(e.getMessage()));
            out.status = 500;
            out.finish = "generation_failed";
            sendJson(ex, 500, OpenAiJson.error(err));
        } finally {
            ex.close();
            inFlight.decrementAndGet();
            var entry = new RequestLogEntry(Instant.now(), ex.getRequestMethod(), path, out.status, out.model, out.stream,
                    out.promptTokens, out.completionTokens, out.queuedMs, out.firstTokenMs, out.totalMs, out.finish,
                    options.logPrompts() ? out.prompt : null);
            LOG.debug(entry.line()); // the caller prints or lists it (CLI stderr, the Cap. 9 page): once is enough
            try {
                log.accept(entry);
            } catch (RuntimeException e) {
                LOG.warn("request log listener failed", e);
            }
        }
    }

    private void route(HttpExchange ex, String path, Outcome out) throws IOException, InterruptedException {
        String method = ex.getRequestMethod();
        if (method.equals("OPTIONS")) {
            ex.sendResponseHeaders(204, -1);
            out.status = 204;
            return;
        }
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            throw new ApiError(ApiError.Kind.NOT_FOUND, "unknown_url", null, "unknown URL " + path + " (the API lives under /v1)");
        }
        authorize(ex);
        ServedModel model = served.get();
        switch (path) {
            case "/v1/models" -> {
                requireMethod(method, "GET");
                sendJson(ex, 200, OpenAiJson.models(model));
            }
            case "/v1/chat/completions" -> {
                requireMethod(method, "POST");
                generate(ex, OpenAiJson.chat(OpenAiJson.body(readBody(ex))), true, out);
            }
            case "/v1/completions" -> {
                requireMethod(method, "POST");
                generate(ex, OpenAiJson.completion(OpenAiJson.body(readBody(ex))), false, out);
            }
            default -> {
                if (path.startsWith("/v1/models/")) {
                    requireMethod(method, "GET");
                    String id = path.substring("/v1/models/".length());
                    if (!id.equals(model.id())) throw unknownModel(id, model);
                    sendJson(ex, 200, OpenAiJson.model(model));
                } else {
                    throw new ApiError(ApiError.Kind.NOT_FOUND, "unknown_url", null, "unknown URL " + path);
                }
            }
        }
    }

    private static ApiError unknownModel(String id, ServedModel served) {
        return new ApiError(ApiError.Kind.NOT_FOUND, "model_not_found", "model",
                "the model '" + id + "' does not exist here; this server serves '" + served.id() + "' (GET /v1/models)");
    }

    private static void requireMethod(String method, String wanted) {
        if (!method.equals(wanted)) {
            throw new ApiError(ApiError.Kind.METHOD_NOT_ALLOWED, "method_not_allowed", null, "use " + wanted + " here, not " + method);
        }
    }

    private void authorize(HttpExchange ex) {
        if (options.apiKey() == null) return;
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String sent = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        // Constant-time comparison: the key must not leak through response timing.
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                options.apiKey().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(ApiError.Kind.UNAUTHORIZED, "invalid_api_key", null,
                    sent == null ? "missing API key: send 'Authorization: Bearer <key>'" : "incorrect API key provided");
        }
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        int limit = options.maxBodyBytes();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) throw tooLarge(limit);
            } catch (NumberFormatException e) {
                throw ApiError.invalid(null, "bad Content-Length header");
            }
        }
        var buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = ex.getRequestBody()) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                buf.write(chunk, 0, n);
                if (buf.size() > limit) throw tooLarge(limit);
            }
        }
        return buf.toByteArray();
    }

    private static ApiError tooLarge(int limit) {
        return new ApiError(ApiError.Kind.TOO_LARGE, "request_too_large", null,
                "the request body is larger than this server's limit of " + limit + " bytes");
    }

    private void generate(HttpExchange ex, OpenAiJson.Parsed parsed, boolean chat, Outcome out)
            throws IOException, InterruptedException {
        ServedModel model = served.get();
        out.model = model.id();
        out.stream = parsed.stream();
        if (parsed.model() != null && !parsed.model().equals(model.id())) throw unknownModel(parsed.model(), model);
        ServedModel.Prepared prepared = model.prepare(parsed.request());
        out.promptTokens = prepared.promptIds().length;
        if (options.logPrompts()) out.prompt = model.promptText(parsed.request().prompt(), new java.util.ArrayList<>());
        String id = (chat ? "chatcmpl-" : "cmpl-") + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        long created = System.currentTimeMillis() / 1000;
        try (AdmissionGate.Turn turn = gate.enter()) {
            out.queuedMs = turn.waitedMs();
            ServedModel current = served.get(); // a swap may have happened while waiting
            if (current != model) throw new ApiError(ApiError.Kind.UNAVAILABLE, "model_swapped", "model",
                    "the server switched to model '" + current.id() + "' while this request waited; send it again");
            Completion c = parsed.stream() ? stream(ex, model, prepared, parsed, chat, id, created)
                    : whole(ex, model, prepared, chat, id, created);
            out.completionTokens = c.completionTokens();
            out.firstTokenMs = c.firstTokenMs();
            out.totalMs = c.totalMs();
            out.finish = c.finishReason().wire();
            if (c.finishReason() == Completion.FinishReason.CANCELLED) out.status = 499; // nginx's "client closed request"
        }
    }

    /** A whole JSON answer; long runs probe the connection with leading spaces (valid JSON). */
    private Completion whole(HttpExchange ex, ServedModel model, ServedModel.Prepared p, boolean chat, String id, long created)
            throws IOException {
        var probe = new Probe(ex);
        Completion c = model.complete(p, delta -> {}, probe::abandoned);
        if (c.finishReason() == Completion.FinishReason.CANCELLED) return c;
        ObjectNode body = chat ? OpenAiJson.chatResponse(id, created, model.id(), c, p.logprobs() > 0)
                : OpenAiJson.completionResponse(id, created, model.id(), c, p.logprobs() > 0);
        if (probe.started) {
            probe.write(OpenAiJson.JSON.writeValueAsBytes(body));
        } else {
            sendJson(ex, 200, body);
        }
        return c;
    }

    /** Waits quietly at first (so errors keep their status), then writes a space every so often. */
    private final class Probe {
        final HttpExchange ex;
        final long start = System.nanoTime();
        long last;
        boolean started;
        boolean gone;

        Probe(HttpExchange ex) {
            this.ex = ex;
        }

        boolean abandoned() {
            if (closing.get() || gone) return true;
            long now = System.nanoTime();
            if ((now - start) / 1_000_000 < PROBE_AFTER_MS || (now - last) / 1_000_000 < PROBE_EVERY_MS) return false;
            last = now;
            try {
                if (!started) {
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, 0);
                    started = true;
                }
                write(new byte[] {' '});
            } catch (IOException e) {
                gone = true;
            }
            return gone;
        }

        void write(byte[] bytes) throws IOException {
            OutputStream os = ex.getResponseBody();
            os.write(bytes);
            os.flush();
        }
    }

    /** Server-Sent Events: one {@code data: {json}} per text delta, then the finish chunk and {@code data: [DONE]}. */
    private Completion stream(HttpExchange ex, ServedModel model, ServedModel.Prepared p, OpenAiJson.Parsed parsed,
            boolean chat, String id, long created) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream os = ex.getResponseBody();
        AtomicBoolean gone = new AtomicBoolean();
        Consumer<ObjectNode> send = chunk -> {
            if (gone.get()) return;
            try {
                os.write(("data: " + OpenAiJson.JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
                os.flush();
            } catch (IOException e) {
                gone.set(true);
            }
        };
        // logprobs asked: each chunk carries those of the tokens its text starts with (the 4.8 lab's distribution, live).
        boolean lp = p.logprobs() > 0;
        if (chat) send.accept(OpenAiJson.chatChunk(id, created, model.id(), "assistant", "", null, null));
        Completion c = model.complete(p,
                d -> send.accept(chat ? OpenAiJson.chatChunk(id, created, model.id(), null, d.text(), null, lp ? d.logprobs() : null)
                        : OpenAiJson.completionChunk(id, created, model.id(), d.text(), null, lp ? d.logprobs() : null)),
                () -> gone.get() || closing.get());
        if (c.finishReason() == Completion.FinishReason.CANCELLED) return c;
        String finish = c.finishReason().wire();
        send.accept(chat ? OpenAiJson.chatChunk(id, created, model.id(), null, null, finish, null)
                : OpenAiJson.completionChunk(id, created, model.id(), "", finish, null));
        if (parsed.includeUsage()) {
            send.accept(OpenAiJson.usageChunk(id, chat ? "chat.completion.chunk" : "text_completion", created, model.id(), c));
        }
        if (!gone.get()) {
            try {
                os.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                os.flush();
            } catch (IOException e) {
                gone.set(true);
            }
        }
        return c;
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) {
        try {
            byte[] bytes = OpenAiJson.JSON.writeValueAsBytes(body);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        } catch (IOException e) {
            // The client is gone; nothing left to tell it.
        }
    }
}
