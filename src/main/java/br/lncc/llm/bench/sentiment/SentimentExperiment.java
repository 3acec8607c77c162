package br.lncc.llm.bench.sentiment;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.bench.shard.Shard;
import br.lncc.llm.bench.shard.ShardHeader;
import br.lncc.llm.bench.shard.ShardLog;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The prompt-repetition experiment (seed 000): every review classified with the normal and the
 * repeated prompt, greedy, 3 new tokens; one JSONL line per review, flushed; the report is
 * assembled from the log so cancel or a crash keeps everything already judged.
 */
public final class SentimentExperiment {
    public static final int MAX_NEW_TOKENS = 3;
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Latencies are read from this clock; tests pass a deterministic one to compare runs exactly. */
    private final LongSupplier nanoClock;

    public SentimentExperiment() {
        this(System::nanoTime);
    }

    public SentimentExperiment(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public static Path logFile(Path outDir, String model) {
        return outDir.resolve("sentiment_" + br.lncc.llm.bench.energy.EnergyBenchmark.slug(model) + ".jsonl");
    }

    public static Path reportFile(Path outDir, String model) {
        return outDir.resolve("sentiment_" + br.lncc.llm.bench.energy.EnergyBenchmark.slug(model) + ".json");
    }

    public SentimentReport run(TextCompleter model, List<LabeledText> samples, String datasetName, long seed,
                               Path outDir, boolean resume, ProgressSink progress) {
        if (samples.isEmpty()) throw new BenchmarkException("benchdata.sentiment.noSamples", new Object[] {}, "");
        Path logPath = logFile(outDir, model.name());
        Map<Integer, SampleResult> done = new TreeMap<>();
        int total = samples.size();
        List<Integer> all = java.util.stream.IntStream.rangeClosed(1, total).boxed().toList();
        // The log is opened (and locked) before it is read: two resumed runs would both judge the rest.
        try (JsonlLog out = JsonlLog.open(logPath, resume)) {
            for (JsonNode n : out.resumed()) {
                SampleResult r = sameSample(logPath, samples, JSON.convertValue(n, SampleResult.class));
                if (r != null) done.put(r.index(), r);
            }
            if (!out.quarantined().isEmpty()) progress.notice(out.quarantineNotice());
            try {
                judgeMissing(model, samples, all, done, out::append, progress);
            } catch (RuntimeException | Error failure) {
                // Any failure still leaves the report of what was judged.
                if (!done.isEmpty()) {
                    try {
                        write(reportFile(outDir, model.name()), report(model.name(), datasetName, total, seed, done));
                    } catch (RuntimeException reportFailed) {
                        failure.addSuppressed(reportFailed);
                    }
                }
                throw failure;
            }
        }
        SentimentReport report = report(model.name(), datasetName, total, seed, done);
        write(reportFile(outDir, model.name()), report);
        return report;
    }

    /**
     * One shard of the experiment ({@code bench sentiment --shard I/N}): the same sample, the same
     * prompts, only the reviews {@code shard} owns, each appended to {@code shard-I-of-N.jsonl}.
     * The returned report covers this shard's reviews; {@code bench merge} writes the run's report.
     */
    public SentimentReport runShard(TextCompleter model, List<LabeledText> samples, String datasetName, long seed,
                                    Path outDir, Shard shard, boolean resume, Map<String, String> environment, ProgressSink progress) {
        if (samples.isEmpty()) throw new BenchmarkException("shard.noItems", new Object[0], "no samples");
        ShardHeader header = shardHeader(model.name(), samples, datasetName, seed, shard, environment);
        List<Integer> items = shard.items(samples.size());
        Map<Integer, SampleResult> done = new TreeMap<>();
        try (ShardLog log = ShardLog.open(outDir, header, resume)) {
            log.quarantineNotice().ifPresent(progress::notice);
            for (JsonNode n : log.records()) {
                SampleResult r = sameSample(log.file(), samples, JSON.convertValue(n, SampleResult.class));
                if (r != null && shard.owns(r.index())) done.put(r.index(), r);
            }
            judgeMissing(model, samples, items, done, log::append, progress);
        }
        return report(model.name(), datasetName, items.size(), seed, done);
    }

    /** What makes two sentiment shards parts of one run (the merge refuses shards that differ here). */
    public static ShardHeader shardHeader(String modelName, List<LabeledText> samples, String datasetName, long seed,
                                          Shard shard, Map<String, String> environment) {
        var experiment = new java.util.LinkedHashMap<String, String>();
        experiment.put("model", modelName);
        experiment.put("dataset", datasetName);
        experiment.put("seed", String.valueOf(seed));
        experiment.put("max_new_tokens", String.valueOf(MAX_NEW_TOKENS));
        experiment.put("prompts", ShardHeader.fingerprint(List.of(SentimentPrompts.normal("{texto}"), SentimentPrompts.repeated("{texto}"))));
        return ShardHeader.of(ShardHeader.Kind.SENTIMENT, shard, experiment, samples.stream().map(LabeledText::id).toList(), environment);
    }

    /** The run file of a set of judged reviews (a whole run, a shard, or shards merged). */
    public static SentimentReport report(String model, String datasetName, int planned, long seed, Map<Integer, SampleResult> done) {
        List<SampleResult> results = new ArrayList<>(new TreeMap<>(done).values());
        return new SentimentReport(model, datasetName, planned, seed, MAX_NEW_TOKENS, results.size() == planned,
                SentimentMetrics.of(results), results);
    }

    /** A recorded review from the sample this run drew; null when it lies outside it. */
    private static SampleResult sameSample(Path log, List<LabeledText> samples, SampleResult r) {
        int i = r.index();
        if (i < 1 || i > samples.size()) return null;
        // Judging the new sample on top would leave two runs mixed in one log.
        if (!samples.get(i - 1).id().equals(r.id())) {
            throw new BenchmarkException("benchdata.sentiment.otherSample", new Object[] {log, i, r.id(), samples.get(i - 1).id()}, "");
        }
        return r;
    }

    private void judgeMissing(TextCompleter model, List<LabeledText> samples, List<Integer> items, Map<Integer, SampleResult> done,
                              java.util.function.Consumer<SampleResult> append, ProgressSink progress) {
        int total = items.size();
        int judged = (int) items.stream().filter(done::containsKey).count();
        for (int i : items) {
            if (done.containsKey(i)) continue;
            if (progress.isCancelled()) break;
            SampleResult r = judge(model, i, samples.get(i - 1));
            append.accept(r);
            done.put(i, r);
            judged++;
            progress.update(judged, total, model.name() + ": amostra " + judged + "/" + total);
        }
    }

    SampleResult judge(TextCompleter model, int index, LabeledText sample) {
        String pn = SentimentPrompts.normal(sample.text());
        long t0 = nanoClock.getAsLong();
        TextCompleter.Completion cn = model.complete(pn, MAX_NEW_TOKENS);
        double latN = (nanoClock.getAsLong() - t0) / 1e9;
        String pr = SentimentPrompts.repeated(sample.text());
        long t1 = nanoClock.getAsLong();
        TextCompleter.Completion cr = model.complete(pr, MAX_NEW_TOKENS);
        double latR = (nanoClock.getAsLong() - t1) / 1e9;
        String predN = SentimentPrompts.prediction(pn, cn.text());
        String predR = SentimentPrompts.prediction(pr, cr.text());
        return new SampleResult(index, sample.id(), sample.label(), sample.text(), predN, predR,
                SentimentPrompts.correct(sample.label(), predN), SentimentPrompts.correct(sample.label(), predR),
                latN, latR, cn.inputTokens(), cr.inputTokens(), cn.truncated() || cr.truncated());
    }

    /** One review judged, outside a run (tests check determinism with it). */
    public static SampleResult judgeForTest(TextCompleter model, int index, LabeledText sample) {
        return new SentimentExperiment().judge(model, index, sample);
    }

    /** One line of a sentiment log (unsharded or shard) as a record. */
    public static SampleResult readRecord(JsonNode line) {
        return JSON.convertValue(line, SampleResult.class);
    }

    /** Writes a run file (atomically) as {@code sentiment_<model>.json} in {@code dir}. */
    public static Path writeReport(Path dir, SentimentReport report) {
        Path file = reportFile(dir, report.model());
        write(file, report);
        return file;
    }

    static void write(Path file, SentimentReport report) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), report);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.sentiment.writeFailed", file), String.valueOf(e.getMessage()), e);
        }
    }

    public static SentimentReport readReport(Path file) {
        try {
            return JSON.readValue(file.toFile(), SentimentReport.class);
        } catch (IOException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.badReport", file), String.valueOf(e.getMessage()), e);
        }
    }
}
