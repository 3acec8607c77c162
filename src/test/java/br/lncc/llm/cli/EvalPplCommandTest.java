package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.Perplexity;
import br.lncc.llm.model.CausalLms;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public JSON contract of {@code companion eval ppl}: {"tokens":n,"nll":x,"ppl":y}. */
class EvalPplCommandTest {
    static final Path TINY = Gpt2CommandsTest.TINY;

    @TempDir Path tmp;

    @Test
    void cliPrintsTokensNllAndPplOfTheSameFunction() throws Exception {
        String text = "A perplexidade de um texto maior que a janela de contexto se calcula em janelas que deslizam. ".repeat(3);
        Path file = Files.writeString(tmp.resolve("eval.txt"), text);
        var run = Gpt2CommandsTest.run("eval", "ppl", "--model", TINY.toString(), "--text", file.toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode j = new ObjectMapper().readTree(run.out());
        Perplexity.Result r;
        try (var opened = CausalLms.loadWithTokenizer(TINY)) {
            r = Perplexity.of(opened.model(), opened.tokenizer().encode(text, false).ids());
        }
        assertEquals(r.tokens(), j.get("tokens").asLong());
        assertEquals(r.nll(), j.get("nll").asDouble(), 1e-9);
        assertEquals(Math.exp(j.get("nll").asDouble()), j.get("ppl").asDouble(), 1e-9 * r.ppl());
        assertEquals(3, j.size());
    }

    @Test
    void cliRefusesAnEmptyTextWithAMessage() throws Exception {
        Path file = Files.writeString(tmp.resolve("empty.txt"), "");
        var run = Gpt2CommandsTest.run("eval", "ppl", "--model", TINY.toString(), "--text", file.toString(), "--json");
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("pelo menos 2"), run.err());
    }
}
