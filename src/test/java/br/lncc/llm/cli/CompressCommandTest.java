package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public JSON contract of {@code companion compress} on the tiny GPT-2 fixture. */
class CompressCommandTest {
    static final String TINY = Gpt2CommandsTest.TINY.toString();

    @TempDir Path tmp;

    private String[] args(String... extra) throws Exception {
        Path calib = Files.writeString(tmp.resolve("calib.txt"), """
                o modelo de linguagem prevê o próximo token a partir dos anteriores
                a quantização reduz os bits de cada peso e a poda zera os menos importantes
                """);
        Path eval = Files.writeString(tmp.resolve("eval.txt"), "a compressão agressiva pode manter a perplexidade e estragar a geração");
        Path prompts = Files.writeString(tmp.resolve("prompts.txt"), "o modelo\n\na poda\n");
        List<String> a = new ArrayList<>(List.of("compress", "--model", TINY, "--calib", calib.toString(), "--eval", eval.toString(),
                "--prompts", prompts.toString(), "--max-new-tokens", "5"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void oneConditionPrintsExactlyTheContractFields() throws Exception {
        var r = Gpt2CommandsTest.run(args("--condition", "uniform", "--bits", "4", "--sparsity", "0.32", "--json"));
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("condition", "effective_bits_compressed", "effective_bits_all_weights", "ppl_baseline", "ppl",
                "ppl_ratio", "rep4", "distinct2", "script_switches", "outputs"), names);
        assertEquals("uniform", j.get("condition").asText());
        assertEquals(2.72, j.get("effective_bits_compressed").asDouble(), 1e-9);
        assertTrue(j.get("effective_bits_all_weights").asDouble() > 2.72, "the skipped tied wte counts at 32 bits");
        assertEquals(j.get("ppl").asDouble() / j.get("ppl_baseline").asDouble(), j.get("ppl_ratio").asDouble(), 1e-9);
        assertEquals(2, j.get("outputs").size());
        assertEquals("o modelo", j.get("outputs").get(0).get("prompt").asText());
    }

    @Test
    void ablationJsonHasTheBaselineAndEveryConditionAtOneBudget() throws Exception {
        var r = Gpt2CommandsTest.run(args("--ablation", "--skip-embeddings", "false", "--json"));
        assertEquals(0, r.exit(), r.err());
        JsonNode list = r.json().get("conditions");
        assertEquals(6, list.size());
        assertEquals("none", list.get(0).get("condition").asText());
        assertEquals(1.0, list.get(0).get("ppl_ratio").asDouble(), 0);
        assertEquals(2.72, list.get(1).get("effective_bits_compressed").asDouble(), 1e-9);
    }

    @Test
    void ablationWithoutJsonPrintsTheTable() throws Exception {
        var r = Gpt2CommandsTest.run(args("--ablation", "--bits", "3"));
        assertEquals(0, r.exit(), r.err());
        for (String c : List.of("none", "uniform", "act-adaptive", "fisher", "fisher-wanda", "magnitude")) {
            assertTrue(r.out().contains(c), r.out());
        }
        assertTrue(r.out().contains("condição") && r.err().contains("Memória residente de pico"), r.out() + r.err());
    }

    @Test
    void withLangEnTheTableAndTheProgressAreEnglish() throws Exception {
        String[] en = args("--condition", "uniform", "--bits", "4");
        String[] withLang = new String[en.length + 2];
        withLang[0] = "--lang";
        withLang[1] = "en";
        System.arraycopy(en, 0, withLang, 2, en.length);
        var r = Gpt2CommandsTest.run(withLang);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("condition") && r.out().contains("of the weights"), r.out());
        assertTrue(r.err().contains("Peak resident memory") && r.err().contains("Model loaded"), r.err());
        assertTrue(r.out().lines().noneMatch(br.lncc.llm.architecture.PortugueseLiteralsTest::portuguese), r.out());
        var unknown = Gpt2CommandsTest.run("--lang", "en", "compress", "--model", TINY, "--calib", "x", "--eval", "y", "--condition", "sparsegpt");
        assertTrue(unknown.err().contains("unknown condition 'sparsegpt'"), unknown.err());
    }

    @Test
    void badOptionsAreNamedWithoutAStackTrace() throws Exception {
        var bits = Gpt2CommandsTest.run(args("--condition", "uniform", "--bits", "9", "--json"));
        assertEquals(1, bits.exit());
        assertTrue(bits.err().contains("entre 1 e 8"), bits.err());
        var sparsity = Gpt2CommandsTest.run(args("--condition", "uniform", "--sparsity", "1.5", "--json"));
        assertTrue(sparsity.err().contains("0,99"), sparsity.err());
        var group = Gpt2CommandsTest.run(args("--condition", "uniform", "--group", "0", "--json"));
        assertTrue(group.err().contains("grupo"), group.err());
        var unknown = Gpt2CommandsTest.run(args("--condition", "sparsegpt", "--json"));
        assertTrue(unknown.err().contains("condição desconhecida"), unknown.err());
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        var calib = Gpt2CommandsTest.run("compress", "--model", TINY, "--calib", empty.toString(), "--eval",
                Files.writeString(tmp.resolve("e.txt"), "um texto de avaliação qualquer").toString(), "--condition", "uniform", "--json");
        assertEquals(1, calib.exit());
        assertTrue(calib.err().contains("calibração"), calib.err());
        assertEquals("", calib.out());
        for (var r : List.of(bits, sparsity, group, unknown, calib)) assertTrue(!r.err().contains("Exception"), r.err());
    }
}
