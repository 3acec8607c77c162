package br.lncc.llm.bench.shard;

import br.lncc.llm.bench.JsonlLog;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * One shard's results file {@code shard-I-of-N.jsonl}: a header line naming the experiment, then
 * one record per item, appended and flushed by {@link JsonlLog} (which also drops a torn last line
 * on resume). A shard resumes on its own — a requeued Slurm task continues where it was killed —
 * and refuses to continue a file of another experiment.
 */
public final class ShardLog implements AutoCloseable {
    private final JsonlLog log;
    private final List<JsonNode> records;

    private ShardLog(JsonlLog log, List<JsonNode> records) {
        this.log = log;
        this.records = records;
    }

    public static Path file(Path dir, Shard shard) {
        return dir.resolve(shard.fileName());
    }

    /**
     * Opens the shard's log for appending. Resuming keeps the records already there (after checking
     * the header against this run's); a fresh run refuses a log with records, as unsharded runs do.
     */
    public static ShardLog open(Path dir, ShardHeader header, boolean resume) {
        Path file = file(dir, header.shard());
        // Locked before it is read (JsonlLog's writer lock): a second task on the same shard is refused.
        JsonlLog log = JsonlLog.open(file, true);
        try {
            List<JsonNode> lines = log.resumed();
            List<JsonNode> records = List.of();
            if (!lines.isEmpty()) {
                ShardHeader theirs = ShardHeader.of(lines.get(0)).orElseThrow(() -> new ShardException(new ShardProblem.NotAShardLog(file)));
                var diff = header.difference(theirs);
                if (diff.isPresent()) {
                    throw new ShardException(new ShardProblem.OtherExperiment(file, diff.get().get(0), diff.get().get(1), diff.get().get(2)));
                }
                records = List.copyOf(lines.subList(1, lines.size()));
                if (!resume && !records.isEmpty()) throw new ShardException(new ShardProblem.AlreadyHasResults(file, records.size()));
            } else {
                log.append(new ShardHeader.Line(header));
            }
            return new ShardLog(log, records);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** Lines of the shard's log that were not records and went to quarantine on opening, if any. */
    public java.util.Optional<br.lncc.llm.text.Message> quarantineNotice() {
        return log.quarantined().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(log.quarantineNotice());
    }

    /** The item records found when the log was opened (empty for a fresh run). */
    public List<JsonNode> records() {
        return records;
    }

    public void append(Object record) {
        log.append(record);
    }

    public Path file() {
        return log.file();
    }

    @Override
    public void close() {
        log.close();
    }
}
