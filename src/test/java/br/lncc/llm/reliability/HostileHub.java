package br.lncc.llm.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A Hugging Face Hub on loopback that lies: every answer (API JSON, ETag, size, body) can be
 * replaced by a hostile one. Files are served directly from {@code /resolve/} (no CDN redirect).
 */
final class HostileHub implements AutoCloseable {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** How a file's body is sent. */
    enum Body { NORMAL, ENDLESS, DRIP, SILENT }

    record Served(byte[] content, String etag, long advertisedSize, Body body) {}

    private final HttpServer server;
    final Map<String, Served> files = new LinkedHashMap<>();
    volatile String apiJson;

    HostileHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-hub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A file served honestly (right ETag and size) unless changed afterwards. */
    void file(String name, byte[] content) {
        files.put(name, new Served(content, sha256(content), content.length, Body.NORMAL));
    }

    void lie(String name, String etag, long advertisedSize, Body body) {
        Served s = files.get(name);
        files.put(name, new Served(s.content(), etag == null ? s.etag() : etag, advertisedSize, body));
    }

    /** The revision API's answer: this commit, these names as siblings (default: the files served). */
    String api(String commit, Iterable<String> siblings) {
        StringBuilder sb = new StringBuilder("{\"sha\":\"" + commit + "\",\"siblings\":[");
        int i = 0;
        for (String f : siblings) sb.append(i++ > 0 ? "," : "").append("{\"rfilename\":\"").append(f.replace("\\", "\\\\")).append("\"}");
        return sb.append("]}").toString();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = java.net.URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            if (path.startsWith("/api/models/")) {
                byte[] body = (apiJson != null ? apiJson : api(COMMIT, files.keySet())).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            int at = path.indexOf("/resolve/");
            String name = at < 0 ? null : path.substring(path.indexOf('/', at + "/resolve/".length()) + 1);
            Served s = name == null ? null : files.get(name);
            if (s == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"" + s.etag() + "\"");
            ex.getResponseHeaders().set("X-Linked-Size", Long.toString(s.advertisedSize()));
            ex.getResponseHeaders().set("X-Repo-Commit", COMMIT);
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, 0); // chunked: the body length is whatever we send
            OutputStream out = ex.getResponseBody();
            switch (s.body()) {
                case NORMAL -> out.write(s.content());
                case ENDLESS -> {
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < (1L << 40); sent += chunk.length) out.write(chunk); // until the client hangs up
                }
                case DRIP -> {
                    for (int i = 0; i < 100_000; i++) {
                        out.write(s.content()[i % s.content().length]);
                        out.flush();
                        Thread.sleep(200);
                    }
                }
                case SILENT -> Thread.sleep(600_000);
            }
        } catch (IOException | InterruptedException clientLeft) {
            // the client hung up: exactly what a capped or timed-out download does
        } finally {
            ex.close();
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
