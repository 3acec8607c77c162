package br.lncc.llm.hub;

import br.lncc.llm.text.Message;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rows of a Hugging Face dataset through the datasets-server JSON API ({@code /splits},
 * {@code /rows}), page by page (the server returns at most 100 rows per request). No Parquet or
 * Arrow reader needed; the base URL is a parameter so tests use a loopback server.
 */
public final class DatasetRowsClient {
    public static final String DEFAULT_BASE = "https://datasets-server.huggingface.co";
    public static final int PAGE = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Optional<String> token;
    private final HttpClient http;

    public DatasetRowsClient(String base, Optional<String> token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The public datasets-server with the configured hub token; refuses in offline mode. */
    public static DatasetRowsClient fromConfig(HubConfig config) {
        if (config.offline()) {
            throw new HubException(HubException.Reason.OFFLINE, Message.of("hub.dataset.offline"),
                    "HF_HUB_OFFLINE or the app's offline setting is on", null);
        }
        return new DatasetRowsClient(DEFAULT_BASE, config.token());
    }

    /** Config and split to read: "train" of the first config that has it, else the first split. */
    public String[] defaultSplit(String dataset) {
        JsonNode splits = get("/splits?dataset=" + enc(dataset)).path("splits");
        if (!splits.isArray() || splits.isEmpty()) {
            throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.dataset.noSplits", dataset),
                    "empty /splits answer", null);
        }
        for (JsonNode s : splits) {
            if ("train".equals(s.path("split").asText())) return new String[] {s.path("config").asText(), "train"};
        }
        return new String[] {splits.get(0).path("config").asText(), splits.get(0).path("split").asText()};
    }

    /** Every row of the split (the "row" objects), reporting rows fetched; cancel between pages. */
    public List<JsonNode> allRows(String dataset, String config, String split, ProgressSink progress) {
        List<JsonNode> rows = new ArrayList<>();
        long total = -1;
        for (long offset = 0; total < 0 || offset < total; offset += PAGE) {
            progress.checkCancelled();
            JsonNode page = get("/rows?dataset=" + enc(dataset) + "&config=" + enc(config) + "&split=" + enc(split)
                    + "&offset=" + offset + "&length=" + PAGE);
            total = page.path("num_rows_total").asLong(-1);
            JsonNode pageRows = page.path("rows");
            if (total < 0 || !pageRows.isArray()) {
                throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.dataset.unexpected", dataset),
                        "missing num_rows_total/rows at offset " + offset, null);
            }
            for (JsonNode r : pageRows) rows.add(r.path("row"));
            if (pageRows.isEmpty()) break;
            progress.update(rows.size(), total, Message.of("hub.dataset.progress", dataset, String.valueOf(rows.size()), String.valueOf(total)));
        }
        return rows;
    }

    private JsonNode get(String pathAndQuery) {
        URI uri = URI.create(base + pathAndQuery);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> resp;
            try {
                resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new HubException(HubException.Reason.NETWORK, Message.of("hub.dataset.network"),
                        uri + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException(HubException.Reason.NETWORK, "download interrompido", uri.toString(), e);
            }
            int code = resp.statusCode();
            if ((code == 429 || code >= 500) && attempt < 4) {
                // rate limit or a busy server: back off and ask for the same page again
                sleep(250L << attempt);
                continue;
            }
            if (code == 401) throw new HubException(HubException.Reason.UNAUTHORIZED, Message.of("hub.dataset.unauthorized"), uri + " → 401", null);
            if (code == 403) throw new HubException(HubException.Reason.FORBIDDEN, Message.of("hub.dataset.forbidden"), uri + " → 403", null);
            if (code == 404) throw new HubException(HubException.Reason.NOT_FOUND, Message.of("hub.dataset.notFound"), uri + " → 404: " + resp.body(), null);
            if (code != 200) throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.dataset.httpError", String.valueOf(code)), uri + ": " + resp.body(), null);
            try {
                return JSON.readTree(resp.body());
            } catch (IOException e) {
                throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.dataset.notJson"), uri + ": " + e.getMessage(), e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
