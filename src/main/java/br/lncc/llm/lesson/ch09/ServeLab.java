package br.lncc.llm.lesson.ch09;

import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.serve.OpenAiServer;
import br.lncc.llm.serve.RequestLogEntry;
import br.lncc.llm.serve.ServeOptions;
import br.lncc.llm.serve.ServedModel;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Cap. 9.1.1 in class: start the OpenAI-compatible server for a chosen model, send it the same
 * client request, swap the model behind the same URL and send it again. No JavaFX; the page calls
 * every method from a background task.
 */
public final class ServeLab implements AutoCloseable {
    /** The section of the page that holds the models, as the model manager lists it. */
    public static final String HOLDER = "9.1.1";
    private static final Set<String> CAUSAL = Set.of("gpt2", "llama", "qwen2", "smollm3", "phi");

    /** A model the page can serve. */
    public sealed interface Choice {
        String id();

        /** A folder on disk (Hugging Face cache, imported, the course model). */
        record Folder(String id, Path folder) implements Choice {}

        /** The project's tiny random Qwen2: works with nothing downloaded; its text is gibberish. */
        record TinyRandom() implements Choice {
            public static final String ID = "qwen2-tiny-random";

            @Override
            public String id() {
                return ID;
            }
        }
    }

    private OpenAiServer server;
    private final List<Answer> answers = new ArrayList<>();
    private final java.util.Map<String, Path> folders = new java.util.LinkedHashMap<>();
    private String question;
    private int maxTokens;

    /** The course model first, the tiny random model, then every ready causal model the catalog knows. */
    public static List<Choice> choices() {
        List<Choice> out = new ArrayList<>();
        try {
            out.add(new Choice.Folder(ServedModel.COURSE_MODEL_ID, ServedModel.courseModelFolder()));
        } catch (RuntimeException e) {
            // A build without the course model still serves the others.
        }
        out.add(new Choice.TinyRandom());
        try {
            for (ModelEntry e : ModelCatalog.standard().list()) {
                if (ModelEntry.STATUS_READY.equals(e.status()) && CAUSAL.contains(e.architecture())) {
                    out.add(new Choice.Folder(e.id(), e.path()));
                }
            }
        } catch (RuntimeException e) {
            // An unreadable catalog leaves the tiny model, which needs no files.
        }
        return out;
    }

    private ServedModel open(Choice c) {
        if (c instanceof Choice.Folder f) {
            folders.put(f.id(), f.folder());
            return ServedModel.leased(f.id(), f.folder(), HOLDER);
        }
        return ServedModel.leasedTiny(c.id(), 42, HOLDER);
    }

