package br.lncc.llm.bench;

import br.lncc.llm.text.WriteFailure;
import br.lncc.llm.text.Message;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Results written one JSON object per line and flushed after each, so a crash or kill loses at
 * most the record being written.
 *
 * <p>The log is the only copy of hours of measurements, so it is never rewritten in place:
 * <ul>
 *   <li>a resumed run appends after the last complete line; a line a kill cut at the end is copied
 *       to the quarantine file and then cut off (one {@code truncate}, nothing before it touched);</li>
 *   <li>a corrupt line in the middle (a disk or editor accident) never hides the records after it:
 *       every valid record is kept, the bad line goes to {@code <log>.quarantine} with its line
 *       number, and the clean log is written to a new file, fsynced and renamed over the old one
 *       atomically — a kill at any moment leaves either the old or the new log, both complete;</li>
 *   <li>one writer per log ({@link WriterLock}): a second run on the same log is refused.</li>
 * </ul>
 */
public final class JsonlLog implements AutoCloseable {
    /** Records are written with snake_case names, the seed's JSON style. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A line that is not one JSON object; {@code number} counts from 1 as editors do. */
    public record BadLine(int number, String text) {}

    /**
     * What a log holds: its records, the lines in the middle that are not records, and whether
     * the end is a line a kill cut short ({@code tornTail}, not counted as a bad line).
     */
    public record Contents(List<JsonNode> records, List<String> recordLines, List<BadLine> badLines, String tornTail,
                           boolean endsWithoutNewline) {
        public boolean clean() {
            return badLines.isEmpty() && tornTail.isEmpty() && !endsWithoutNewline;
        }
    }

    private final Path file;
    private final OutputStream out;
    private final WriterLock lock;
    private final List<JsonNode> resumed;
    private final List<BadLine> quarantined;

    private JsonlLog(Path file, OutputStream out, WriterLock lock, List<JsonNode> resumed, List<BadLine> quarantined) {
        this.file = file;
        this.out = out;
        this.lock = lock;
        this.resumed = resumed;
        this.quarantined = quarantined;
    }

    /** Valid records of the file, in order; an empty list if it does not exist. */
    public static List<JsonNode> read(Path file) {
        return scan(file).records();
    }

