package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl+C or kill (SIGTERM) during `bench energy`: the run stops between queries, writes the report
 * of what was measured (complete = false) and says how to continue — it used to die silently with
 * only the .jsonl log on disk, which the Benchmark page does not list.
 */
class InterruptedBenchTest {

    @Test
    void sigtermWritesThePartialReportAndExplainsHowToResume(@TempDir Path dir) throws Exception {
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 400; i++) queries.add((10 + i) + " + " + (20 + i));
        Path q = Files.write(dir.resolve("q.txt"), queries);
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dcompanion.relaunch=false", "-Dcompanion.home=" + dir.resolve("home"), "br.lncc.llm.Main", "bench", "energy",
                "--models", "src/test/resources/fixtures/gpt2-tiny", "--queries", q.toString(), "--out", out.toString(),
                "--tdp", "54", "--max-new-tokens", "4")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path log = EnergyBenchmark.logFile(out, "gpt2-tiny");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (JsonlLog.read(log).size() < 2 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        p.destroy(); // SIGTERM, as kill and timeout send
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String childLog = Files.readString(dir.resolve("child.log"));
        int kept = JsonlLog.read(log).size();
        assertTrue(kept >= 2 && kept < 400, "stopped mid-run, kept " + kept + ": " + childLog);
        Path report = EnergyBenchmark.reportFile(out, "gpt2-tiny");
        assertTrue(Files.exists(report), "the partial report is written: " + childLog);
        var json = new ObjectMapper().readTree(report.toFile());
        assertFalse(json.get("complete").asBoolean());
        assertEquals(kept, json.get("query_history").size());
        assertTrue(childLog.contains("--resume"), childLog);
    }

    @Test
    void sigtermDuringSentimentWritesThePartialReportToo(@TempDir Path dir) throws Exception {
        List<String> rows = new ArrayList<>(List.of("text,label"));
        for (int i = 0; i < 400; i++) rows.add("review " + i + " was " + (i % 2 == 0 ? "good,positivo" : "bad,negativo"));
        Path data = Files.write(dir.resolve("d.csv"), rows);
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dcompanion.relaunch=false", "-Dcompanion.home=" + dir.resolve("home"), "br.lncc.llm.Main", "bench",
                "sentiment", "--model", "src/test/resources/fixtures/gpt2-tiny", "--dataset", data.toString(), "--n", "400",
                "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path log = br.lncc.llm.bench.sentiment.SentimentExperiment.logFile(out, "gpt2-tiny");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (JsonlLog.read(log).size() < 2 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String childLog = Files.readString(dir.resolve("child.log"));
        int kept = JsonlLog.read(log).size();
        assertTrue(kept >= 2 && kept < 400, "stopped mid-run, kept " + kept + ": " + childLog);
        var json = new ObjectMapper().readTree(br.lncc.llm.bench.sentiment.SentimentExperiment.reportFile(out, "gpt2-tiny").toFile());
        assertFalse(json.get("complete").asBoolean());
        assertEquals(kept, json.get("samples").size());
        assertTrue(childLog.contains("--resume"), childLog);
    }
}
