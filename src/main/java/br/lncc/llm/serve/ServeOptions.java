package br.lncc.llm.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How the server listens and what it accepts.
 *
 * @param port             0 = any free port (tests)
 * @param apiKey           the Bearer key clients must send, or null for none (loopback only)
 * @param maxConcurrent    generations running at once (one by default: they share the CPU anyway)
 * @param queueCapacity    requests allowed to wait for a turn; one more gets 429
 * @param maxBodyBytes     largest request body accepted (413 above it)
 * @param logPrompts       put the prompt text in the request log (off: prompts may be private)
 */
public record ServeOptions(String host, int port, String apiKey, int maxConcurrent, int queueCapacity,
        int maxBodyBytes, boolean logPrompts) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_QUEUE = 16;
    public static final int DEFAULT_MAX_BODY = 1 << 20;

    public ServeOptions {
        if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrent must be at least 1: " + maxConcurrent);
        if (queueCapacity < 0) throw new IllegalArgumentException("queueCapacity cannot be negative: " + queueCapacity);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (apiKey != null && apiKey.isBlank()) apiKey = null;
        if (!isLoopback(host) && apiKey == null) {
            throw new IllegalArgumentException("host " + host + " is reachable from other machines: an API key is required");
        }
    }

    /** Loopback, default port, no key, one generation at a time. */
    public static ServeOptions local(int port) {
        return new ServeOptions(DEFAULT_HOST, port, null, 1, DEFAULT_QUEUE, DEFAULT_MAX_BODY, false);
    }

    public ServeOptions withApiKey(String key) {
        return new ServeOptions(host, port, key, maxConcurrent, queueCapacity, maxBodyBytes, logPrompts);
    }

    public ServeOptions withQueue(int concurrent, int capacity) {
        return new ServeOptions(host, port, apiKey, concurrent, capacity, maxBodyBytes, logPrompts);
    }

    public ServeOptions withMaxBodyBytes(int bytes) {
        return new ServeOptions(host, port, apiKey, maxConcurrent, queueCapacity, bytes, logPrompts);
    }

    public ServeOptions withLogPrompts(boolean on) {
        return new ServeOptions(host, port, apiKey, maxConcurrent, queueCapacity, maxBodyBytes, on);
    }

    /** True when only this machine can connect to {@code host} (127.0.0.1, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
