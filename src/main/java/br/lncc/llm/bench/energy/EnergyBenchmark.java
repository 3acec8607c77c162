package br.lncc.llm.bench.energy;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.CompleterLoader;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SLM Green Benchmark (seed 001) for one model: a warm-up completion, then every query on
 * its own (no memory between queries), greedy, each measured and appended to a JSONL log at
 * once; the run file is assembled from the log, so a killed run resumes where it stopped.
 */
public final class EnergyBenchmark {
    private static final Logger log = LoggerFactory.getLogger(EnergyBenchmark.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** {query} is replaced by the query text. */
    public static final String DEFAULT_TEMPLATE = "{query} =";

    public record Settings(int maxNewTokens, String promptTemplate, boolean warmUp) {
        /** The text the model reads for {@code query}. */
        public String prompt(String query) {
            return promptTemplate.replace("{query}", query);
        }

        public static Settings defaults() {
            return new Settings(16, DEFAULT_TEMPLATE, true);
        }
    }

    private final EnergyMeter meter;
    private final GridIntensity grid;
    private final Settings settings;

    public EnergyBenchmark(EnergyMeter meter, GridIntensity grid, Settings settings) {
        this.meter = meter;
        this.grid = grid;
        this.settings = settings;
    }

    /** "Qwen/Qwen2-1.5B" → "qwen_qwen2-1.5b": safe as part of a file name. */
    public static String slug(String model) {
        String s = model.replaceAll("[\\\\/]+$", "");
        s = s.replaceAll("[^A-Za-z0-9.\\-]+", "_").toLowerCase(Locale.ROOT);
        return s.isEmpty() ? "model" : s;
    }

    public static Path logFile(Path outDir, String model) {
        return outDir.resolve("queries_" + slug(model) + ".jsonl");
    }

    public static Path reportFile(Path outDir, String model) {
        return outDir.resolve("environmental_data_" + slug(model) + ".json");
    }

    /**
     * Runs the queries not yet in the log (all of them unless {@code resume}). Cancel stops
     * between queries; what was measured stays in the log and in the report (complete = false).
     */
    public EnergyReport run(TextCompleter model, List<String> queries, Path outDir, boolean resume, ProgressSink progress) {
        if (queries.isEmpty()) throw new BenchmarkException("benchdata.queries.empty", new Object[] {}, "");
        Path logPath = logFile(outDir, model.name());
        Map<Integer, QueryRecord> done = new TreeMap<>();
        int total = queries.size();
        // The log is opened (and locked) before it is read: two resumed runs would both measure the rest.
        try (JsonlLog out = JsonlLog.open(logPath, resume)) {
            for (JsonNode n : out.resumed()) {
                QueryRecord r = samePlan(logPath, queries, JSON.convertValue(n, QueryRecord.class));
                if (r != null) done.put(r.timestamp(), r);
            }
            if (!out.quarantined().isEmpty()) {
                progress.notice(out.quarantineNotice());
            }
            try {
                if (done.size() < total && settings.warmUp()) {
                    progress.update(done.size(), total, br.lncc.llm.text.Message.of("benchdata.energy.warmup", model.name()));
                    model.complete(prompt(queries.get(0)), settings.maxNewTokens());
                }
                for (int i = 1; i <= total; i++) {
                    if (done.containsKey(i)) continue;
                    if (progress.isCancelled()) break;
                    QueryRecord r = measure(model, i, queries.get(i - 1));
                    out.append(r);
                    done.put(i, r);
                    progress.update(done.size(), total, br.lncc.llm.text.Message.of("benchdata.energy.query", model.name(), done.size(), total));
                }
            } catch (RuntimeException | Error failure) {
                // Any failure (a model error, out of memory) still leaves the report of what was measured.
                if (!done.isEmpty()) {
                    try {
                        write(reportFile(outDir, model.name()), EnergyReport.of(model.name(), new ArrayList<>(done.values()), total, meter, grid));
                    } catch (RuntimeException reportFailed) {
                        failure.addSuppressed(reportFailed);
                    }
                }
                throw failure;
            }
        }
        EnergyReport report = EnergyReport.of(model.name(), new ArrayList<>(done.values()), total, meter, grid);
        write(reportFile(outDir, model.name()), report);
        return report;
    }

    /**
     * One shard of the benchmark ({@code bench energy --shard I/N}): for every model, only the
     * queries {@code shard} owns, each record (tagged with its model) appended to {@code
     * shard-I-of-N.jsonl}. A model whose share is already measured is not even loaded, so a
     * requeued task resumes at once. Returns this shard's part per model; {@code bench merge}
     * writes the run files.
     */
    public List<EnergyReport> runShard(CompleterLoader loader, List<String> modelIds, List<String> queries, Path outDir,
                                       Shard shard, boolean resume, Map<String, String> environment, ProgressSink progress) {
        if (queries.isEmpty()) throw new BenchmarkException("shard.noItems", new Object[0], "no queries");
        ShardHeader header = shardHeader(modelIds, queries, shard, environment);
        List<Integer> items = shard.items(queries.size());
        List<EnergyReport> reports = new ArrayList<>();
        try (ShardLog log = ShardLog.open(outDir, header, resume)) {
            log.quarantineNotice().ifPresent(progress::notice);
            Map<String, Map<Integer, QueryRecord>> doneById = new java.util.HashMap<>();
            Map<String, String> nameById = new java.util.HashMap<>();
            for (JsonNode n : log.records()) {
                ShardRecord r = ShardRecord.of(n);
                QueryRecord q = samePlan(log.file(), queries, r.query());
                if (q == null || !shard.owns(q.timestamp())) continue;
                doneById.computeIfAbsent(r.modelId(), k -> new TreeMap<>()).put(q.timestamp(), q);
                nameById.put(r.modelId(), r.model());
            }
            int total = items.size() * modelIds.size();
            int[] measured = {doneById.values().stream().mapToInt(Map::size).sum()};
            for (String id : modelIds) {
                if (progress.isCancelled() || items.isEmpty()) break;
                Map<Integer, QueryRecord> done = doneById.computeIfAbsent(id, k -> new TreeMap<>());
                if (done.size() < items.size()) {
                    try (TextCompleter model = loader.open(id, progress)) {
                        nameById.put(id, model.name());
                        if (settings.warmUp()) {
                            progress.update(measured[0], total, br.lncc.llm.text.Message.of("benchdata.energy.warmup", model.name()));
                            model.complete(prompt(queries.get(0)), settings.maxNewTokens());
                        }
                        for (int i : items) {
                            if (done.containsKey(i)) continue;
                            if (progress.isCancelled()) break;
                            QueryRecord q = measure(model, i, queries.get(i - 1));
                            log.append(new ShardRecord(id, model.name(), q).toJson());
                            done.put(i, q);
                            measured[0]++;
                            progress.update(measured[0], total, br.lncc.llm.text.Message.of("benchdata.energy.query", model.name(), measured[0], total));
                        }
                    }
                }
                reports.add(EnergyReport.of(nameById.get(id), new ArrayList<>(done.values()), items.size(), meter, grid));
            }
        }
        return reports;
    }

    /** What makes two energy shards parts of one run (the merge refuses shards that differ here). */
    public ShardHeader shardHeader(List<String> modelIds, List<String> queries, Shard shard, Map<String, String> environment) {
        var experiment = new java.util.LinkedHashMap<String, String>();
        experiment.put("models", String.join(",", modelIds));
        experiment.put("max_new_tokens", String.valueOf(settings.maxNewTokens()));
        experiment.put("prompt_template", settings.promptTemplate());
        experiment.put("warm_up", String.valueOf(settings.warmUp()));
        experiment.put("country", grid.country());
        experiment.put("grid_g_per_kwh", String.valueOf(grid.gramsPerKwh()));
        var env = new java.util.LinkedHashMap<>(environment);
        env.put("energy_method", meter.description());
        env.put("energy_measured", String.valueOf(meter.measured()));
        env.put("cpu_model", CpuTdpTable.cpuModel());
        return ShardHeader.of(ShardHeader.Kind.ENERGY, shard, experiment, queries, env);
    }

    /**
     * One line of an energy shard log: the query record with the model it measured ({@code
     * model_id} as given on the command line, {@code model} as the run file names it).
     */
    public record ShardRecord(String modelId, String model, QueryRecord query) {
        JsonNode toJson() {
            var node = JSON.createObjectNode();
            node.put("model_id", modelId);
            node.put("model", model);
            node.setAll((com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(query));
            return node;
        }

        public static ShardRecord of(JsonNode line) {
            var copy = line.deepCopy();
            String id = copy.has("model_id") ? copy.get("model_id").asText() : "";
            String model = copy.has("model") ? copy.get("model").asText() : "";
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("model_id", "model"));
            return new ShardRecord(id, model, JSON.convertValue(copy, QueryRecord.class));
        }
    }

    /** A recorded query from this run's plan; null when it lies outside it. */
    private static QueryRecord samePlan(Path logPath, List<String> queries, QueryRecord r) {
        if (r.timestamp() < 1 || r.timestamp() > queries.size()) return null;
        String planned = queries.get(r.timestamp() - 1);
        // Measuring the new plan on top would leave two runs mixed in one log.
        if (!planned.equals(r.query())) {
            throw new BenchmarkException("benchdata.queries.otherList", new Object[] {logPath, r.timestamp(), r.query(), planned}, "");
        }
        return r;
    }

    /** Writes a run file (atomically) as {@code environmental_data_<model>.json} in {@code dir}. */
    public static Path writeReport(Path dir, EnergyReport report) {
        Path file = reportFile(dir, report.model());
        write(file, report);
        return file;
    }

    private QueryRecord measure(TextCompleter model, int order, String query) {
        String startedAt = Instant.now().toString();
        var start = meter.start();
        TextCompleter.Completion c = model.complete(prompt(query), settings.maxNewTokens());
        EnergyMeter.Measurement m = meter.stop(start);
        double kwh = m.kwh();
        return new QueryRecord(order, query, c.text().strip(), m.seconds(), c.inputTokens(), c.outputTokens(),
                grid.kgCo2(kwh), kwh, m.averageWatts(), ProcessMemory.residentMb(), startedAt);
    }

    private String prompt(String query) {
        return settings.prompt(query);
    }

    static void write(Path file, EnergyReport report) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), report);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("could not write {}: {}", file, e.toString()); // no stack trace: the CLI prints one line
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.energy.writeFailed", file), String.valueOf(e.getMessage()), e);
        }
    }

    /** Reads a run file written by this class (or by the seed's scripts: same field names). */
    public static EnergyReport readReport(Path file) {
        try {
            return JSON.readValue(file.toFile(), EnergyReport.class);
        } catch (IOException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("benchdata.badReport", file), String.valueOf(e.getMessage()), e);
        }
    }
}
