package br.lncc.llm.hub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback imitation of the Hugging Face Hub: the revision API, the resolve endpoint with the
 * hub's headers (X-Repo-Commit, ETag = git blob sha1 for small files; for LFS files a 302 to a
 * "CDN" path with X-Linked-Etag = sha256 and X-Linked-Size), Range requests on the CDN, and
 * faults injected on demand. Every request is recorded.
 */
final class FakeHub implements AutoCloseable {

    record Request(String method, String path, String range, String authorization) {}

    private record Repo(String commit, Map<String, byte[]> files, Set<String> lfs, String requiredToken) {}

    private static final Pattern API = Pattern.compile("/api/models/(.+)/revision/([^/]+)");
    private static final Pattern RESOLVE = Pattern.compile("/(.+?)/resolve/([^/]+)/(.+)");
    private static final Pattern CDN = Pattern.compile("/cdn/([0-9a-f]{64})");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "fake-hub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Repo> repos = new HashMap<>();
    private final Map<String, byte[]> cdn = new HashMap<>();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** sha256 → byte offset after which the next CDN GET of it is cut (once). */
    private final Map<String, Long> cutAt = new HashMap<>();
    /** sha256 → byte offset where the next CDN GET of it goes silent for {@link #stallMs} (once). */
    private final Map<String, Long> stallAt = new HashMap<>();
    volatile int stallMs = 10_000;
    /** sha256 of LFS files served with one byte flipped. */
    private final Set<String> corrupt = new HashSet<>();
    /** sha256 → size announced in X-Linked-Size instead of the real one. */
    private final Map<String, Long> announcedSize = new HashMap<>();
    /** Delay (ms) after each 64 KiB chunk of CDN bodies, to make cancels land mid-file. */
    volatile int chunkDelayMs;
    final AtomicInteger cuts = new AtomicInteger();

    static {
        // Without it the JDK server waits on Nagle + delayed ACK (~40 ms) after every response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a repo; files whose name ends with .safetensors are LFS files served through the CDN. */
    FakeHub repo(String id, String commit, Map<String, byte[]> files) {
        return repo(id, commit, files, null);
    }

    FakeHub repo(String id, String commit, Map<String, byte[]> files, String requiredToken) {
        Set<String> lfs = new HashSet<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (e.getKey().endsWith(".safetensors") || e.getKey().endsWith(".bin")) {
                lfs.add(e.getKey());
                cdn.put(HubFixtures.sha256(e.getValue()), e.getValue());
            }
        }
        repos.put(id, new Repo(commit, new LinkedHashMap<>(files), lfs, requiredToken));
        return this;
    }

    void cutOnce(byte[] content, long afterBytes) {
        cutAt.put(HubFixtures.sha256(content), afterBytes);
    }

    void stallOnce(byte[] content, long afterBytes) {
        stallAt.put(HubFixtures.sha256(content), afterBytes);
    }

    void announceSize(byte[] content, long size) {
        announcedSize.put(HubFixtures.sha256(content), size);
    }

    void corrupt(byte[] content) {
        corrupt.add(HubFixtures.sha256(content));
    }

