package br.lncc.llm.bench;

import br.lncc.llm.text.WriteFailure;
import br.lncc.llm.text.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * One writer per results log: a lock file {@code <log>.lock} created atomically (CREATE_NEW, which
 * also holds on NFS, where the Slurm shards of one experiment write side by side) holding the PID,
 * host and start time of the process that writes the log. A second writer — another CLI run, or the
 * Benchmark tab on the same folder — is refused; a lock left by a process that died (kill -9, power
 * loss) on this host is detected by its PID and start time and taken over. Locks are per log, so
 * {@code shard-1-of-4.jsonl} and {@code shard-2-of-4.jsonl} never wait for each other.
 */
public final class WriterLock implements AutoCloseable {
    /** A lock file created but not yet filled in is that young at most; older and empty means its writer died. */
    private static final Duration EMPTY_LOCK_GRACE = Duration.ofSeconds(10);

    /** Who holds a lock, as written in the lock file. */
    public record Holder(long pid, String host, Instant since, Instant processStart) {
        String text() {
            return "pid=" + pid + "\nhost=" + host + "\nsince=" + since + "\nprocess_start="
                    + (processStart == null ? "" : processStart) + "\n";
        }

        static Optional<Holder> parse(String text) {
            try {
                Properties p = new Properties();
                p.load(new java.io.StringReader(text));
                long pid = Long.parseLong(p.getProperty("pid", "").trim());
                String host = p.getProperty("host", "").trim();
                Instant since = Instant.parse(p.getProperty("since", "").trim());
                String ps = p.getProperty("process_start", "").trim();
                return Optional.of(new Holder(pid, host, since, ps.isEmpty() ? null : Instant.parse(ps)));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** Still running here? Only answerable on the same host; elsewhere we must assume yes. */
        boolean aliveOnThisHost() {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) return false;
            // A recycled PID belongs to a process that started after the lock's owner.
            Optional<Instant> start = p.get().info().startInstant();
            return processStart == null || start.isEmpty() || start.get().equals(processStart);
        }
    }

    private final Path lockFile;
    private final Holder me;

    private WriterLock(Path lockFile, Holder me) {
        this.lockFile = lockFile;
        this.me = me;
    }

    public static Path lockFileOf(Path log) {
        return log.resolveSibling(log.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code log} or throws {@link BenchmarkException} naming the process that holds it.
     */
    public static WriterLock acquire(Path log) {
        Path lockFile = lockFileOf(log);
        ProcessHandle self = ProcessHandle.current();
        Holder me = new Holder(self.pid(), thisHost(), Instant.now(), self.info().startInstant().orElse(null));
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(me.text().getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
                return new WriterLock(lockFile, me);
            } catch (FileAlreadyExistsException held) {
                String text = readQuietly(lockFile);
                if (text == null) continue; // released between our two steps: try again
                Optional<Holder> holder = Holder.parse(text);
                if (holder.isPresent() && (!holder.get().host().equals(me.host()) || holder.get().aliveOnThisHost())) {
                    throw new BenchmarkException(refusal(log, lockFile, holder.get(), me), "lock " + lockFile + ": " + text.strip(), null);
                }
                if (holder.isEmpty() && young(lockFile)) {
                    throw new BenchmarkException(Message.of("resultslog.lockBeingTaken", log.getFileName().toString(), lockFile.toString()), "", null);
                }
                try {
                    takeOverStale(lockFile, text);
                } catch (IOException e) {
                    throw new BenchmarkException(Message.of("resultslog.staleLockFailed", lockFile.toString(), WriteFailure.reason(e)), e.toString(), e);
                }
            } catch (IOException e) {
                throw new BenchmarkException(Message.of("resultslog.lockFailed", lockFile.toString(), WriteFailure.reason(e)), e.toString(), e);
            }
        }
        throw new BenchmarkException(Message.of("resultslog.lockContended", lockFile.toString()), "", null);
    }

    private static Message refusal(Path log, Path lockFile, Holder h, Holder me) {
        String name = log.getFileName().toString(), folder = String.valueOf(log.toAbsolutePath().getParent());
        if (h.host().equals(me.host())) {
            return Message.of("resultslog.lockedHere", name, folder, String.valueOf(h.pid()), h.since().toString());
        }
        return Message.of("resultslog.lockedElsewhere", name, folder, String.valueOf(h.pid()), h.host(), h.since().toString(),
                lockFile.toString());
    }

    /**
     * Moves the stale lock aside under a name only we use, then checks we moved the lock we judged
     * stale: two processes taking over at once would otherwise each delete the other's fresh lock.
     */
    private static void takeOverStale(Path lockFile, String judged) throws IOException {
        Path aside = lockFile.resolveSibling(lockFile.getFileName() + ".stale-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.move(lockFile, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return;
        }
        String moved = readQuietly(aside);
        if (judged.equals(moved)) {
            Files.deleteIfExists(aside);
            return;
        }
        // Someone's live lock: put it back unless a third process already took the name.
        try {
            Files.move(aside, lockFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(aside);
        }
    }

    private static boolean young(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(EMPTY_LOCK_GRACE));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** The kernel's host name without a DNS lookup (getLocalHost can stall for seconds on a cluster node). */
    static String thisHost() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) return name;
        } catch (IOException | RuntimeException notLinux) {
            // fall through
        }
        String env = System.getenv("COMPUTERNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    public Path file() {
        return lockFile;
    }

    /** Removes the lock file if it is still ours (never another writer's). */
    @Override
    public void close() {
        String text = readQuietly(lockFile);
        if (text != null && text.equals(me.text())) {
            try {
                Files.deleteIfExists(lockFile);
            } catch (IOException ignored) {
                // a leftover lock of a dead PID is taken over by the next run
            }
        }
    }
}
