package br.lncc.llm.hub;

import br.lncc.llm.task.CancelledException;
import java.io.FileOutputStream;
import br.lncc.llm.text.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one file into the cache as a blob: bytes go to {@code <etag>.incomplete}, a broken
 * connection resumes with an HTTP Range request from the bytes already there (also in a later
 * run, after Cancel), and only content whose checksum matches the hub's ETag becomes the blob.
 */
final class BlobDownload {

    private static final Logger LOG = LoggerFactory.getLogger(BlobDownload.class);
    /** One first try plus resumes after a dropped connection (huggingface_hub retries too). */
    static final int MAX_ATTEMPTS = 5;
    private static final int BUFFER = 256 * 1024;
    private static final Pattern CONTENT_RANGE_START = Pattern.compile("bytes (\\d+)-");

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HubHttp http;
    private final Duration stallTimeout;
    private final TransferLimits limits;

    BlobDownload(HubHttp http, Duration stallTimeout) {
        this(http, new TransferLimits(stallTimeout, TransferLimits.defaults().minBytesPerSecond(), TransferLimits.defaults().rateWindow()));
    }

    BlobDownload(HubHttp http, TransferLimits limits) {
        this.http = http;
        this.limits = limits;
        this.stallTimeout = limits.stallTimeout();
    }

    void fetch(FileMetadata meta, Path incomplete, Path blob, TransferProgress progress) {
        String name = meta.filename();
        try {
            Files.createDirectories(incomplete.getParent());
        } catch (IOException e) {
            throw diskFailure(e, incomplete);
        }
        long have = sizeOrZero(incomplete);
        if (meta.size() >= 0 && have > meta.size()) have = restart(incomplete, progress, 0);
        progress.skip(have);
        MessageDigest sha256 = meta.isLfs() ? digestOfPrefix(incomplete, have) : null;

        IOException lastCut = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (meta.size() >= 0 && have == meta.size()) {
                lastCut = null;
                break;
            }
            if (attempt > 1) pause(attempt);
            HttpResponse<InputStream> response = http.get(meta.location(), have, br.lncc.llm.text.Message.of("hub.what.file", name));
            int status = response.statusCode();
            if (status == 416 && have > 0) {
                // Range starts at the end: the partial file already holds every byte.
                HubHttp.closeQuietly(response.body());
                break;
            }
            if (status == 200 && have > 0) {
                // The server ignored Range: start over rather than append a second copy.
                have = restart(incomplete, progress, have);
                if (sha256 != null) sha256.reset();
            } else if (status == 206) {
                long start = contentRangeStart(response);
                if (start != have) {
                    HubHttp.closeQuietly(response.body());
                    throw new HubException(HubException.Reason.PROTOCOL,
                            "O servidor devolveu um trecho errado de " + name + " ao retomar o download.",
                            "asked bytes=" + have + "-, got Content-Range starting at " + start);
                }
            } else if (status != 200) {
                HubHttp.closeQuietly(response.body());
                throw new HubException(HubException.Reason.PROTOCOL,
                        "Resposta inesperada do servidor ao baixar " + name + " (HTTP " + status + ").",
                        "GET " + meta.location() + " → " + status);
            }
            try {
                have = copy(response.body(), incomplete, have, meta.size(), sha256, progress, name);
                lastCut = null;
            } catch (ConnectionCut cut) {
                have = cut.have;
                lastCut = cut.cause;
            }
            if (lastCut == null && (meta.size() < 0 || have >= meta.size())) break;
            if (lastCut == null) lastCut = new IOException("connection closed at " + have + " of " + meta.size() + " bytes");
            LOG.info("Connection cut in {} ({} of {} bytes, attempt {}), resuming: {}",
                    name, have, meta.size(), attempt, lastCut.getMessage());
        }
        if (lastCut != null) throw http.networkFailure(lastCut, meta.location());

        verify(meta, incomplete);
        try {
            Files.move(incomplete, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw diskFailure(e, blob);
        }
    }

    /** Signals a read failure mid-body, carrying how many bytes are safely on disk. */
    private static final class ConnectionCut extends Exception {
        final long have;
        final IOException cause;

