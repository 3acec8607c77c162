package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.WriterLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, items 1–3: a results log never loses a record — kill -9, a second writer, a corrupt line. */
class ResultsLogTest {
    @TempDir Path dir;

    private static String record(int i) {
        return "{\"index\":" + i + ",\"answer\":\"resposta " + i + "\",\"seconds\":0.12345678901234567}";
    }

    private Path logWith(int records, int... badAfter) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= records; i++) {
            sb.append(record(i)).append('\n');
            for (int b : badAfter) if (b == i) sb.append("{\"index\": 99, \"answer\": \"cortado\n");
        }
        return Files.writeString(dir.resolve("log.jsonl"), sb.toString());
    }

    private static List<Integer> indexes(Path log) {
        List<Integer> out = new ArrayList<>();
        for (var n : JsonlLog.read(log)) out.add(n.get("index").asInt());
        return out;
    }

    private static List<Integer> oneTo(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(i);
        return out;
    }

    @Test
    void aCorruptMiddleLineKeepsEveryLaterRecordAndGoesToQuarantineWithItsNumber() throws Exception {
        Path log = logWith(10, 4);
        assertEquals(oneTo(10), indexes(log), "reading skips the bad line instead of stopping at it");
        try (JsonlLog open = JsonlLog.open(log, true)) {
            assertEquals(10, open.resumed().size());
            assertEquals(List.of(5), open.quarantined().stream().map(JsonlLog.BadLine::number).toList());
            assertTrue(open.quarantineNotice().render(br.lncc.llm.text.Messages.PT_BR).contains("[5]"), open.quarantineNotice().toString());
            open.append(Map.of("index", 11));
        }
        assertEquals(oneTo(11), indexes(log));
        assertTrue(JsonlLog.scan(log).clean());
        String quarantined = Files.readString(JsonlLog.quarantineFile(log));
        assertTrue(quarantined.startsWith("linha 5: {\"index\": 99"), quarantined);
    }

    @Test
    void aLineCutByAKillIsRemovedWithoutRewritingTheRecordsBeforeIt() throws Exception {
        Path log = logWith(5);
        Files.writeString(log, "{\"index\": 6, \"ans", java.nio.file.StandardOpenOption.APPEND);
        Object inode = Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        try (JsonlLog open = JsonlLog.open(log, true)) {
            assertTrue(open.quarantined().isEmpty(), "a cut last line is the normal trace of a kill, not corruption");
            open.append(Map.of("index", 6));
        }
        assertEquals(oneTo(6), indexes(log));
        assertEquals(inode, Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "the same file was appended to, not replaced");
        assertTrue(Files.readString(log).startsWith(record(1) + "\n" + record(2) + "\n"), "earlier bytes untouched");
    }

    @Test
    void aLastRecordWithoutItsNewlineIsKeptAndTheNextOneStartsOnItsOwnLine() throws Exception {
        Path log = Files.writeString(dir.resolve("log.jsonl"), record(1) + "\n" + record(2));
        try (JsonlLog open = JsonlLog.open(log, true)) {
            open.append(Map.of("index", 3));
        }
        assertEquals(oneTo(3), indexes(log));
    }

    @Test
    void aSecondWriterOnTheSameLogIsRefusedWithAClearMessageAndWritesNothing() throws Exception {
        Path log = logWith(3);
        try (JsonlLog first = JsonlLog.open(log, true)) {
            var e = assertThrows(BenchmarkException.class, () -> JsonlLog.open(log, true));
            assertTrue(e.getMessage().contains("já está sendo gravado pelo processo " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
            first.append(Map.of("index", 4));
        }
        assertEquals(oneTo(4), indexes(log));
        assertTrue(Files.notExists(WriterLock.lockFileOf(log)), "the lock goes with the writer");
        try (JsonlLog again = JsonlLog.open(log, true)) {
            assertEquals(4, again.resumed().size(), "after the first closed, the log opens again");
        }
    }

    @Test
    void theShardsOfOneExperimentWriteSideBySideInOneFolder() {
        try (JsonlLog a = JsonlLog.open(dir.resolve("shard-1-of-2.jsonl"), false);
                JsonlLog b = JsonlLog.open(dir.resolve("shard-2-of-2.jsonl"), false)) {
            a.append(Map.of("index", 1));
            b.append(Map.of("index", 2));
        }
        assertEquals(List.of(1), indexes(dir.resolve("shard-1-of-2.jsonl")));
        assertEquals(List.of(2), indexes(dir.resolve("shard-2-of-2.jsonl")));
    }

    @Test
    void aLockLeftByADeadProcessIsTakenOver() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        Path log = logWith(2);
        Files.writeString(WriterLock.lockFileOf(log), "pid=" + p.pid() + "\nhost=" + hostName() + "\nsince=2026-01-01T00:00:00Z\nprocess_start=\n");
        try (JsonlLog open = JsonlLog.open(log, true)) {
            assertEquals(2, open.resumed().size());
        }
    }

    @Test
    void aLockHeldOnAnotherMachineIsRefusedAndSaysHowToClearIt() throws Exception {
        Path log = logWith(2);
        Path lock = WriterLock.lockFileOf(log);
        Files.writeString(lock, "pid=4242\nhost=node-17.cluster\nsince=2026-12-01T10:00:00Z\nprocess_start=\n");
        var e = assertThrows(BenchmarkException.class, () -> JsonlLog.open(log, true));
        assertTrue(e.getMessage().contains("node-17.cluster") && e.getMessage().contains(lock.toString()), e.getMessage());
        assertEquals(oneTo(2), indexes(log));
    }

    @Test
    void aFreshRunOverMeasuredRecordsIsRefusedAndDeletesNothing() throws Exception {
        Path log = logWith(3, 1);
        var e = assertThrows(BenchmarkException.class, () -> JsonlLog.open(log, false));
        assertTrue(e.getMessage().contains("3 resultado(s)"), e.getMessage());
        assertEquals(oneTo(3), indexes(log));
        assertTrue(Files.notExists(WriterLock.lockFileOf(log)), "a refused open leaves no lock behind");
    }

    private static String hostName() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    /**
     * The repair of a corrupt log (quarantine + rewrite) killed with SIGKILL at many moments: the log
     * always has every valid record, and the bad line is always either still in it or in quarantine.
     */
    @Test
    void killDashNineDuringTheResumeRewriteNeverLosesARecord() throws Exception {
        int n = 20_000;
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(record(i)).append('\n');
            if (i == 7) sb.append("{corrupt line\n");
        }
        byte[] corrupt = sb.toString().getBytes(StandardCharsets.UTF_8);
        Path log = dir.resolve("big.jsonl");
        // One undisturbed run proves the child finishes and repairs on its own.
        long workMillis = runChild(log, corrupt, -1);
        Random random = new Random(18);
        int killedDuringWork = 0;
        for (int round = 0; round < 6; round++) {
            // The rewrite beside the log (widened to ~20 × 40 ms) is the dangerous moment: the kill lands a random
            // time after its file appears, so a loaded machine (slow JVM start, slow scan) moves the aim with it.
            long at = random.nextInt(900);
            if (runChild(log, corrupt, at) < 0) killedDuringWork++;
            List<Integer> kept = indexes(log);
            kept.remove(Integer.valueOf(-1));
            assertEquals(n, kept.size(), "round " + round + ": every valid record survives");
            assertTrue(kept.equals(oneTo(n)), "round " + round + ": records in order, none doubled");
            boolean badInLog = !JsonlLog.scan(log).badLines().isEmpty();
            boolean badInQuarantine = Files.exists(JsonlLog.quarantineFile(log))
                    && Files.readString(JsonlLog.quarantineFile(log)).contains("{corrupt line");
            assertTrue(badInLog || badInQuarantine, "round " + round + ": the bad line is kept somewhere");
        }
        assertTrue(killedDuringWork >= 2, "most kills landed while the child worked: " + killedDuringWork + " (work " + workMillis + " ms)");
        // The copies the killed children were writing are gone once the next writer has the lock.
        runChild(log, corrupt, -1);
        assertTrue(!rewriteStarted(log, log.getFileName() + ".rewrite-"), "no abandoned rewrite copy is left beside the log");
    }

    @Test
    void anAbandonedRewriteCopyIsRemovedByTheNextWriterAndTheLogIsUntouched() throws Exception {
        Path log = logWith(3);
        Path abandoned = Files.writeString(dir.resolve("log.jsonl.rewrite-999999"), record(1) + "\n" + record(2));
        Path otherLogs = Files.writeString(dir.resolve("other.jsonl.rewrite-999999"), "not ours");
        try (JsonlLog open = JsonlLog.open(log, true)) {
            assertEquals(3, open.resumed().size());
        }
        assertTrue(Files.notExists(abandoned), "the killed writer's copy is removed");
        assertTrue(Files.exists(otherLogs), "another log's files are left alone");
        assertEquals(oneTo(3), indexes(log));
    }

    private static boolean rewriteStarted(Path log, String prefix) throws java.io.IOException {
        try (var siblings = Files.list(log.getParent())) {
            return siblings.anyMatch(f -> f.getFileName().toString().startsWith(prefix));
        }
    }

    /** Runs the child on a fresh copy of the corrupt log; kills it {@code killAfterMillis} after its rewrite file appears (-1: never). Returns the work time, or -1 if killed while working. */
    private long runChild(Path log, byte[] corrupt, long killAfterMillis) throws Exception {
        Files.write(log, corrupt);
        Files.deleteIfExists(JsonlLog.quarantineFile(log));
        Files.deleteIfExists(WriterLock.lockFileOf(log));
        // A killed child's half-written rewrite stays: the next writer (JsonlLog.open) must remove it.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Dcompanion.test.repairPauseMillis=40", "-cp", System.getProperty("java.class.path"),
                ResumeRewriteChild.class.getName(), log.toString()).redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("go", out.readLine());
        long go = System.nanoTime();
        if (killAfterMillis < 0) {
            assertEquals("done", out.readLine());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return (System.nanoTime() - go) / 1_000_000;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // This child's own copy: an earlier, killed child's copy may still be there until this one removes it.
        String ownRewrite = log.getFileName() + ".rewrite-" + p.pid();
        while (p.isAlive() && System.nanoTime() < deadline && !rewriteStarted(log, ownRewrite)) Thread.sleep(5);
        Thread.sleep(killAfterMillis);
        boolean working = p.isAlive();
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return working ? -1 : 0;
    }
}
