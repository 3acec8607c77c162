package br.lncc.llm.hub;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;

/**
 * Bytes done of a multi-file download, reported to a {@link ProgressSink} with speed and time
 * left ("model.safetensors: 120,3 MB de 548,1 MB · 35,2 MB/s · faltam 12 s"). Updates are
 * throttled so a fast loopback or LAN transfer does not flood the UI.
 */
final class TransferProgress {

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
    void note(Message text) {
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

    /** "file: done of total · speed/s · time left", as a message the UI and the CLI render in their language. */
    Message message(String file) {
        double speed = bytesPerSecond();
        Message d = size(done);
        if (total <= 0) return speed > 0 ? Message.of("hub.progress.speed", file, d, size((long) speed)) : Message.of("hub.progress.done", file, d);
        if (speed <= 0) return Message.of("hub.progress.of", file, d, size(total));
        if (total <= done) return Message.of("hub.progress.ofSpeed", file, d, size(total), size((long) speed));
        return Message.of("hub.progress.ofSpeedLeft", file, d, size(total), size((long) speed), time((total - done) / speed));
    }

    /** A byte count in decimal units ("1,5 MB" in pt-BR, "1.5 MB" in English). */
    static Message size(long n) {
        if (n < 1000) return Message.of("hub.size.B", n);
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return Message.of("hub.size.unit", v, units[u]);
    }

    /** A duration as "75 s", "1 min 15 s", "2 h 5 min". */
    static Message time(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return Message.of("hub.time.s", s);
        if (s < 3600) return Message.of("hub.time.min", s / 60, s % 60);
        return Message.of("hub.time.h", s / 3600, s % 3600 / 60);
    }
}
