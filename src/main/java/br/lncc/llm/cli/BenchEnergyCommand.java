package br.lncc.llm.cli;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.bench.energy.QueryFile;
import br.lncc.llm.bench.energy.RaplMeter;
import br.lncc.llm.bench.shard.RunEnvironment;
import br.lncc.llm.bench.shard.Shard;
import br.lncc.llm.bench.shard.ShardLog;
import br.lncc.llm.text.Messages;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench energy}: the SLM Green Benchmark on one or more models. */
@Command(name = "energy", mixinStandardHelpOptions = true)
public final class BenchEnergyCommand implements Callable<Integer> {

    @Option(names = "--models", required = true, split = ",")
    List<String> models;

    @Option(names = "--queries")
    Path queries;

    @Option(names = "--out", required = true) Path out;
    @Option(names = "--country", defaultValue = "BR") String country;
    @Option(names = "--intensity") Double intensity;
    @Option(names = "--tdp") Double tdp;
    @Option(names = "--estimate", defaultValue = "machine")
    String estimate;
    @Option(names = "--max-new-tokens", defaultValue = "16") int maxNewTokens;
    @Option(names = "--resume") boolean resume;
    @Option(names = "--json") boolean json;
    @Option(names = "--shard", paramLabel = "I/N", converter = ShardOption.class)
    Shard shard;
    @picocli.CommandLine.Mixin SlurmOptions slurm = new SlurmOptions();
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** A zero TDP or a negative intensity would turn every record into nonsense (negative CO2, NaN). */
    private void checkNumbers() {
        if (maxNewTokens < 1) throw new IllegalArgumentException(CompanionCommand.text("cli.energy.maxNewTokens", maxNewTokens));
        if (tdp != null && !(tdp > 0 && Double.isFinite(tdp))) {
            throw new IllegalArgumentException(CompanionCommand.text("cli.energy.tdp", String.valueOf(tdp)));
        }
        if (intensity != null && !(intensity >= 0 && Double.isFinite(intensity))) {
            throw new IllegalArgumentException(CompanionCommand.text("cli.energy.intensity", String.valueOf(intensity)));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (slurm.requested()) return slurm.write(spec, "energy", out, json);
        List<String> qs;
        GridIntensity grid;
        try {
            checkNumbers();
            qs = queries == null ? QueryFile.defaults() : QueryFile.read(queries);
            grid = intensity != null ? new GridIntensity(country.toUpperCase(), intensity) : GridIntensity.forCountry(country);
        } catch (br.lncc.llm.text.CompanionException | IllegalArgumentException e) {
            return CliErrors.report(e);
        }
        br.lncc.llm.bench.energy.CpuLoadEstimator.Mode mode;
        switch (estimate.toLowerCase(java.util.Locale.ROOT)) {
            case "machine" -> mode = br.lncc.llm.bench.energy.CpuLoadEstimator.Mode.MACHINE;
            case "process" -> mode = br.lncc.llm.bench.energy.CpuLoadEstimator.Mode.PROCESS;
            default -> {
                System.err.println(CompanionCommand.text("error.prefix", CompanionCommand.text("cli.energy.estimate", estimate)));
                return 1;
            }
        }
        EnergyMeter meter = EnergyMeter.forThisMachine(tdp, mode);
        if (!meter.measured()) System.err.println(CompanionCommand.text("cli.energy.estimated", RaplMeter.unavailableReason(RaplMeter.SYSFS)));
        System.err.println(CompanionCommand.text("cli.energy.method", meter.description()));
        var bench = new EnergyBenchmark(meter, grid, new EnergyBenchmark.Settings(maxNewTokens, EnergyBenchmark.DEFAULT_TEMPLATE, true));
        if (shard != null) return CliErrors.run(() -> runShard(bench, qs));
        List<Map<String, Object>> summary = new ArrayList<>();
        // Ctrl+C / kill: stop between queries and keep a report of what was measured.
        try (StopOnSignal signal = new StopOnSignal()) {
            for (String id : models) {
                var progress = new StderrProgress(signal::requested);
                EnergyReport r;
                try (TextCompleter model = BenchCommand.loader.open(id.trim(), progress)) {
                    r = bench.run(model, qs, out, resume, progress);
                    if (signal.requested()) {
                        System.err.println(CompanionCommand.text("cli.energy.interrupted", r.queryHistory().size(), qs.size(), r.model(),
                                EnergyBenchmark.reportFile(out, r.model())));
                        return 1;
                    }
                } catch (RuntimeException e) {
                    var lang = CompanionCommand.language();
                    // A message from below in the chosen language; a bug is still called one, in one line.
                    String why = e instanceof br.lncc.llm.text.CompanionException c ? c.message(lang)
                            : e instanceof br.lncc.llm.text.InvalidInputException bad ? bad.message(lang)
                            : e instanceof IllegalArgumentException ? e.getMessage()
                            : Messages.render(lang, "error.unexpected", String.valueOf(e));
                    System.err.println(CompanionCommand.text("cli.energy.failed", id, why, out));
                    return 1;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", r.model());
                m.put("total_queries", r.totalQueries());
                m.put("total_energy_kwh", r.totalEnergyKwh());
                m.put("total_emissions_kg", r.totalEmissionsKg());
                m.put("avg_time_s_per_query", r.avgTimeSPerQuery());
                m.put("energy_method", r.energyMethod());
                m.put("report", EnergyBenchmark.reportFile(out, r.model()).toString());
                summary.add(m);
                if (!json) {
                    System.out.println(CompanionCommand.text("cli.energy.line", r.model(), r.totalQueries(),
                            CompanionCommand.fixed("%.3e", r.totalEnergyKwh()), CompanionCommand.fixed("%.3e", r.totalEmissionsKg()),
                            CompanionCommand.fixed("%.3f", r.avgTimeSPerQuery()),
                            CompanionCommand.text(r.energyMeasured() ? "cli.energy.measured" : "cli.energy.estimatedShort")));
                }
            }
        }
        if (json) System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        return 0;
    }

    private int runShard(EnergyBenchmark bench, List<String> qs) throws Exception {
        List<String> ids = models.stream().map(String::trim).toList();
        try (StopOnSignal signal = new StopOnSignal()) {
            var progress = new StderrProgress(signal::requested);
            var env = RunEnvironment.describe(System.getenv());
            System.err.println(CompanionCommand.text("cli.shard.where", shard, env.get("host"), env.get("device")));
            List<EnergyReport> parts = bench.runShard(BenchCommand.loader, ids, qs, out, shard, resume, env, progress);
            var file = ShardLog.file(out, shard);
            int done = parts.stream().mapToInt(EnergyReport::totalQueries).sum();
            int planned = shard.items(qs.size()).size() * ids.size();
            if (signal.requested()) {
                System.err.println(CompanionCommand.text("cli.energy.shardInterrupted", done, planned, shard, file));
                return 1;
            }
            System.err.println(CompanionCommand.text("cli.energy.shardDone", shard, done, planned, file, out));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("shard", shard.toString());
                m.put("file", file.toString());
                m.put("queries_done", done);
                m.put("queries_planned", planned);
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            }
            return 0;
        }
    }
}
