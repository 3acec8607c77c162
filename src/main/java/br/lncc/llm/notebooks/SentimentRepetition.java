package br.lncc.llm.notebooks;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.bench.ModelOpener;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.bench.sentiment.DatasetSource;
import br.lncc.llm.bench.sentiment.LabeledText;
import br.lncc.llm.bench.sentiment.SentimentDataset;
import br.lncc.llm.bench.sentiment.SentimentExperiment;
import br.lncc.llm.bench.sentiment.SentimentMetrics;
import br.lncc.llm.hub.DatasetRowsClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.task.ProgressSink;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The prompt-repetition notebook (seed 000), cell by cell: dataset, label counts, the loop over
 * N reviews with both prompts, then the results block and McNemar, printed as the notebook does.
 * The N reviews are the notebook's: the shuffle reproduces Hugging Face's shuffle(seed) (NumPy's
 * PCG64 permutation). Difference, stated: the model runs our own forward pass in float32 on the
 * CPU, while the notebook uses 4-bit NF4 on a GPU, so predictions and latencies differ.
 *
 * <pre>java -cp "target/companion.jar:target/lib/*" br.lncc.llm.notebooks.SentimentRepetition
 *     [model=HuggingFaceTB/SmolLM3-3B] [dataset=hf:celsowm/imdb-reviews-pt-br] [n=500] [seed=42]</pre>
 */
public final class SentimentRepetition {
    private SentimentRepetition() {}

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "HuggingFaceTB/SmolLM3-3B";
        String dataset = args.length > 1 ? args[1] : DatasetSource.IMDB_PT_BR;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        PrintStream out = System.out;
        N01.cell(out, "2", "Dataset");
        List<LabeledText> all = DatasetSource.load(dataset, () -> DatasetRowsClient.fromConfig(HubConfig.fromSystem()), ProgressSink.NONE);
        List<LabeledText> sample = SentimentDataset.sample(all, n, seed);
        N01.cell(out, "1", "Carregando Modelo");
        try (TextCompleter lm = ModelOpener.standard().open(model, ProgressSink.NONE)) {
            out.println(lm.name());
            run(out, lm, dataset, sample, seed, AppDirs.results().resolve("notebooks").resolve("sentiment"));
        }
    }

    public static SentimentMetrics run(PrintStream out, TextCompleter lm, String dataset, List<LabeledText> sample, long seed, Path dir) {
        out.println("Dataset({ features: ['id', 'texto', 'sentimento'], num_rows: " + sample.size() + " })");
        Map<String, Long> counts = SentimentDataset.labelCounts(sample);
        out.println("Counter({1: " + counts.getOrDefault("positivo", 0L) + ", 0: " + counts.getOrDefault("negativo", 0L) + "})");
        N01.cell(out, "4", "Loop Experimental");
        long[] last = {-1};
        SentimentMetrics m = new SentimentExperiment().run(lm, sample, dataset, seed, dir, false, new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {
                long pct = done * 100 / Math.max(1, total);
                if (pct / 10 != last[0] / 10 || done == total) out.println(pct + "% | " + done + "/" + total);
                last[0] = pct;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        }).metrics();
        N01.cell(out, "5", "Resultados");
        out.println("===== RESULTADOS =====");
        out.println("Accuracy Normal: " + m.accuracyNormal());
        out.println("Accuracy Repeated: " + m.accuracyRepeated());
        out.println("Δ Accuracy: " + m.deltaAccuracy());
        out.println();
        out.println("Latência Média Normal: " + m.meanLatencyNormalS());
        out.println("Latência Média Repeated: " + m.meanLatencyRepeatedS());
        out.println();
        out.println("Tokens Médios Normal: " + m.meanTokensNormal());
        out.println("Tokens Médios Repeated: " + m.meanTokensRepeated());
        out.println();
        out.println("Ganho por Token: " + m.efficiencyGain());
        N01.cell(out, "8", "Teste de McNemar");
        out.println("b: " + m.b());
        out.println("c: " + m.c());
        out.println("statistic: " + m.mcnemarStatistic());
        out.println("p-value: " + m.mcnemarPvalue());
        out.println("# resultados por amostra em " + SentimentExperiment.logFile(dir, lm.name()).toAbsolutePath());
        return m;
    }
}
