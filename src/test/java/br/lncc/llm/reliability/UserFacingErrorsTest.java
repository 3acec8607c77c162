package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, items 13–14: bad numbers and unwritable results end in one clear line, never "Erro inesperado" or a stack trace. */
class UserFacingErrorsTest {
    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny");
    @TempDir Path tmp;

    private static void oneClearLine(Cli.Run r, String expected) {
        assertEquals(1, r.exit(), r.err());
        List<String> errors = r.errorLines();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).contains(expected), r.err());
        assertTrue(!r.err().contains("Erro inesperado") && !r.err().contains("\tat "), r.err());
    }

    @Test
    void generateWithTheLargestIntStopsAtTheContextInsteadOfCrashing() {
        Cli.Run r = Cli.run("generate", "--model", TINY.toString(), "--prompt", "oi", "--max-new-tokens", "2147483647",
                "--greedy", "--ignore-eos", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"ids\""), r.out());
        assertTrue(!r.err().contains("Erro inesperado"), r.err());
    }

    @Test
    void aBenchmarkWithTheLargestIntMeasuresUpToTheContextInsteadOfAnArrayIndexError() throws Exception {
        // The completer cut the prompt at "window − max-new-tokens": negative here, so Arrays.copyOfRange said "2147483526 > 7".
        Path q = Files.writeString(tmp.resolve("q.txt"), "1 + 1\n");
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run("bench", "energy", "--models", TINY.toString(), "--queries", q.toString(), "--out", out.toString(),
                "--tdp", "54", "--max-new-tokens", "2147483647");
        assertEquals(0, r.exit(), r.err());
        var record = JsonlLog.read(EnergyBenchmark.logFile(out, "gpt2-tiny")).get(0);
        assertTrue(record.get("tokens_output").asInt() > 0 && record.get("tokens_output").asInt() <= 128, record.toString());
    }

    @Test
    void logitsWithANegativeTopIsRefused() {
        oneClearLine(Cli.run("logits", "--model", TINY.toString(), "--text", "oi", "--top", "-1"), "--top deve ser pelo menos 1");
    }

    @Test
    void aTokenIdBeyondTheEmbeddingIsNamedNotAnEngineError() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("sparse"));
        for (String f : List.of("config.json", "model.safetensors")) Files.copy(TINY.resolve(f), model.resolve(f));
        var json = new ObjectMapper();
        ObjectNode t = (ObjectNode) json.readTree(TINY.resolve("tokenizer.json").toFile());
        var added = t.withArray("added_tokens").addObject();
        added.put("id", 1_000_000).put("content", "<sparse>").put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", false);
        json.writeValue(model.resolve("tokenizer.json").toFile(), t);
        oneClearLine(Cli.run("logits", "--model", model.toString(), "--text", "oi <sparse>"), "embedding");
        oneClearLine(Cli.run("generate", "--model", model.toString(), "--prompt", "oi <sparse>", "--max-new-tokens", "2"), "embedding");
    }

    @Test
    void aReportThatCannotBeWrittenIsOneLineAndTheMeasurementsStay() throws Exception {
        Path q = Files.writeString(tmp.resolve("q.txt"), "1 + 1\n");
        Path out = Files.createDirectories(tmp.resolve("out"));
        // Where the run file goes there is a folder: the final rename cannot happen.
        Files.createDirectories(EnergyBenchmark.reportFile(out, "gpt2-tiny").resolve("blocker"));
        Cli.Run r = Cli.run("bench", "energy", "--models", TINY.toString(), "--queries", q.toString(), "--out", out.toString(),
                "--tdp", "54", "--max-new-tokens", "2");
        assertEquals(1, r.exit(), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.errorLines().size(), r.err());
        assertEquals(1, JsonlLog.read(EnergyBenchmark.logFile(out, "gpt2-tiny")).size(), "the measurement is kept");
    }
}