    /** Loads {@code choice} and starts listening on 127.0.0.1:{@code port} (0 = any free port). */
    public synchronized String start(Choice choice, int port, Consumer<RequestLogEntry> log) throws IOException {
        if (server != null) throw new IllegalStateException("already running");
        ServedModel model = open(choice);
        try {
            server = OpenAiServer.start(model, ServeOptions.local(port), log);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return server.baseUrl();
    }

    /** Serves {@code choice} behind the same URL from the next request on; the previous model is released. */
    public synchronized void swap(Choice choice) throws InterruptedException {
        if (server == null) throw new IllegalStateException("not running");
        ServedModel next = open(choice);
        server.swap(next).close();
    }

    public synchronized boolean running() {
        return server != null;
    }

    public synchronized String baseUrl() {
        return server == null ? null : server.baseUrl();
    }

    public synchronized String modelId() {
        return server == null ? null : server.model().id();
    }

    /**
     * What the page's own client got back. {@code text} is the served message with each "�" run
     * written as the bytes the tokens carried there ({@code <0xNN>}, as page 4.8 shows them).
     */
    public record Answer(String model, String text, int status, int completionTokens, double ms) {
        /** Answered by the tiny random model: real arithmetic, meaningless text (the page says so beside it). */
        public boolean randomWeights() {
            return Choice.TinyRandom.ID.equals(model);
        }
    }

    /**
     * Sends the snippet's request with the JDK's HTTP client, exactly as an outside script would:
     * ask /v1/models which model is there, then a chat completion. It also asks for logprobs, whose
     * {@code bytes} say which bytes a half-character token was: JSON text can only carry "�".
     */
    public Answer ask(String question, int maxTokens) throws IOException, InterruptedException {
        String base = baseUrl();
        if (base == null) throw new IllegalStateException("not running");
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var json = new ObjectMapper();
        long t0 = System.nanoTime();
        JsonNode models = json.readTree(client.send(HttpRequest.newBuilder(URI.create(base + "/models")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String model = models.path("data").path(0).path("id").asText();
        var body = json.createObjectNode().put("model", model).put("max_tokens", maxTokens).put("temperature", 0.7).put("seed", 42);
        body.put("logprobs", true);
        body.putArray("messages").addObject().put("role", "user").put("content", question);
        var r = client.send(HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode j = json.readTree(r.body());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) return new Answer(model, j.path("error").path("message").asText(), r.statusCode(), 0, ms);
        JsonNode choice = j.path("choices").path(0);
        var bytes = new java.io.ByteArrayOutputStream();
        for (JsonNode token : choice.path("logprobs").path("content")) {
            for (JsonNode b : token.path("bytes")) bytes.write(b.asInt());
        }
        var a = new Answer(j.path("model").asText(), readable(choice.path("message").path("content").asText(), bytes.toByteArray()),
                200, j.path("usage").path("completion_tokens").asInt(), ms);
        synchronized (this) {
            if (!question.equals(this.question) || maxTokens != this.maxTokens) answers.clear();
            this.question = question;
            this.maxTokens = maxTokens;
            answers.add(a);
        }
        return a;
    }

    /**
     * {@code content} with each run of "�" written as the bytes the tokens carried there. The
     * tokens' bytes may run past the text (the end token's own text, a cut at a stop string), so
     * the two are walked side by side up to the text's end; where they do not line up the served
     * text is kept as it came.
     */
    static String readable(String content, byte[] tokenBytes) {
        if (content.indexOf('\uFFFD') < 0) return content;
        String shown = TextTokenizer.showingBytes(tokenBytes);
        var out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < content.length()) {
            char c = content.charAt(i);
            if (j < shown.length() && shown.charAt(j) == c) {
                out.append(c);
                i++;
                j++;
            } else if (c == '\uFFFD' && isByte(shown, j)) {
                while (i < content.length() && content.charAt(i) == '\uFFFD') i++;
                for (; isByte(shown, j); j += 6) out.append(shown, j, j + 6);
            } else {
                return content;
            }
        }
        return out.toString();
    }

    private static boolean isByte(String shown, int at) {
        return shown.startsWith("<0x", at) && at + 6 <= shown.length() && shown.charAt(at + 5) == '>';
    }

    /**
     * The swap demo as an experiment record (Cap. 8.6): the question verbatim, each model's answer,
     * the request's settings, and the SHA-256 of every served model's files.
     */
    public synchronized ExperimentRecord record(String title) throws IOException {
        if (answers.isEmpty()) throw new IllegalStateException("nothing asked yet");
        var b = ExperimentRecord.builder(title, HOLDER).precision("fp32").seed(42L)
                .setting("temperature", 0.7, "request")
                .setting("max_tokens", maxTokens, "request")
                .setting("seed", 42, "request")
                .setting("chat template", "checkpoint's ChatML, else raw-text rule", "server");
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (Answer a : answers) ids.add(a.model());
        for (String id : ids) b.model(id, folders.get(id));
        int p = b.prompt(question);
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            b.output(p, a.model(), a.text());
            b.metric("answer" + (i + 1) + ".completion_tokens", a.completionTokens());
            b.metric("answer" + (i + 1) + ".ms", a.ms());
        }
        return b.build();
    }

    /** Stops listening and releases the model. */
    public synchronized void stop() {
        if (server == null) return;
        ServedModel m = server.model();
        server.close();
        server = null;
        m.close();
    }

    @Override
    public void close() {
        stop();
    }
}
