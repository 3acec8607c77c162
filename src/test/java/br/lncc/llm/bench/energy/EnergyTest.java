package br.lncc.llm.bench.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyTest {

    @Test
    void codeCarbonCpuLoadFormulas() {
        // machine: P = TDP·(0.1 + 0.9·u³); i3-4160 (54 W) at u = 0.5 → 54·0.2125 = 11.475 W
        assertEquals(11.475, CpuLoadEstimator.machinePower(54, 0.5), 1e-12);
        assertEquals(5.4, CpuLoadEstimator.machinePower(54, 0), 1e-12);
        assertEquals(54, CpuLoadEstimator.machinePower(54, 1), 1e-12);
        // process: P = TDP·share
        assertEquals(21.25, CpuLoadEstimator.processPower(85, 0.25), 1e-12);
        assertEquals(54.0, CpuTdpTable.lookup("Intel(R) Core(TM) i3-4160 CPU @ 3.60GHz").orElseThrow());
        assertTrue(CpuTdpTable.lookup("AMD EPYC").isEmpty());
    }

    @Test
    void ramPowerFollowsCodeCarbonV3DimmRule() {
        // 16 GB → 2 DIMMs → 10 W; 23 GB → 4 → 20 W; 2 GB → 1 DIMM but at least 10 W on x86;
        // 96 GB → 8 → 4·5 + 4·4.5 = 38 W; 2048 GB → 16 → 20 + 18 + 8·4 = 70 W; ARM 16 GB → 3 W
        assertEquals(10, RamPower.watts(16, false), 1e-12);
        assertEquals(20, RamPower.watts(23, false), 1e-12);
        assertEquals(10, RamPower.watts(2, false), 1e-12);
        assertEquals(38, RamPower.watts(96, false), 1e-12);
        assertEquals(70, RamPower.watts(2048, false), 1e-12);
        assertEquals(3, RamPower.watts(16, true), 1e-12);
    }

    @Test
    void raplSumsPackagesAndHandlesCounterWrap(@TempDir Path sys) throws Exception {
        Path p0 = Files.createDirectories(sys.resolve("intel-rapl:0"));
        Path sub = Files.createDirectories(sys.resolve("intel-rapl:0:0"));
        Files.writeString(p0.resolve("energy_uj"), "999000000");
        Files.writeString(p0.resolve("max_energy_range_uj"), "1000000000");
        Files.writeString(sub.resolve("energy_uj"), "5");
        RaplMeter rapl = RaplMeter.open(sys).orElseThrow();
        var a = rapl.snapshot();
        Files.writeString(p0.resolve("energy_uj"), "2000000"); // wrapped: 1 J to the top + 2 J
        var b = rapl.snapshot();
        assertEquals(3.0, rapl.cpuJoules(a, b), 1e-9);
        assertTrue(rapl.measured());
        assertEquals("measured (RAPL)", rapl.description());
        assertTrue(RaplMeter.open(sys.resolve("absent")).isEmpty());
    }

    @Test
    void machineLoadFromProcStat(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3\n");
        var est = new CpuLoadEstimator(100, CpuLoadEstimator.Mode.MACHINE, stat, 2);
        var a = est.snapshot();
        Files.writeString(stat, "cpu  150 0 150 900 0 0 0 0 0 0\n"); // 100 busy of 200 → u = 0.5
        var b = new PowerMeter.Snapshot(a.nanoTime() + 2_000_000_000L, est.snapshot().values());
        // 100·(0.1 + 0.9·0.125) W for 2 s = 42.5 J
        assertEquals(42.5, est.cpuJoules(a, b), 1e-9);
        assertFalse(est.measured());
    }

    @Test
    void gridIntensity() {
        assertEquals(98.3e-3, GridIntensity.forCountry("BR").kgCo2(1), 1e-15);
        assertEquals(0.475, GridIntensity.forCountry("world").kgCo2(1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> GridIntensity.forCountry("XX"));
    }

    private static EnergyMeter estimatingMeter() {
        return new EnergyMeter(new CpuLoadEstimator(85, CpuLoadEstimator.Mode.PROCESS), 10);
    }

    @Test
    void runWritesTheSeedSchemaAndResumesAfterAKill(@TempDir Path out) throws Exception {
        List<String> queries = QueryFile.defaults().subList(0, 6);
        var bench = new EnergyBenchmark(estimatingMeter(), GridIntensity.BRAZIL, EnergyBenchmark.Settings.defaults());

        // first run "crashes" after 3 queries: cancel, then a torn line as a kill mid-write leaves
        var model = new ArithmeticCompleter();
        int[] seen = {0};
        ProgressSink stopAfter3 = new ProgressSink() {
            public void update(long done, long total, String message) {
                seen[0] = (int) done;
            }

            public boolean isCancelled() {
                return seen[0] >= 3;
            }
        };
        EnergyReport partial = bench.run(model, queries, out, false, stopAfter3);
        assertEquals(3, partial.totalQueries());
        assertFalse(partial.complete());
        Path log = EnergyBenchmark.logFile(out, model.name());
        Files.writeString(log, "{\"timestamp\":4,\"query\":\"25 -", StandardOpenOption.APPEND);
        assertEquals(3, JsonlLog.read(log).size());

        var resumed = new ArithmeticCompleter();
        EnergyReport full = bench.run(resumed, queries, out, true, ProgressSink.NONE);
        // warm-up + exactly the 3 missing queries
        assertEquals(4, resumed.prompts.size());
        assertEquals("27 + 58 =", resumed.prompts.get(0)); // warm-up on the first query, not recorded
        assertEquals(List.of(4, 5, 6), resumed.prompts.subList(1, 4).stream().map(p -> queries.indexOf(p.replace(" =", "")) + 1).toList());
        assertTrue(full.complete());
        assertEquals(6, full.totalQueries());
        assertEquals(6, JsonlLog.read(log).size());

        JsonNode json = new ObjectMapper().readTree(EnergyBenchmark.reportFile(out, model.name()).toFile());
        for (String field : List.of("model", "device", "mode", "total_emissions_kg", "total_energy_kwh", "total_queries",
                "avg_emissions_kg_per_query", "total_time_s_codecarbon", "avg_time_s_per_query", "query_history")) {
            assertTrue(json.has(field), field);
        }
        double cumulative = 0;
        int order = 1;
        for (JsonNode q : json.get("query_history")) {
            for (String field : List.of("timestamp", "query", "response", "duration_s", "tokens_input", "tokens_output",
                    "emissions", "energy_kwh", "power_w", "ram_mb")) {
                assertTrue(q.has(field), field);
            }
            assertEquals(order++, q.get("timestamp").asInt());
            double e = q.get("energy_kwh").asDouble();
            assertTrue(e > 0, "every query costs energy (RAM alone draws 10 W)");
            assertEquals(e * 98.3 / 1000, q.get("emissions").asDouble(), 1e-18);
            cumulative += e;
        }
        assertEquals(cumulative, json.get("total_energy_kwh").asDouble(), 1e-15);
        assertEquals("85", json.get("query_history").get(0).get("response").asText());
        assertTrue(json.get("energy_method").asText().startsWith("estimated"));
    }

    @Test
    void emptyQueriesFileIsAClearError(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("q.txt"), "# only a comment\n\n");
        var e = assertThrows(BenchmarkException.class, () -> QueryFile.read(f));
        assertTrue(e.getMessage().contains("vazio"), e.getMessage());
    }
}
