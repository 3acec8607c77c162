package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI prints errors in pt-BR by default and in English with --lang en (before or after the command). */
class CliLanguageTest {

    @Test
    void errorsArePortugueseByDefaultAndEnglishWithLangEn(@TempDir Path dir) {
        String missing = dir.resolve("no-model").toString();
        var pt = Gpt2CommandsTest.run("logits", "--model", missing, "--text", "oi");
        assertEquals(1, pt.exit());
        assertTrue(pt.err().startsWith("Erro: "), pt.err());

        var enBefore = Gpt2CommandsTest.run("--lang", "en", "logits", "--model", missing, "--text", "oi");
        assertEquals(1, enBefore.exit());
        assertTrue(enBefore.err().startsWith("Error: "), enBefore.err());

        var enAfter = Gpt2CommandsTest.run("logits", "--model", missing, "--text", "oi", "--lang", "en");
        assertEquals(1, enAfter.exit());
        assertTrue(enAfter.err().startsWith("Error: "), enAfter.err());

        // The next run without the option is back to pt-BR (the language is per run, not sticky).
        assertTrue(Gpt2CommandsTest.run("logits", "--model", missing, "--text", "oi").err().startsWith("Erro: "));
    }

    /** The corrupt-model path of issue 13's "done when": the whole line is English, detail included. */
    @Test
    void aTruncatedWeightsFileIsExplainedInEnglish(@TempDir Path dir) throws Exception {
        Path tiny = Path.of("src/test/resources/fixtures/gpt2-tiny");
        for (String f : new String[] {"config.json", "tokenizer.json"}) {
            java.nio.file.Files.copy(tiny.resolve(f), dir.resolve(f));
        }
        byte[] whole = java.nio.file.Files.readAllBytes(tiny.resolve("model.safetensors"));
        java.nio.file.Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(whole, whole.length / 2));
        var en = Gpt2CommandsTest.run("--lang", "en", "logits", "--model", dir.toString(), "--text", "hi");
        assertEquals(1, en.exit());
        assertTrue(en.err().startsWith("Error: the file model.safetensors is truncated: the header declares "), en.err());
        assertTrue(en.err().contains("\nDetail: "), en.err());
        var pt = Gpt2CommandsTest.run("logits", "--model", dir.toString(), "--text", "hi");
        assertTrue(pt.err().startsWith("Erro: o arquivo model.safetensors está truncado: o cabeçalho declara "), pt.err());
    }
}
