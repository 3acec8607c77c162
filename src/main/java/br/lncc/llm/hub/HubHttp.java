package br.lncc.llm.hub;

import br.lncc.llm.text.Message;
import br.lncc.llm.platform.AppInfo;
import br.lncc.llm.task.CancelledException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP side of talking to the hub: headers (token, user agent, no compression), redirects
 * followed by hand so the token never leaves the hub's host (huggingface_hub drops it on the CDN
 * redirect too), and HTTP failures turned into {@link HubException}s with Portuguese messages.
 */
final class HubHttp {

    private static final int MAX_REDIRECTS = 10;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubConfig config;
    private final HttpClient client;
    private final String userAgent;

    HubHttp(HubConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.userAgent = "llm-course-companion/" + AppInfo.version() + "; java/" + Runtime.version().feature();
    }

    /** GET of a JSON API answer (the revision endpoint). */
    JsonNode getJson(URI uri, Message what) {
        HttpResponse<InputStream> response = send(request(uri, "GET", -1), HttpResponse.BodyHandlers.ofInputStream(), true);
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) throw failure(response.statusCode(), response.headers(), what, uri);
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !tree.isObject()) throw new com.fasterxml.jackson.core.JsonParseException(null, "not a JSON object");
            return tree;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // The server answered, but not in JSON: a protocol problem, not the network.
            throw new HubException(HubException.Reason.PROTOCOL, Message.of("hubsafety.notJson", what),
                    "GET " + uri + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw networkFailure(e, uri);
        }
    }

    /**
     * HEAD without following the CDN redirect: huggingface_hub reads the file's commit, ETag and
     * size from the hub's own answer (X-Repo-Commit, X-Linked-Etag, X-Linked-Size on the 302 of an
     * LFS file). Relative redirects (a renamed repository) are followed.
     */
    HttpResponse<Void> head(URI uri, Message what) {
        URI current = uri;
        for (int i = 0; i <= MAX_REDIRECTS; i++) {
            HttpResponse<Void> response = send(request(current, "HEAD", -1), HttpResponse.BodyHandlers.discarding(), true);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (isRedirect(status) && location.isPresent() && URI.create(location.get()).getHost() == null) {
                current = current.resolve(location.get());
                continue;
            }
            if (status >= 400) throw failure(status, response.headers(), what, current);
            return response;
        }
        throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.http.redirects", what),
                "too many redirects from " + uri, null);
    }

    /** GET from {@code rangeStart} (≥ 0: sends Range), following redirects; caller checks the status. */
    HttpResponse<InputStream> get(URI uri, long rangeStart, Message what) {
        URI current = uri;
        for (int i = 0; i <= MAX_REDIRECTS; i++) {
            boolean sameHost = isHubHost(current);
            HttpResponse<InputStream> response = send(request(current, "GET", rangeStart), HttpResponse.BodyHandlers.ofInputStream(), sameHost);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (isRedirect(status) && location.isPresent()) {
                closeQuietly(response.body());
                current = current.resolve(location.get());
                continue;
            }
            if (status >= 400 && status != 416) {
                closeQuietly(response.body());
                throw failure(status, response.headers(), what, current);
            }
            return response;
        }
        throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.http.redirectsDownload", what),
                "too many redirects from " + uri, null);
    }

    private HttpRequest.Builder request(URI uri, String method, long rangeStart) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("User-Agent", userAgent)
                // Byte-exact transfers: sizes and checksums refer to the uncompressed file.
                .header("Accept-Encoding", "identity")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (rangeStart > 0) b.header("Range", "bytes=" + rangeStart + "-");
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, boolean withToken) {
        if (config.offline()) {
            // Guard: offline mode must never open a connection, whatever path led here.
            throw new HubException(HubException.Reason.OFFLINE, Message.of("hub.http.offline"),
                    "offline mode (HF_HUB_OFFLINE or app setting)", null);
        }
        if (withToken) config.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpRequest built = request.build();
        try {
            return client.send(built, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (IOException e) {
            throw networkFailure(e, built.uri());
        }
    }

    private boolean isHubHost(URI uri) {
        URI hub = URI.create(config.endpoint());
        return Objects.equals(hub.getHost(), uri.getHost()) && hub.getPort() == uri.getPort();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Maps an HTTP error answer to a message that tells the student what to do. */
    HubException failure(int status, HttpHeaders headers, Message what, URI uri) {
        String errorCode = headers.firstValue("X-Error-Code").orElse("");
        String hubMessage = headers.firstValue("X-Error-Message").orElse("");
        String detail = "HTTP " + status + " " + uri + (errorCode.isEmpty() ? "" : " X-Error-Code=" + errorCode)
                + (hubMessage.isEmpty() ? "" : " X-Error-Message=" + hubMessage);
        boolean hasToken = config.token().isPresent();
        Message advice = Message.of(hasToken ? "hub.http.tokenNoAccess" : "hub.http.tokenNeeded");
        return switch (status) {
            case 401 -> new HubException(HubException.Reason.UNAUTHORIZED, Message.of("hub.http.401", what, advice), detail, null);
            case 403 -> new HubException(HubException.Reason.FORBIDDEN,
                    hasToken ? Message.of("hub.http.403.token", what) : Message.of("hub.http.403.noToken", what, advice),
                    detail, null);
            case 404 -> new HubException(HubException.Reason.NOT_FOUND, notFoundMessage(errorCode, what), detail, null);
            default -> new HubException(HubException.Reason.PROTOCOL,
                    Message.of("hub.http.status", String.valueOf(status), what), detail, null);
        };
    }

    private static Message notFoundMessage(String errorCode, Message what) {
        return switch (errorCode) {
            case "RepoNotFound" -> Message.of("hub.http.404.repo", what);
            case "RevisionNotFound" -> Message.of("hub.http.404.revision", what);
            case "EntryNotFound" -> Message.of("hub.http.404.entry", what);
            default -> Message.of("hub.http.404", what);
        };
    }

    HubException networkFailure(IOException e, URI uri) {
        String host = uri.getHost();
        String detail = e.getClass().getName() + ": " + e.getMessage() + " (" + uri + ")";
        if (isUnknownHost(e)) {
            return new HubException(HubException.Reason.NETWORK, Message.of("hub.net.unknownHost", host), detail, e);
        }
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return new HubException(HubException.Reason.NETWORK, Message.of("hub.net.cannotConnect", host), detail, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new HubException(HubException.Reason.NETWORK, Message.of("hub.net.timeout", host), detail, e);
        }
        return new HubException(HubException.Reason.NETWORK, Message.of("hub.net.failed", host), detail, e);
    }

    private static boolean isUnknownHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) return true;
        }
        return false;
    }

    static void closeQuietly(InputStream in) {
        try {
            if (in != null) in.close();
        } catch (IOException ignored) {
            // closing an aborted download: nothing left to report
        }
    }
}
