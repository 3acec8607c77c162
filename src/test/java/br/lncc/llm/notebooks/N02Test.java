package br.lncc.llm.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** N02 cell by cell on the project's tiny GPT-2 and T5 fixtures: every section runs and prints the oracles. */
class N02Test {

    @Test
    void runsEveryCellAndPrintsTheNotebookNumbers() {
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new N02(out, Path.of("src/test/resources/fixtures/gpt2-tiny"), Path.of("src/test/resources/fixtures/t5-tiny"), 4, 42).run();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Total (torchinfo): 163,037,184"), text);
        assertTrue(text.contains("parâmetros únicos: 124,439,808"), text);
        assertTrue(text.contains("[41762, 364, 389, 4981, 326]"), text);
        assertTrue(text.contains("Texto INICIO…FIM: 3005 tokens"), text);
        assertTrue(text.contains("Total: 10063 · janela: 1024 · mantidos (tail): 999"), text);
        assertTrue(text.contains("HEAD: 43 tokens · TAIL (pergunta): 18 tokens · final: 61 tokens"), text);
        assertTrue(text.contains("[KV CACHE — TEMPO MÉDIO]"), text);
        assertTrue(text.contains("VOTO FINAL (self-consistency): "), text);
        assertTrue(text.contains("Não-parseados (sem rótulo claro): "), text);
        assertTrue(text.contains("[Checagem] 27 + 58 = 85"), text);
    }

    @Test
    void missingModelsAreSkippedWithTheReason() {
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        var n = new N02(out, null, null, 4, 42);
        n.run();
        String text = bytes.toString(StandardCharsets.UTF_8);
        // The test home's HF cache is empty (HF_HOME is not set to a real cache in CI).
        assertTrue(text.contains("Total: 10063") && text.contains("N2.01"), text);
    }
}
