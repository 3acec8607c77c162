package br.lncc.llm.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The datasets-server protocol against a loopback server holding 250 rows. */
class DatasetRowsClientTest {
    private HttpServer server;
    private String base;
    private final List<String> queries = new ArrayList<>();
    private final AtomicInteger throttleOnce = new AtomicInteger(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/splits", ex -> {
            String q = ex.getRequestURI().getQuery();
            String body = q.contains("missing")
                    ? "{\"error\":\"not found\"}"
                    : "{\"splits\":[{\"dataset\":\"celsowm/imdb-reviews-pt-br\",\"config\":\"default\",\"split\":\"train\"}]}";
            reply(ex, q.contains("missing") ? 404 : 200, body);
        });
        server.createContext("/rows", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            queries.add(q);
            if (q.contains("offset=100") && throttleOnce.getAndDecrement() > 0) {
                reply(ex, 429, "{\"error\":\"rate limited\"}");
                return;
            }
            Map<String, String> p = new java.util.HashMap<>();
            for (String kv : q.split("&")) p.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            int offset = Integer.parseInt(p.get("offset")), length = Integer.parseInt(p.get("length"));
            StringBuilder rows = new StringBuilder();
            for (int i = offset; i < Math.min(250, offset + length); i++) {
                if (rows.length() > 0) rows.append(',');
                rows.append("{\"row_idx\":").append(i).append(",\"row\":{\"id\":").append(i)
                        .append(",\"texto\":\"review ").append(i).append("\",\"sentimento\":").append(i % 2)
                        .append("},\"truncated_cells\":[]}");
            }
            reply(ex, 200, "{\"features\":[],\"rows\":[" + rows + "],\"num_rows_total\":250,\"num_rows_per_page\":100,\"partial\":false}");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int code, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsEveryPageAndRetriesARateLimit() {
        var client = new DatasetRowsClient(base, Optional.empty());
        String[] cs = client.defaultSplit("celsowm/imdb-reviews-pt-br");
        assertEquals("default", cs[0]);
        assertEquals("train", cs[1]);
        long[] last = {0};
        var rows = client.allRows("celsowm/imdb-reviews-pt-br", cs[0], cs[1], new ProgressSink() {
            public void update(long done, long total, String message) {
                last[0] = done;
            }

            public boolean isCancelled() {
                return false;
            }
        });
        assertEquals(250, rows.size());
        assertEquals(249, rows.get(249).get("id").asInt());
        assertEquals(250, last[0]);
        assertEquals(4, queries.size()); // offsets 0, 100 (429), 100, 200
        assertTrue(queries.get(0).contains("dataset=celsowm%2Fimdb-reviews-pt-br"), queries.get(0));
    }

    @Test
    void unknownDatasetIsNotFound() {
        var e = assertThrows(HubException.class, () -> new DatasetRowsClient(base, Optional.empty()).defaultSplit("missing/x"));
        assertEquals(HubException.Reason.NOT_FOUND, e.reason());
    }

    @Test
    void noServerIsANetworkError() {
        server.stop(0);
        var e = assertThrows(HubException.class, () -> new DatasetRowsClient(base, Optional.empty()).defaultSplit("a/b"));
        assertEquals(HubException.Reason.NETWORK, e.reason());
    }
}
