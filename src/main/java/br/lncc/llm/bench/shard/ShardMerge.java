package br.lncc.llm.bench.shard;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.energy.EnergyAnalysis;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.energy.QueryRecord;
import br.lncc.llm.bench.sentiment.SampleResult;
import br.lncc.llm.bench.sentiment.SentimentExperiment;
import br.lncc.llm.bench.sentiment.SentimentReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code bench merge}: puts the shard logs of one experiment back together. Every item must come
 * from exactly one shard; shards of another experiment are refused by name; the run files are
 * assembled exactly as an unsharded run assembles them (records in item order, the same sums and
 * the same statistics), so a merged report equals the report of one long run. A partial set still
 * gives a report, marked {@code complete: false}, and says which shards and items are missing.
 */
public final class ShardMerge {
    private ShardMerge() {}

    /** The summary file written next to the run files. */
    public static final String SUMMARY_FILE = "merge.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One item recorded by more than one shard (or twice by one). {@code model} is empty for sentiment. */
    public record Duplicate(String model, int item, String id, List<String> files) {}

    /** An item no shard has recorded yet; {@code id} is the review id or the query. */
    public record MissingItem(String model, int item, String id, int shard) {}

    /**
     * One shard of the run: whether its file is there, how many of its records it holds out of
     * how many planned, and how many lines could not be read (a line torn by a kill).
     */
    public record ShardStatus(int index, String file, boolean present, int records, int planned, int unreadableLines) {
        public boolean complete() {
            return present && records >= planned;
        }
    }

