package br.lncc.llm.notebooks;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.bench.ModelOpener;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.bench.energy.EnergyAnalysis;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.bench.energy.QueryFile;
import br.lncc.llm.task.ProgressSink;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SLM Green Benchmark (seed 001) as one program: each model's benchmark script (warm-up,
 * every query, results/environmental_data_*.json), then comparative_analysis.py and
 * statistical_tests.py (Mann-Whitney, ANOVA, correlations). Energy is measured with RAPL when
 * readable, otherwise estimated as CodeCarbon does; the output says which.
 *
 * <pre>java -cp "target/companion.jar:target/lib/*" br.lncc.llm.notebooks.GreenBenchmark
 *     [models=microsoft/phi-2,openai-community/gpt2,deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B] [queries.txt]</pre>
 */
public final class GreenBenchmark {
    private GreenBenchmark() {}

    public static final String SEED_MODELS = "microsoft/phi-2,openai-community/gpt2,deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B";

    public static void main(String[] args) {
        List<String> models = List.of((args.length > 0 ? args[0] : SEED_MODELS).split(","));
        List<String> queries = args.length > 1 ? QueryFile.read(Path.of(args[1])) : QueryFile.defaults();
        Path dir = AppDirs.results().resolve("notebooks").resolve("green-benchmark");
        EnergyMeter meter = EnergyMeter.forThisMachine(null);
        var bench = new EnergyBenchmark(meter, GridIntensity.BRAZIL, EnergyBenchmark.Settings.defaults());
        List<EnergyReport> runs = new ArrayList<>();
        for (String id : models) {
            try (TextCompleter lm = ModelOpener.standard().open(id.strip(), ProgressSink.NONE)) {
                runs.add(runOne(System.out, bench, meter, lm, queries, dir));
            }
        }
        analyse(System.out, runs);
    }

    public static EnergyReport runOne(PrintStream out, EnergyBenchmark bench, EnergyMeter meter, TextCompleter lm, List<String> queries, Path dir) {
        N01.cell(out, lm.name(), "benchmark");
        out.println("Modelo: " + lm.name() + " | device: cpu | modo: baseline (RAG desativado)");
        out.println("Energia: " + meter.description());
        EnergyReport r = bench.run(lm, queries, dir, false, ProgressSink.NONE);
        out.printf(Locale.ROOT, "Consultas: %d%nEnergia total: %.6e kWh%nEmissões totais: %.6e kg CO2%nTempo total: %.2f s%n"
                        + "Tempo médio por consulta: %.3f s%nEmissões médias por consulta: %.6e kg%n",
                r.totalQueries(), r.totalEnergyKwh(), r.totalEmissionsKg(), r.totalTimeSCodecarbon(), r.avgTimeSPerQuery(),
                r.avgEmissionsKgPerQuery());
        out.println("Resultados salvos em " + EnergyBenchmark.reportFile(dir, lm.name()).toAbsolutePath());
        return r;
    }

    public static void analyse(PrintStream out, List<EnergyReport> runs) {
        N01.cell(out, "analysis", "comparative_analysis");
        out.printf(Locale.ROOT, "%-45s %12s %12s %12s %10s %10s%n", "modelo", "kWh/consulta", "s/consulta", "W médio", "tokens out", "RAM MB");
        for (EnergyReport r : runs) {
            int n = Math.max(1, r.totalQueries());
            double watts = r.queryHistory().stream().mapToDouble(q -> q.powerW()).average().orElse(Double.NaN);
            double tokens = r.queryHistory().stream().mapToDouble(q -> q.tokensOutput()).average().orElse(Double.NaN);
            double ram = r.queryHistory().stream().mapToDouble(q -> q.ramMb()).max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "%-45s %12.4e %12.3f %12.1f %10.1f %10.1f%n", r.model(), r.totalEnergyKwh() / n,
                    r.avgTimeSPerQuery(), watts, tokens, ram);
        }
        N01.cell(out, "analysis", "statistical_tests");
        for (var row : EnergyAnalysis.tests(runs)) {
            if (row.error() != null) {
                out.println(row.test() + " [" + row.variables() + "] " + row.groups() + ": " + row.error());
            } else {
                out.printf(Locale.ROOT, "%s [%s] %s: estatística = %.6g, p = %.6g%n", row.test(), row.variables(), row.groups(),
                        row.statistic(), row.pvalue());
            }
        }
    }
}
