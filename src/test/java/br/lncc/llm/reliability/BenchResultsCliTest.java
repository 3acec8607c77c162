package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, items 2–3 through `bench energy`: a second writer is refused, a corrupt line is quarantined and said. */
class BenchResultsCliTest {
    static final String TINY = "src/test/resources/fixtures/gpt2-tiny";
    @TempDir Path dir;

    private Cli.Run energy(Path queries, Path out, boolean resume) {
        var args = new java.util.ArrayList<>(List.of("bench", "energy", "--models", TINY, "--queries", queries.toString(),
                "--out", out.toString(), "--tdp", "54", "--max-new-tokens", "2"));
        if (resume) args.add("--resume");
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<Path> filesUnder(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aSecondRunOnTheSameLogIsRefusedInOneLineAndTheFirstKeepsItsRecords() throws Exception {
        Path q = Files.writeString(dir.resolve("q.txt"), "1 + 1\n2 + 2\n3 + 3\n");
        Path out = dir.resolve("out");
        assertEquals(0, energy(q, out, false).exit());
        Path log = EnergyBenchmark.logFile(out, "gpt2-tiny");
        byte[] before = Files.readAllBytes(log);
        try (JsonlLog other = JsonlLog.open(log, true)) { // another run is writing this log
            Cli.Run r = energy(q, out, true);
            assertEquals(1, r.exit(), r.err());
            assertEquals(1, r.errorLines().size(), r.err());
            assertTrue(r.errorLines().get(0).contains("já está sendo gravado"), r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace");
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(log));
    }

    @Test
    void aCorruptLineInTheMiddleKeepsTheLaterRecordsAndIsNamedOnResume() throws Exception {
        Path q = Files.writeString(dir.resolve("q.txt"), "1 + 1\n2 + 2\n3 + 3\n4 + 4\n");
        Path out = dir.resolve("out");
        assertEquals(0, energy(q, out, false).exit());
        Path log = EnergyBenchmark.logFile(out, "gpt2-tiny");
        List<String> lines = Files.readAllLines(log);
        // Record 2 damaged in place (a disk or editor accident), records 3 and 4 after it intact.
        Files.write(log, List.of(lines.get(0), "{\"timestamp\": 2, \"qu", lines.get(2), lines.get(3)));
        Cli.Run r = energy(q, out, true);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("Aviso:") && l.contains("[2]")), r.err());
        List<Integer> order = JsonlLog.read(log).stream().map(n -> n.get("timestamp").asInt()).toList();
        assertEquals(List.of(1, 3, 4, 2), order, "only the damaged query is measured again");
        assertTrue(Files.readString(JsonlLog.quarantineFile(log)).contains("linha 2: {\"timestamp\": 2, \"qu"));
        for (Path p : filesUnder(dir)) assertTrue(p.startsWith(out) || p.equals(q), "written outside --out: " + p);
    }
}