    /**
     * What a folder of shards holds. {@code sentiment} is set for a sentiment run, {@code energy}
     * (one report per model, in the command line's order) and {@code statistics} for an energy run.
     */
    public record Result(ShardHeader.Kind kind, String dir, boolean complete, int shards, int items,
                         List<ShardStatus> shardFiles, List<Integer> missingShards, List<MissingItem> missingItems,
                         List<String> written, SentimentReport sentiment, List<EnergyReport> energy,
                         List<EnergyAnalysis.Row> statistics) {

        /** The merge without the per-item records (what {@value #SUMMARY_FILE} and {@code --json} hold). */
        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", ShardHeader.name(kind));
            m.put("dir", dir);
            m.put("complete", complete);
            m.put("shards", shards);
            m.put("items", items);
            m.put("shard_files", shardFiles);
            m.put("missing_shards", missingShards);
            m.put("missing_items", missingItems);
            m.put("written", written);
            if (sentiment != null) m.put("metrics", sentiment.metrics());
            if (energy != null) {
                List<Map<String, Object>> totals = new ArrayList<>();
                for (EnergyReport r : energy) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("model", r.model());
                    t.put("total_queries", r.totalQueries());
                    t.put("total_energy_kwh", r.totalEnergyKwh());
                    t.put("total_emissions_kg", r.totalEmissionsKg());
                    t.put("avg_time_s_per_query", r.avgTimeSPerQuery());
                    t.put("complete", r.complete());
                    totals.add(t);
                }
                m.put("energy", totals);
                m.put("statistics", statistics);
            }
            return m;
        }
    }

    /** One shard file as read: its header (null when no line could be read) and item records. */
    private record ShardFile(Path file, Shard shard, ShardHeader header, List<JsonNode> records, int unreadableLines) {}

    /** Reads and checks the shard logs of {@code dir} and assembles the run files, writing nothing. */
    public static Result inspect(Path dir) {
        List<ShardFile> files = read(dir);
        ShardHeader ref = reference(files);
        List<ShardProblem> foreign = new ArrayList<>();
        for (ShardFile f : files) {
            if (f.header() == null) {
                if (f.shard() == null || !f.records().isEmpty()) foreign.add(new ShardProblem.NotAShardLog(f.file()));
                else if (f.shard().count() != ref.count()) {
                    foreign.add(new ShardProblem.OtherExperiment(f.file(), "shards", String.valueOf(f.shard().count()), String.valueOf(ref.count())));
                }
                continue;
            }
            var diff = ref.difference(f.header());
            if (diff.isPresent()) {
                foreign.add(new ShardProblem.OtherExperiment(f.file(), diff.get().get(0), diff.get().get(1), diff.get().get(2)));
            } else if (f.shard() == null || !f.shard().equals(f.header().shard())) {
                // a file renamed by hand: its records belong to the shard its header names
                foreign.add(new ShardProblem.OtherExperiment(f.file(), "shard", f.header().shard().toString(),
                        f.shard() == null ? "?" : f.shard().toString()));
            }
        }
        if (!foreign.isEmpty()) throw new ShardException(new ShardProblem.MixedExperiments(foreign));
        return ref.kind() == ShardHeader.Kind.SENTIMENT ? sentiment(dir, ref, files) : energy(dir, ref, files);
    }

    /** {@link #inspect} and then writes the run files and {@value #SUMMARY_FILE} into {@code dir}. */
    public static Result merge(Path dir) {
        Result r = inspect(dir);
        List<String> written = new ArrayList<>();
        if (r.sentiment() != null) written.add(SentimentExperiment.writeReport(dir, r.sentiment()).toString());
        if (r.energy() != null) for (EnergyReport e : r.energy()) written.add(EnergyBenchmark.writeReport(dir, e).toString());
        Path summary = dir.resolve(SUMMARY_FILE);
        written.add(summary.toString());
        Result done = new Result(r.kind(), r.dir(), r.complete(), r.shards(), r.items(), r.shardFiles(), r.missingShards(),
                r.missingItems(), written, r.sentiment(), r.energy(), r.statistics());
        try {
            Path tmp = summary.resolveSibling(SUMMARY_FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), done.summary());
            Files.move(tmp, summary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("shard.summaryFailed", summary.toString(), br.lncc.llm.text.WriteFailure.explain(e)), e.toString(), e);
        }
        return done;
    }

    private static List<ShardFile> read(Path dir) {
        List<Path> paths;
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            paths = s.filter(p -> Shard.looksLikeShardFile(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted(Comparator.comparing((Path p) -> Shard.ofFileName(p.getFileName().toString()).map(Shard::index).orElse(0))
                            .thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("shard.listFailed", dir.toString(), br.lncc.llm.text.ReadFailure.explain(e)), e.toString(), e);
        }
        if (paths.isEmpty()) throw new ShardException(new ShardProblem.NoShards(dir));
        List<ShardFile> files = new ArrayList<>();
        for (Path p : paths) {
            List<JsonNode> lines = JsonlLog.read(p);
            int unreadable = Math.max(0, nonBlankLines(p) - lines.size());
            ShardHeader header = lines.isEmpty() ? null : ShardHeader.of(lines.get(0)).orElse(null);
            List<JsonNode> records = lines.isEmpty() ? List.of() : header == null ? lines : lines.subList(1, lines.size());
            files.add(new ShardFile(p, Shard.ofFileName(p.getFileName().toString()).orElse(null), header, records, unreadable));
        }
        return files;
    }

    private static int nonBlankLines(Path p) {
        try {
            return (int) Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The experiment most shard files belong to (ties: the one of the lowest shard), against
     * which every file is checked.
     */
    private static ShardHeader reference(List<ShardFile> files) {
        Map<String, List<ShardHeader>> groups = new LinkedHashMap<>();
        for (ShardFile f : files) {
            if (f.header() == null) continue;
            ShardHeader h = f.header();
            String key = h.kind() + "|" + h.count() + "|" + h.experiment();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
        }
        if (groups.isEmpty()) {
            // only files torn before their header was complete: nothing can be merged
            throw new ShardException(new ShardProblem.MixedExperiments(
                    files.stream().map(f -> (ShardProblem) new ShardProblem.NotAShardLog(f.file())).toList()));
        }
        return groups.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow().get(0);
    }

    private static Result sentiment(Path dir, ShardHeader ref, List<ShardFile> files) {
        Map<Integer, SampleResult> done = new TreeMap<>();
        Map<Integer, List<String>> seenIn = new TreeMap<>();
        for (ShardFile f : files) {
            for (JsonNode n : f.records()) {
                SampleResult r = SentimentExperiment.readRecord(n);
                seenIn.computeIfAbsent(r.index(), k -> new ArrayList<>()).add(f.file().getFileName().toString());
                done.put(r.index(), r);
            }
        }
        List<Duplicate> duplicates = new ArrayList<>();
        seenIn.forEach((i, where) -> {
            if (where.size() > 1) duplicates.add(new Duplicate("", i, id(ref, i), where));
        });
        if (!duplicates.isEmpty()) throw new ShardException(new ShardProblem.Duplicates(duplicates));
        List<MissingItem> missing = new ArrayList<>();
        for (int i = 1; i <= ref.items(); i++) {
            if (!done.containsKey(i)) missing.add(new MissingItem("", i, id(ref, i), owner(ref, i)));
        }
        var e = ref.experiment();
        SentimentReport report = SentimentExperiment.report(e.get("model"), e.get("dataset"), ref.items(),
                Long.parseLong(e.get("seed")), done);
        List<ShardStatus> statuses = statuses(ref, files, 1, f -> f.records().size());
        return new Result(ref.kind(), dir.toString(), missing.isEmpty(), ref.count(), ref.items(), statuses,
                missingShards(statuses), missing, List.of(), report, null, null);
    }

    private static Result energy(Path dir, ShardHeader ref, List<ShardFile> files) {
        List<String> modelIds = List.of(ref.experiment().get("models").split(","));
        Map<String, Map<Integer, QueryRecord>> done = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<String>> seenIn = new TreeMap<>();
        List<Duplicate> duplicates = new ArrayList<>();
        Map<String, LinkedHashSet<String>> environment = new TreeMap<>();
        for (String id : modelIds) done.put(id, new TreeMap<>());
        for (ShardFile f : files) {
            if (f.header() != null && !f.records().isEmpty()) {
                f.header().environment().forEach((k, v) -> environment.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
            }
            for (JsonNode n : f.records()) {
                var r = EnergyBenchmark.ShardRecord.of(n);
                int t = r.query().timestamp();
                String key = r.modelId() + "\u0000" + t;
                List<String> where = seenIn.computeIfAbsent(key, k -> new ArrayList<>());
                where.add(f.file().getFileName().toString());
                if (where.size() == 2) duplicates.add(new Duplicate(r.model(), t, id(ref, t), where));
                done.computeIfAbsent(r.modelId(), k -> new TreeMap<>()).put(t, r.query());
                names.put(r.modelId(), r.model());
            }
        }
        if (!duplicates.isEmpty()) throw new ShardException(new ShardProblem.Duplicates(duplicates));
        List<MissingItem> missing = new ArrayList<>();
        List<EnergyReport> reports = new ArrayList<>();
        String method = String.join(" | ", environment.getOrDefault("energy_method", new LinkedHashSet<>(List.of(""))));
        boolean measured = environment.getOrDefault("energy_measured", new LinkedHashSet<>(List.of("false"))).stream().allMatch("true"::equals);
        String cpu = String.join(" | ", environment.getOrDefault("cpu_model", new LinkedHashSet<>(List.of(""))));
        var e = ref.experiment();
        for (var entry : done.entrySet()) {
            String name = names.getOrDefault(entry.getKey(), entry.getKey());
            for (int i = 1; i <= ref.items(); i++) {
                if (!entry.getValue().containsKey(i)) missing.add(new MissingItem(name, i, id(ref, i), owner(ref, i)));
            }
            reports.add(EnergyReport.of(name, new ArrayList<>(entry.getValue().values()), ref.items(), method, measured,
                    e.get("country"), Double.parseDouble(e.get("grid_g_per_kwh")), cpu));
        }
        List<ShardStatus> statuses = statuses(ref, files, modelIds.size(), f -> f.records().size());
        return new Result(ref.kind(), dir.toString(), missing.isEmpty(), ref.count(), ref.items(), statuses,
                missingShards(statuses), missing, List.of(), null, reports, EnergyAnalysis.tests(reports));
    }

    private static List<ShardStatus> statuses(ShardHeader ref, List<ShardFile> files, int perItem,
                                              java.util.function.ToIntFunction<ShardFile> records) {
        List<ShardStatus> statuses = new ArrayList<>();
        for (int i = 1; i <= ref.count(); i++) {
            Shard s = new Shard(i, ref.count());
            int planned = s.items(ref.items()).size() * perItem;
            ShardFile f = files.stream().filter(x -> s.equals(x.shard())).findFirst().orElse(null);
            statuses.add(f == null ? new ShardStatus(i, s.fileName(), false, 0, planned, 0)
                    : new ShardStatus(i, s.fileName(), true, records.applyAsInt(f), planned, f.unreadableLines()));
        }
        return statuses;
    }

    private static List<Integer> missingShards(List<ShardStatus> statuses) {
        return statuses.stream().filter(s -> !s.present()).map(ShardStatus::index).toList();
    }

    private static String id(ShardHeader ref, int item) {
        return item >= 1 && item <= ref.items() ? ref.itemIds().get(item - 1) : "?";
    }

    private static int owner(ShardHeader ref, int item) {
        return (item - 1) % ref.count() + 1;
    }
}