    List<Request> requestsTo(String pathPart) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().contains(pathPart)).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Headers in = ex.getRequestHeaders();
        requests.add(new Request(ex.getRequestMethod(), java.net.URLDecoder.decode(path, StandardCharsets.UTF_8),
                in.getFirst("Range"), in.getFirst("Authorization")));
        try {
            Matcher m;
            if ((m = API.matcher(path)).matches()) {
                api(ex, m.group(1));
            } else if ((m = CDN.matcher(path)).matches()) {
                cdn(ex, m.group(1));
            } else if ((m = RESOLVE.matcher(path)).matches()) {
                resolve(ex, m.group(1), m.group(2), java.net.URLDecoder.decode(m.group(3), StandardCharsets.UTF_8));
            } else {
                error(ex, 404, "EntryNotFound");
            }
        } finally {
            ex.close();
        }
    }

    private boolean authorized(HttpExchange ex, Repo repo) throws IOException {
        if (repo.requiredToken() == null) return true;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (("Bearer " + repo.requiredToken()).equals(auth)) return true;
        // Like the hub: anonymous → 401; a token without access (terms not accepted) → 403.
        error(ex, auth == null ? 401 : 403, "GatedRepo");
        return false;
    }

    private void api(HttpExchange ex, String repoId) throws IOException {
        Repo repo = repos.get(repoId);
        if (repo == null) {
            error(ex, 404, "RepoNotFound");
            return;
        }
        if (!authorized(ex, repo)) return;
        StringBuilder json = new StringBuilder("{\"id\":\"" + repoId + "\",\"sha\":\"" + repo.commit() + "\",\"siblings\":[");
        int i = 0;
        for (String f : repo.files().keySet()) json.append(i++ > 0 ? "," : "").append("{\"rfilename\":\"").append(f).append("\"}");
        json.append("]}");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private void resolve(HttpExchange ex, String repoId, String revision, String file) throws IOException {
        Repo repo = repos.get(repoId);
        if (repo == null) {
            error(ex, 404, "RepoNotFound");
            return;
        }
        if (!authorized(ex, repo)) return;
        if (!revision.equals(repo.commit()) && !revision.equals("main")) {
            error(ex, 404, "RevisionNotFound");
            return;
        }
        byte[] content = repo.files().get(file);
        if (content == null) {
            error(ex, 404, "EntryNotFound");
            return;
        }
        Headers out = ex.getResponseHeaders();
        out.set("X-Repo-Commit", repo.commit());
        if (repo.lfs().contains(file)) {
            String sha = HubFixtures.sha256(content);
            out.set("ETag", "\"" + HubFixtures.gitBlobSha1(pointerFile(content)) + "\"");
            out.set("X-Linked-Etag", "\"" + sha + "\"");
            out.set("X-Linked-Size", Long.toString(announcedSize.getOrDefault(sha, (long) content.length)));
            out.set("Location", endpoint() + "/cdn/" + sha);
            ex.sendResponseHeaders(302, -1);
            return;
        }
        out.set("ETag", "\"" + HubFixtures.gitBlobSha1(content) + "\"");
        if (ex.getRequestMethod().equals("HEAD")) {
            // The JDK server cannot send Content-Length on HEAD; the hub does, the client copes either way.
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, content.length);
        ex.getResponseBody().write(content);
    }

    private void cdn(HttpExchange ex, String sha) throws IOException {
        byte[] content = cdn.get(sha);
        if (content == null) {
            error(ex, 404, "EntryNotFound");
            return;
        }
        if (corrupt.contains(sha)) {
            content = content.clone();
            content[content.length / 2] ^= 0x5a;
        }
        long start = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches()) start = Long.parseLong(m.group(1));
        if (start >= content.length && start > 0) {
            ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
            ex.sendResponseHeaders(416, -1);
            return;
        }
        int length = content.length - (int) start;
        if (start > 0) {
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
            ex.sendResponseHeaders(206, length);
        } else {
            ex.sendResponseHeaders(200, length);
        }
        Long cut = cutAt.remove(sha);
        Long stall = stallAt.remove(sha);
        OutputStream body = ex.getResponseBody();
        int pos = (int) start;
        while (pos < content.length) {
            int n = Math.min(64 * 1024, content.length - pos);
            if (cut != null && pos + n > cut) {
                body.write(content, pos, (int) (cut - pos));
                body.flush();
                cuts.incrementAndGet();
                // Closing with bytes still owed drops the connection: the client sees a cut mid-file.
                throw new IOException("fault injected: connection cut at byte " + cut);
            }
            if (stall != null && pos + n > stall) {
                body.write(content, pos, (int) (stall - pos));
                body.flush();
                pos = (int) (long) stall;
                stall = null;
                // The connection stays open but silent, like a dropped Wi-Fi.
                sleep(stallMs);
                continue;
            }
            body.write(content, pos, n);
            pos += n;
            if (chunkDelayMs > 0) sleep(chunkDelayMs);
        }
    }

    private static byte[] pointerFile(byte[] content) {
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:" + HubFixtures.sha256(content) + "\nsize "
                + content.length + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void error(HttpExchange ex, int status, String code) throws IOException {
        ex.getResponseHeaders().set("X-Error-Code", code);
        byte[] body = ("{\"error\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // wakes handlers still sleeping in a stall
    }
}
