package br.lncc.llm.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.energy.CpuLoadEstimator;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.bench.sentiment.SentimentDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two seed programs print the notebook's blocks (model: the deterministic stand-in). */
class BenchNotebooksTest {

    @Test
    void sentimentProgramPrintsTheResultsBlockAndMcNemar(@TempDir Path dir) {
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SentimentRepetition.run(out, new ArithmeticCompleter(), "demo", SentimentDataset.sample(SentimentDataset.demo(), 16, 42), 42, dir);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Counter({1: 8, 0: 8})"), text);
        assertTrue(text.contains("===== RESULTADOS ====="));
        // the stand-in gets the normal prompt right only on reviews with "excelente"; the repeated always says positivo
        assertTrue(text.contains("Accuracy Repeated: 0.5"), text);
        assertTrue(text.contains("statistic: ") && text.contains("p-value: "));
    }

    @Test
    void greenBenchmarkPrintsEachRunAndTheTests(@TempDir Path dir) {
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        var meter = new EnergyMeter(new CpuLoadEstimator(54, CpuLoadEstimator.Mode.PROCESS), 10);
        var bench = new EnergyBenchmark(meter, GridIntensity.BRAZIL, EnergyBenchmark.Settings.defaults());
        var run = GreenBenchmark.runOne(out, bench, meter, new ArithmeticCompleter(), List.of("1 + 1", "2 * 3", "9 - 4"), dir);
        GreenBenchmark.analyse(out, List.of(run));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Consultas: 3"), text);
        assertTrue(text.contains("estimated (CodeCarbon cpu_load"), text);
        assertTrue(text.contains("Pearson r [duration_s × energy_kwh]"), text);
    }
}