    /** Reads without locking (a reader never blocks a writer). */
    public static Contents scan(Path file) {
        List<JsonNode> records = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        if (!Files.exists(file)) return new Contents(records, lines, bad, "", false);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BenchmarkException(Message.of("resultslog.readFailed", file.toString(), String.valueOf(e.getMessage())), e.toString(), e);
        }
        int start = 0, number = 0;
        String tornTail = "";
        boolean endsWithoutNewline = false;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') end++;
            number++;
            boolean terminated = end < bytes.length;
            String text = decode(bytes, start, end);
            JsonNode node = text == null ? null : parseRecord(text);
            if (text != null && text.isBlank()) {
                // blank lines carry nothing
            } else if (node != null) {
                records.add(node);
                lines.add(text);
                if (!terminated) endsWithoutNewline = true;
            } else if (terminated) {
                bad.add(new BadLine(number, text == null ? new String(bytes, start, end - start, StandardCharsets.ISO_8859_1) : text));
            } else {
                tornTail = text == null ? new String(bytes, start, end - start, StandardCharsets.ISO_8859_1) : text;
            }
            start = end + 1;
        }
        return new Contents(records, lines, bad, tornTail, endsWithoutNewline);
    }

    private static String decode(byte[] bytes, int from, int to) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static JsonNode parseRecord(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A run that does not resume starts its log from scratch; when the log already holds measured
     * records we stop instead, so repeating a run (command line or the Benchmark tab) never wipes
     * hours of results. Shared by the CLI and the UI.
     */
    public static void refuseToOverwrite(Path log) {
        int records = read(log).size();
        if (records > 0) {
            throw new BenchmarkException(Message.of("resultslog.alreadyHasResults", log.getFileName().toString(),
                    String.valueOf(log.toAbsolutePath().getParent()), records), "", null);
        }
    }

    /** Where the lines that were not records are kept, with their line numbers. */
    public static Path quarantineFile(Path log) {
        return log.resolveSibling(log.getFileName() + ".quarantine");
    }

    /** Same as {@link #open}; the name the callers used before the lock existed. */
    public static JsonlLog openForAppend(Path file, boolean resume) {
        return open(file, resume);
    }

    /**
     * Takes the log's writer lock, then opens it for appending after its records (resume) or
     * starts it empty (fresh run, refused if it already holds records). The records found are
     * {@link #resumed()}; lines that were not records are moved to the quarantine file
     * ({@link #quarantined()}) and the caller should say so.
     */
    public static JsonlLog open(Path file, boolean resume) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new BenchmarkException(Message.of("resultslog.openFailed", file.toString(), WriteFailure.reason(e)), e.toString(), e);
        }
        WriterLock lock = WriterLock.acquire(file);
        try {
            removeAbandonedRewrites(file);
            Contents found = scan(file);
            List<BadLine> quarantined = new ArrayList<>();
            if (!resume) {
                if (!found.records().isEmpty()) refuseToOverwrite(file);
                if (!found.badLines().isEmpty() || !found.tornTail().isEmpty()) quarantine(file, found, quarantined);
                Files.deleteIfExists(file);
            } else if (!found.clean()) {
                repair(file, found, quarantined);
            }
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new JsonlLog(file, out, lock, resume ? List.copyOf(found.records()) : List.of(), List.copyOf(quarantined));
        } catch (IOException e) {
            lock.close();
            throw new BenchmarkException(Message.of("resultslog.openFailed", file.toString(), WriteFailure.reason(e)), e.toString(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * A writer killed during {@link #repair} leaves its half-written copy ({@code <log>.rewrite-<pid>}, as big as
     * the log) beside the log, which is intact. Whoever holds the lock now is the only writer, so every such
     * copy is abandoned: without this each kill left another 77 MB behind.
     */
    private static void removeAbandonedRewrites(Path file) throws IOException {
        String prefix = file.getFileName() + ".rewrite-";
        try (var siblings = Files.newDirectoryStream(file.toAbsolutePath().getParent(), f -> f.getFileName().toString().startsWith(prefix))) {
            for (Path abandoned : siblings) Files.deleteIfExists(abandoned);
        }
    }

    /** Brings a log back to "complete lines only" without ever leaving it without its records. */
    private static void repair(Path file, Contents found, List<BadLine> quarantined) throws IOException {
        quarantine(file, found, quarantined);
        if (!found.badLines().isEmpty()) {
            // Write the clean log beside it, make it durable, then swap names in one step.
            Path fresh = file.resolveSibling(file.getFileName() + ".rewrite-" + ProcessHandle.current().pid());
            try (FileChannel ch = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                // The valid lines as they were written, not re-serialized: numbers keep their digits.
                int written = 0;
                for (String line : found.recordLines()) {
                    ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                    if (++written % 1000 == 0) pauseForCrashTests();
                }
                ch.force(true);
            }
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file);
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (!found.tornTail().isEmpty()) {
                // Only the cut line goes: everything before the last newline stays byte for byte.
                long keep = lastNewline(file) + 1;
                ch.truncate(keep);
            }
            if (found.endsWithoutNewline()) {
                ch.position(ch.size());
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
            ch.force(true);
        }
    }

    /**
     * The reliability tests kill a child process during the rewrite; on a fast disk the rewrite of a
     * test-sized log takes a few milliseconds, so they widen it with this pause (0 in normal use).
     */
    private static void pauseForCrashTests() {
        long millis = Long.getLong("companion.test.repairPauseMillis", 0);
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long lastNewline(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = ch.size();
            ByteBuffer one = ByteBuffer.allocate(8192);
            while (pos > 0) {
                long from = Math.max(0, pos - one.capacity());
                one.clear().limit((int) (pos - from));
                ch.read(one, from);
                for (int i = (int) (pos - from) - 1; i >= 0; i--) if (one.get(i) == '\n') return from + i;
                pos = from;
            }
            return -1;
        }
    }

    /** Appends the bad lines (and a cut last line) to the quarantine file and syncs it, before the log changes. */
    private static void quarantine(Path file, Contents found, List<BadLine> quarantined) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (BadLine b : found.badLines()) {
            sb.append("linha ").append(b.number()).append(": ").append(b.text()).append('\n');
            quarantined.add(b);
        }
        if (!found.tornTail().isEmpty()) sb.append("fim cortado: ").append(found.tornTail()).append('\n');
        if (sb.length() == 0) return;
        try (FileChannel ch = FileChannel.open(quarantineFile(file), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    /** A rename is durable only once its directory is; not every platform can open a directory. */
    private static void syncDirectory(Path file) {
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException notSupported) {
            // Windows: the rename is already durable enough
        }
    }

    /** Records found in the log when it was opened to resume (empty for a fresh run). */
    public List<JsonNode> resumed() {
        return resumed;
    }

    /** Lines moved to {@link #quarantineFile} when the log was opened. */
    public List<BadLine> quarantined() {
        return quarantined;
    }

    /** One sentence saying which lines went to quarantine (call only when {@link #quarantined()} is not empty). */
    public Message quarantineNotice() {
        List<Integer> numbers = quarantined.stream().map(BadLine::number).toList();
        return Message.of("resultslog.quarantined", file.getFileName().toString(), quarantined.size(), numbers.toString(),
                quarantineFile(file).toString(), resumed.size());
    }

    /** Writes one record as a line and flushes it to the operating system. */
    public void append(Object record) {
        try {
            byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(line);
            out.flush();
        } catch (IOException e) {
            throw new BenchmarkException(Message.of("resultslog.appendFailed", file.toString(), String.valueOf(e.getMessage())), e.toString(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // every record was already flushed; nothing is lost by a failed close
        } finally {
            lock.close();
        }
    }
}
