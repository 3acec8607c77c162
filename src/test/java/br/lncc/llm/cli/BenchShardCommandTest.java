package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.CompleterLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench sentiment|energy --shard I/N} and {@code bench merge} through the command line. */
class BenchShardCommandTest {
    private CompleterLoader saved;

    @BeforeEach
    void useStandInModel() {
        saved = BenchCommand.loader;
        BenchCommand.loader = (id, progress) -> new ArithmeticCompleter();
    }

    @AfterEach
    void restore() {
        BenchCommand.loader = saved;
    }

    @Test
    void aShardThatIsNotIOfNIsAUsageErrorWithTheRule(@TempDir Path out) {
        for (String bad : new String[] {"0/3", "4/3", "a/b"}) {
            var r = Gpt2CommandsTest.run("bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "4", "--out",
                    out.toString(), "--shard", bad);
            assertEquals(2, r.exit(), bad);
            assertTrue(r.err().contains("'" + bad + "' não é uma parte válida") && r.err().contains("1 ≤ I ≤ N"), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            var e = Gpt2CommandsTest.run("bench", "energy", "--models", "m", "--out", out.toString(), "--shard", bad);
            assertEquals(2, e.exit(), bad);
        }
        assertEquals(0, out.toFile().list().length, "nothing ran");
        // --lang en, even when it comes after --shard (the converter runs before the option is parsed)
        var en = Gpt2CommandsTest.run("bench", "energy", "--models", "m", "--out", out.toString(), "--shard", "0/3", "--lang", "en");
        assertTrue(en.err().contains("'0/3' is not a valid part: use I/N with 1 ≤ I ≤ N"), en.err());
    }

    @Test
    void shardsThenMergeGiveTheUnshardedReportAndTheExitCodeSaysWhetherItIsComplete(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        assertEquals(0, Gpt2CommandsTest.run("bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "8", "--out",
                whole.toString()).exit());
        for (int i : new int[] {1, 3}) {
            var r = Gpt2CommandsTest.run("bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "8", "--out",
                    parts.toString(), "--shard", i + "/3", "--resume");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.err().contains("bench merge --out"), r.err());
        }
        var partial = Gpt2CommandsTest.run("bench", "merge", "--out", parts.toString(), "--json");
        assertEquals(3, partial.exit(), partial.err());
        assertTrue(partial.err().contains("shard-2-of-3.jsonl: AUSENTE") && partial.err().contains("Faltam as partes: 2"), partial.err());
        var english = Gpt2CommandsTest.run("--lang", "en", "bench", "merge", "--out", parts.toString());
        assertTrue(english.err().contains("shard-2-of-3.jsonl: MISSING") && english.err().contains("Missing parts: 2")
                && english.err().contains("3 item(s) missing") && english.err().contains("Written (complete: false)"), english.err());
        JsonNode summary = new ObjectMapper().readTree(partial.out());
        assertFalse(summary.get("complete").asBoolean());
        assertEquals(3, summary.get("missing_items").size());

        assertEquals(0, Gpt2CommandsTest.run("bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "8", "--out",
                parts.toString(), "--shard", "2/3").exit());
        var merged = Gpt2CommandsTest.run("bench", "merge", "--out", parts.toString());
        assertEquals(0, merged.exit(), merged.err());
        assertTrue(merged.out().contains("===== RESULTADOS (8 amostras) ====="), merged.out());
        JsonNode a = new ObjectMapper().readTree(whole.resolve("sentiment_arith_test.json").toFile());
        JsonNode b = new ObjectMapper().readTree(parts.resolve("sentiment_arith_test.json").toFile());
        // latencies are measured, the rest is computed: equal field by field
        for (JsonNode n : new JsonNode[] {a, b}) {
            for (JsonNode s : n.get("samples")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove(java.util.List.of("latency_normal_s", "latency_repeated_s"));
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("metrics")).remove(java.util.List.of("mean_latency_normal_s", "mean_latency_repeated_s"));
        }
        assertEquals(a, b);
    }

    @Test
    void energyShardsAndAForeignShardRefusedByName(@TempDir Path dir) throws Exception {
        Path q = Files.writeString(dir.resolve("q.txt"), "2 + 3\n4 * 5\n6 - 1\n");
        Path out = dir.resolve("out");
        for (int i = 1; i <= 2; i++) {
            var r = Gpt2CommandsTest.run("bench", "energy", "--models", "a,b", "--queries", q.toString(), "--out", out.toString(),
                    "--tdp", "54", "--shard", i + "/2", "--json");
            assertEquals(0, r.exit(), r.err());
        }
        var merged = Gpt2CommandsTest.run("bench", "merge", "--out", out.toString(), "--json");
        assertEquals(0, merged.exit(), merged.err());
        JsonNode summary = new ObjectMapper().readTree(merged.out());
        assertEquals(2, summary.get("energy").size());
        assertTrue(summary.get("statistics").size() > 0);
        assertTrue(Files.exists(out.resolve("environmental_data_arith_test.json")));

        Path other = dir.resolve("other");
        Gpt2CommandsTest.run("bench", "energy", "--models", "a,b", "--queries", q.toString(), "--out", other.toString(),
                "--tdp", "54", "--max-new-tokens", "8", "--shard", "2/2");
        Files.copy(other.resolve("shard-2-of-2.jsonl"), out.resolve("shard-2-of-2.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve("shard-2-of-2.jsonl"), out.resolve("shard-2-of-2.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var refused = Gpt2CommandsTest.run("bench", "merge", "--out", out.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("shard-2-of-2.jsonl é de outro experimento: max_new_tokens é 8"), refused.err());
    }
}
