package br.lncc.llm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.energy.CpuLoadEstimator;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.bench.sentiment.SentimentDataset;
import br.lncc.llm.bench.sentiment.SentimentExperiment;
import br.lncc.llm.bench.sentiment.SentimentPrompts;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both runners end to end on the project's tiny GPT-2 fixture (random weights, real format). */
class TinyGpt2BenchTest {
    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static TextCompleter model;

    @BeforeAll
    static void load() {
        model = ModelOpener.standard().open(TINY.toString(), ProgressSink.NONE);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void greedyCompletionIsDeterministicAndCountsTokens() {
        var a = model.complete("27 + 58 =", 4);
        var b = model.complete("27 + 58 =", 4);
        assertEquals(a, b);
        assertEquals("gpt2-tiny", model.name());
        assertTrue(a.inputTokens() > 0);
        assertTrue(a.outputTokens() >= 1 && a.outputTokens() <= 4);
    }

    @Test
    void sentimentRunOnAFewDemoReviews(@TempDir Path out) {
        var samples = SentimentDataset.sample(SentimentDataset.demo(), 2, 42);
        var report = new SentimentExperiment().run(model, samples, "demo", 42, out, false, ProgressSink.NONE);
        assertEquals(2, report.metrics().n());
        for (var s : report.samples()) {
            assertTrue(s.tokensRepeated() > s.tokensNormal(), "the repeated prompt is longer");
            // the fixture's window is 128 positions: a repeated review does not fit and is cut
            assertTrue(s.truncated() == (s.tokensRepeated() > 128 - SentimentExperiment.MAX_NEW_TOKENS));
            assertEquals(s.predictionNormal(), s.predictionNormal().strip().toLowerCase());
        }
        var again = SentimentExperiment.judgeForTest(model, 1, samples.get(0));
        assertEquals(report.samples().get(0).predictionNormal(), again.predictionNormal());
        assertTrue(SentimentPrompts.normal(samples.get(0).text()).endsWith("\nSentimento:"));
    }

    /**
     * A real crash: a second JVM runs the CLI and is killed with SIGKILL after two queries are on
     * disk; resuming here keeps those records byte for byte and measures exactly the rest.
     */
    @Test
    void energyRunSurvivesAKilledProcessAndResumes(@TempDir Path dir) throws Exception {
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 40; i++) queries.add((10 + i) + " + " + (20 + i));
        Path q = Files.write(dir.resolve("q.txt"), queries);
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dcompanion.home=" + dir.resolve("home"), "br.lncc.llm.Main", "bench", "energy", "--models", TINY.toString(),
                "--queries", q.toString(), "--out", out.toString(), "--tdp", "54", "--max-new-tokens", "4")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path log = EnergyBenchmark.logFile(out, "gpt2-tiny");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(log) < 2 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        List<String> before = Files.readAllLines(log);
        int kept = JsonlLog.read(log).size();
        assertTrue(kept >= 2 && kept < 40, "killed mid-run, kept " + kept + "; child log: " + Files.readString(dir.resolve("child.log")));

        var bench = new EnergyBenchmark(new EnergyMeter(new CpuLoadEstimator(54, CpuLoadEstimator.Mode.PROCESS), 10),
                GridIntensity.BRAZIL, new EnergyBenchmark.Settings(4, EnergyBenchmark.DEFAULT_TEMPLATE, false));
        // resume a shortened plan (the first kept+3 queries) to keep the test fast
        List<String> plan = queries.subList(0, kept + 3);
        EnergyReport r = bench.run(model, plan, out, true, ProgressSink.NONE);
        assertTrue(r.complete());
        assertEquals(kept + 3, r.totalQueries());
        List<String> after = Files.readAllLines(log);
        assertEquals(before.subList(0, kept), after.subList(0, kept), "records written before the kill are untouched");
        List<JsonNode> records = JsonlLog.read(log);
        for (int i = 0; i < records.size(); i++) assertEquals(i + 1, records.get(i).get("timestamp").asInt());
        double previous = 0, cumulative = 0;
        for (var rec : r.queryHistory()) {
            cumulative += rec.energyKwh();
            assertTrue(cumulative > previous, "cumulative energy grows with every query");
            previous = cumulative;
        }
    }

    @Test
    void llamaFamilyFixtureRunsTooThroughTheSameOpener(@TempDir Path out) {
        try (TextCompleter qwen = ModelOpener.standard().open("src/test/resources/fixtures/qwen2-tiny", ProgressSink.NONE)) {
            var bench = new EnergyBenchmark(new EnergyMeter(new CpuLoadEstimator(54, CpuLoadEstimator.Mode.PROCESS), 10),
                    GridIntensity.WORLD, new EnergyBenchmark.Settings(4, EnergyBenchmark.DEFAULT_TEMPLATE, true));
            EnergyReport r = bench.run(qwen, List.of("2 + 2", "3 * 4"), out, false, ProgressSink.NONE);
            assertEquals("qwen2-tiny", r.model());
            assertEquals(2, r.totalQueries());
            assertTrue(r.queryHistory().stream().allMatch(q -> q.tokensOutput() >= 1 && q.energyKwh() > 0));
        }
    }

    private static long lines(Path f) throws Exception {
        if (!Files.exists(f)) return 0;
        return Files.readAllLines(f).stream().filter(l -> l.endsWith("}")).count();
    }
}
