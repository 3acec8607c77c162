package br.lncc.llm.cli;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.bench.sentiment.DatasetSource;
import br.lncc.llm.bench.shard.RunEnvironment;
import br.lncc.llm.bench.shard.Shard;
import br.lncc.llm.bench.shard.ShardLog;
import br.lncc.llm.bench.sentiment.SentimentDataset;
import br.lncc.llm.bench.sentiment.SentimentExperiment;
import br.lncc.llm.bench.sentiment.SentimentMetrics;
import br.lncc.llm.hub.DatasetRowsClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.HubException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench sentiment}: prompt repetition (normal vs repeated prompt) with McNemar. */
@Command(name = "sentiment", mixinStandardHelpOptions = true)
public final class BenchSentimentCommand implements Callable<Integer> {

    @Option(names = "--model", required = true) String model;
    @Option(names = "--dataset", defaultValue = DatasetSource.IMDB_PT_BR)
    String dataset;
    @Option(names = "--n", defaultValue = "500") int n;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--out", required = true) Path out;
    @Option(names = "--resume") boolean resume;
    @Option(names = "--json") boolean json;
    @Option(names = "--shard", paramLabel = "I/N", converter = ShardOption.class)
    Shard shard;
    @picocli.CommandLine.Mixin SlurmOptions slurm = new SlurmOptions();
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** Replaced in tests by a loopback server. */
    static Supplier<DatasetRowsClient> rowsClient = () -> DatasetRowsClient.fromConfig(HubConfig.fromSystem());

    @Override
    public Integer call() throws Exception {
        if (slurm.requested()) return slurm.write(spec, "sentiment", out, json);
        // Errors the experiment does not explain itself (a model folder without tokenizer.json, truncated
        // weights) still get one clear line instead of picocli's stack trace.
        return CliErrors.run(this::runExperiment);
    }

    private int runExperiment() throws Exception {
        // Ctrl+C / kill: stop between reviews and keep a report of what was judged.
        try (StopOnSignal signal = new StopOnSignal()) {
            return runExperiment(signal);
        }
    }

    private int runExperiment(StopOnSignal signal) throws Exception {
        var progress = new StderrProgress(signal::requested);
        SentimentMetrics m;
        try {
            var all = DatasetSource.load(dataset, rowsClient, progress);
            var samples = SentimentDataset.sample(all, n, seed);
            System.err.println(CompanionCommand.text("cli.sentiment.samples", samples.size(), SentimentDataset.labelCounts(samples),
                    dataset.equalsIgnoreCase(DatasetSource.DEMO) ? CompanionCommand.text("cli.sentiment.demo") : ""));
            try (TextCompleter lm = BenchCommand.loader.open(model, progress)) {
                if (shard != null) return runShard(lm, samples, signal, progress);
                var report = new SentimentExperiment().run(lm, samples, dataset, seed, out, resume, progress);
                if (signal.requested()) {
                    System.err.println(CompanionCommand.text("cli.sentiment.interrupted", report.samples().size(), samples.size(),
                            SentimentExperiment.reportFile(out, lm.name())));
                    return 1;
                }
                m = report.metrics();
            }
        } catch (BenchmarkException | HubException e) {
            CliErrors.print(e);
            return 1;
        }
        printMetrics(m, json);
        return 0;
    }

    private int runShard(TextCompleter lm, java.util.List<br.lncc.llm.bench.sentiment.LabeledText> samples, StopOnSignal signal,
                         StderrProgress progress) throws Exception {
        var env = RunEnvironment.describe(System.getenv());
        System.err.println(CompanionCommand.text("cli.shard.where", shard, env.get("host"), env.get("device")));
        var report = new SentimentExperiment().runShard(lm, samples, dataset, seed, out, shard, resume, env, progress);
        var file = ShardLog.file(out, shard);
        if (signal.requested()) {
            System.err.println(CompanionCommand.text("cli.sentiment.shardInterrupted", report.samples().size(), report.requested(), shard, file));
            return 1;
        }
        System.err.println(CompanionCommand.text("cli.sentiment.shardDone", shard, report.samples().size(), report.requested(), file, out));
        printMetrics(report.metrics(), json);
        return 0;
    }

    static void printMetrics(SentimentMetrics m, boolean json) throws Exception {
        if (json) {
            System.out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
            // The seed notebook's own report (its labels in pt-BR; English with --lang en), numbers as Java prints doubles.
            System.out.println(text("cli.sentiment.results", m.n()));
            System.out.println("Accuracy Normal: " + m.accuracyNormal());
            System.out.println("Accuracy Repeated: " + m.accuracyRepeated());
            System.out.println("Δ Accuracy: " + m.deltaAccuracy());
            System.out.println("\n" + text("cli.sentiment.latencyNormal", String.valueOf(m.meanLatencyNormalS())));
            System.out.println(text("cli.sentiment.latencyRepeated", String.valueOf(m.meanLatencyRepeatedS())));
            System.out.println("\n" + text("cli.sentiment.tokensNormal", String.valueOf(m.meanTokensNormal())));
            System.out.println(text("cli.sentiment.tokensRepeated", String.valueOf(m.meanTokensRepeated())));
            System.out.println("\n" + text("cli.sentiment.gain", String.valueOf(m.efficiencyGain())));
            System.out.println("\nb: " + m.b() + "\nc: " + m.c());
            System.out.println("statistic: " + m.mcnemarStatistic());
            System.out.println("p-value: " + m.mcnemarPvalue());
            System.out.println(text("cli.sentiment.exactP", String.valueOf(m.mcnemarExactPvalue())));
        }
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }
}
