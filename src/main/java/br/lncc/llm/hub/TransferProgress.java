package br.lncc.llm.hub;

import br.lncc.llm.task.ProgressSink;
import java.util.Locale;

/**
 * Bytes done of a multi-file download, reported to a {@link ProgressSink} with speed and time
 * left ("model.safetensors: 120,3 MB de 548,1 MB · 35,2 MB/s · faltam 12 s"). Updates are
 * throttled so a fast loopback or LAN transfer does not flood the UI.
 */
final class TransferProgress {

    private static final Locale PT_BR = Locale.forLanguageTag("pt-BR");
    private static final long MIN_UPDATE_NANOS = 100_000_000L;

    private final ProgressSink sink;
    /** Set at the first byte: the API and HEAD round trips before it must not lower the speed. */
    private long firstByteNanos = -1;
    private long total;
    private long done;
    /** Bytes received in this run; resumed bytes must not inflate the speed. */
    private long transferred;
    private long lastUpdateNanos;

    TransferProgress(ProgressSink sink) {
        this.sink = sink;
    }

    void addTotal(long bytes) {
        total += Math.max(0, bytes);
    }

    /** Bytes already on disk (finished blobs, resumed prefixes). */
    void skip(long bytes) {
        done += bytes;
    }

    void received(long bytes, String file) {
        if (firstByteNanos < 0) firstByteNanos = System.nanoTime();
        done += bytes;
        transferred += bytes;
        long now = System.nanoTime();
        if (now - lastUpdateNanos >= MIN_UPDATE_NANOS) {
            lastUpdateNanos = now;
            report(file);
        }
    }

    /** A status line without byte counts ("consultando o Hub", "pronto"). */
    void note(String text) {
        sink.update(done, total, text);
    }

    void report(String file) {
        sink.update(done, total, message(file));
    }

    void checkCancelled() {
        sink.checkCancelled();
    }

    boolean isCancelled() {
        return sink.isCancelled();
    }

    /** Bytes per second over this run so far. */
    double bytesPerSecond() {
        if (firstByteNanos < 0) return 0;
        double seconds = (System.nanoTime() - firstByteNanos) / 1e9;
        // Under a quarter second the rate is mostly noise (TCP slow start, first buffers).
        return seconds < 0.25 ? 0 : transferred / seconds;
    }

    long transferred() {
        return transferred;
    }

    String message(String file) {
        StringBuilder sb = new StringBuilder(file).append(": ").append(bytes(done));
        if (total > 0) sb.append(" de ").append(bytes(total));
        double speed = bytesPerSecond();
        if (speed > 0) {
            sb.append(" · ").append(bytes((long) speed)).append("/s");
            if (total > done) sb.append(" · faltam ").append(duration((total - done) / speed));
        }
        return sb.toString();
    }

    static String bytes(long n) {
        if (n < 1000) return n + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(PT_BR, "%.1f %s", v, units[u]);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
