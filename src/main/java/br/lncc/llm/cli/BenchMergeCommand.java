package br.lncc.llm.cli;

import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.shard.ShardMerge;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench merge}: the shards of a run put back together into the run's report. */
@Command(name = "merge", mixinStandardHelpOptions = true)
public final class BenchMergeCommand implements Callable<Integer> {
    /** A partial set: the report was written, marked complete: false. */
    static final int INCOMPLETE = 3;

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--json") boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(this::merge);
    }

    private int merge() throws Exception {
        ShardMerge.Result r = ShardMerge.merge(out);
        System.err.println(text("shard.cli.experiment", kind(r), r.shards(), r.items(),
                r.energy() == null ? "" : text("shard.cli.perModel", r.energy().size())));
        for (var s : r.shardFiles()) {
            String state = !s.present() ? text("shard.cli.absent")
                    : text(s.complete() ? "shard.cli.complete" : "shard.cli.incomplete", s.records(), s.planned());
            if (s.unreadableLines() > 0) state += text("shard.cli.unreadable", s.unreadableLines());
            System.err.println("  " + s.file() + ": " + state);
        }
        if (!r.complete()) {
            if (!r.missingShards().isEmpty()) {
                System.err.println(text("shard.cli.missingShards",
                        r.missingShards().stream().map(String::valueOf).collect(Collectors.joining(", "))));
            }
            System.err.println(text("shard.cli.missingItems", r.missingItems().size(), r.missingItems().stream().limit(20)
                    .map(m -> text("shard.cli.missingItem", m.model().isEmpty() ? "" : m.model() + " ", m.item(), m.id(), m.shard()))
                    .collect(Collectors.joining(", ")) + (r.missingItems().size() > 20 ? ", …" : "")));
        }
        System.err.println(text(r.complete() ? "shard.cli.written" : "shard.cli.writtenIncomplete", String.join(", ", r.written())));
        if (json) {
            System.out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r.summary()));
        } else if (r.sentiment() != null) {
            BenchSentimentCommand.printMetrics(r.sentiment().metrics(), false);
        } else {
            for (EnergyReport e : r.energy()) {
                System.out.println(text("shard.cli.energyLine", e.model(), e.totalQueries(),
                        String.format(Locale.ROOT, "%.3e", e.totalEnergyKwh()), String.format(Locale.ROOT, "%.3e", e.totalEmissionsKg()),
                        String.format(Locale.ROOT, "%.3f", e.avgTimeSPerQuery())));
            }
            for (var t : r.statistics()) {
                System.out.printf(Locale.ROOT, "%s %s [%s]: %s%n", t.test(), t.variables(), t.groups(),
                        t.error() == null ? String.format(Locale.ROOT, "%.4g (p = %.4g)", t.statistic(), t.pvalue()) : t.error());
            }
        }
        return r.complete() ? 0 : INCOMPLETE;
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }

    private static String kind(ShardMerge.Result r) {
        return r.sentiment() != null ? text("shard.cli.sentiment", r.sentiment().model()) : text("shard.cli.energy");
    }
}