        ConnectionCut(long have, IOException cause) {
            super(cause);
            this.have = have;
            this.cause = cause;
        }
    }

    private long copy(InputStream in, Path incomplete, long have, long advertised, MessageDigest sha256,
                      TransferProgress progress, String name) throws ConnectionCut {
        Watchdog watchdog = new Watchdog(Thread.currentThread(), in, progress, limits);
        ScheduledFuture<?> watching = WATCHDOG.scheduleAtFixedRate(watchdog, 200, 200, TimeUnit.MILLISECONDS);
        // FileOutputStream, not a FileChannel stream: the watchdog's interrupt must not close it.
        try (OutputStream out = new FileOutputStream(incomplete.toFile(), have > 0)) {
            byte[] buf = new byte[BUFFER];
            while (true) {
                if (progress.isCancelled()) throw cancelled(progress, name);
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    out.flush();
                    if (watchdog.fired() == Watchdog.CANCEL) throw cancelled(progress, name);
                    if (watchdog.fired() == Watchdog.SLOW) throw tooSlow(name, watchdog);
                    if (watchdog.fired() == Watchdog.STALL) {
                        throw new ConnectionCut(have, new IOException("no data for " + stallTimeout.toSeconds() + " s"));
                    }
                    throw new ConnectionCut(have, e);
                }
                if (n < 0) return have;
                watchdog.dataArrived(n);
                // Never more than the Hub announced: a lying server must not fill the disk.
                if (advertised >= 0 && have + n > advertised) {
                    out.close();
                    deleteQuietly(incomplete);
                    progress.skip(-have);
                    throw new HubException(HubException.Reason.PROTOCOL,
                            Message.of("download.tooLong", name, advertised), "body longer than the advertised " + advertised + " bytes", null);
                }
                out.write(buf, 0, n);
                if (sha256 != null) sha256.update(buf, 0, n);
                have += n;
                progress.received(n, name);
            }
        } catch (IOException e) {
            // Every IOException here is about our output file: reads were handled above.
            throw diskFailure(e, incomplete);
        } finally {
            watching.cancel(false);
            watchdog.stop();
            // Closing the body before its end aborts the transfer (Cancel, errors).
            HubHttp.closeQuietly(in);
        }
    }

    private HubException tooSlow(String name, Watchdog w) {
        return new HubException(HubException.Reason.NETWORK,
                Message.of("download.tooSlow", name, w.lastWindowBytes(), limits.rateWindow().toSeconds(), limits.minBytesPerSecond()),
                w.lastWindowBytes() + " bytes in " + limits.rateWindow() + ", minimum " + limits.minBytesPerSecond() + " B/s", null);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the caller reports the real problem
        }
    }

    /** The partial file stays: the next download resumes from here. */
    private static CancelledException cancelled(TransferProgress progress, String name) {
        progress.report(name + " (cancelado)");
        return new CancelledException();
    }

    /**
     * A read from the network can block for as long as the connection lives (a dropped Wi-Fi
     * sends no reset). The watchdog ends the blocked read when the user cancels or when no
     * byte arrived for {@code stallTimeout}; a stall is then handled like a cut connection.
     */
    private static final class Watchdog implements Runnable {
        static final int NONE = 0;
        static final int CANCEL = 1;
        static final int STALL = 2;
        static final int SLOW = 3;

        private final Thread reader;
        private final InputStream body;
        private final TransferProgress progress;
        private final long stallNanos;
        private final long windowNanos;
        private final long minBytesPerWindow;
        private volatile long lastDataNanos = System.nanoTime();
        private long windowStartNanos = System.nanoTime();
        private final java.util.concurrent.atomic.AtomicLong windowBytes = new java.util.concurrent.atomic.AtomicLong();
        private long lastWindowBytes;
        private int fired = NONE;
        private boolean active = true;

        Watchdog(Thread reader, InputStream body, TransferProgress progress, TransferLimits limits) {
            this.reader = reader;
            this.body = body;
            this.progress = progress;
            this.stallNanos = limits.stallTimeout().toNanos();
            this.windowNanos = limits.rateWindow().toNanos();
            // bytes/s × window, in exact arithmetic (a huge minimum just means "always too slow")
            long perWindow;
            try {
                perWindow = Math.multiplyExact(limits.minBytesPerSecond(), Math.max(1, limits.rateWindow().toMillis())) / 1000;
            } catch (ArithmeticException e) {
                perWindow = Long.MAX_VALUE;
            }
            this.minBytesPerWindow = perWindow;
        }

        void dataArrived(int n) {
            lastDataNanos = System.nanoTime();
            windowBytes.addAndGet(n);
        }

        synchronized int fired() {
            return fired;
        }

        synchronized long lastWindowBytes() {
            return lastWindowBytes;
        }

        @Override
        public synchronized void run() {
            if (!active || fired != NONE) return;
            long now = System.nanoTime();
            if (progress.isCancelled()) {
                fired = CANCEL;
            } else if (now - windowStartNanos >= windowNanos && windowBytes.get() < minBytesPerWindow) {
                // Too slow over a whole window (a drip, or silence): stop with a message rather than run forever.
                lastWindowBytes = windowBytes.get();
                fired = SLOW;
            } else if (now - lastDataNanos > stallNanos) {
                fired = STALL;
            } else {
                if (now - windowStartNanos >= windowNanos) {
                    windowStartNanos = now;
                    windowBytes.set(0);
                }
                return;
            }
            // The JDK's response stream ignores a bare interrupt while waiting for data; once
            // closed, the interrupt wakes it and it fails with "closed".
            HubHttp.closeQuietly(body);
            reader.interrupt();
        }

        /** After this no interrupt can arrive; a pending one (fired too late to matter) is cleared. */
        synchronized void stop() {
            active = false;
            if (fired != NONE) Thread.interrupted();
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(2000L, 250L * (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    private void verify(FileMetadata meta, Path file) {
        long size = sizeOrZero(file);
        String actual;
        if (meta.size() >= 0 && size != meta.size()) {
            actual = "size " + size;
        } else if (meta.isLfs()) {
            actual = sha256Hex(file);
        } else if (meta.isGitBlob()) {
            actual = gitBlobSha1Hex(file, size);
        } else {
            return; // the server gave no checksum we know how to check
        }
        if (actual.equals(meta.etag())) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the file is never moved into the cache anyway
        }
        throw new HubException(HubException.Reason.CORRUPT, Message.of("hub.download.corrupt", meta.filename()),
                "expected " + (meta.isLfs() ? "sha256 " : meta.isGitBlob() ? "git sha1 " : "") + meta.etag()
                        + " (size " + meta.size() + "), got " + actual + " (size " + size + ")", null);
    }

    private static long restart(Path incomplete, TransferProgress progress, long had) {
        try {
            Files.deleteIfExists(incomplete);
        } catch (IOException e) {
            throw diskFailure(e, incomplete);
        }
        progress.skip(-had);
        return 0;
    }

    private static long contentRangeStart(HttpResponse<?> response) {
        String header = response.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE_START.matcher(header);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static MessageDigest digestOfPrefix(Path file, long length) {
        MessageDigest md = newDigest("SHA-256");
        if (length > 0) updateFromFile(md, file);
        return md;
    }

    private static String sha256Hex(Path file) {
        MessageDigest md = newDigest("SHA-256");
        updateFromFile(md, file);
        return HexFormat.of().formatHex(md.digest());
    }

    /** git hashes "blob <size>\0" followed by the content; the hub's ETag for non-LFS files. */
    private static String gitBlobSha1Hex(Path file, long size) {
        MessageDigest md = newDigest("SHA-1");
        md.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        updateFromFile(md, file);
        return HexFormat.of().formatHex(md.digest());
    }

    private static void updateFromFile(MessageDigest md, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        } catch (IOException e) {
            throw diskFailure(e, file);
        }
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static HubException diskFailure(IOException e, Path where) {
        String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        boolean full = text.contains("no space") || text.contains("not enough space") || text.contains("disk full")
                || text.contains("quota");
        Message message = Message.of(full ? "hub.download.diskFull" : "hub.download.notWritable", String.valueOf(where.getParent()));
        return new HubException(HubException.Reason.DISK, message, e.toString(), e);
    }
}
