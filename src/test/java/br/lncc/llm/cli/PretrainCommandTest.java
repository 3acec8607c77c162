package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.train.PretrainingTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `companion pretrain`: the JSON contract of issue #12, resume, and a bad corpus as one line on stderr. */
class PretrainCommandTest {

    @Test
    void printsTheContractFieldsAndResumesToMoreSteps(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("gramatica.txt"), PretrainingTest.corpusText(300));
        Path out = dir.resolve("modelo");
        var run = Gpt2CommandsTest.run("pretrain", "--corpus", corpus.toString(), "--tokenizer", "char", "--layers", "1",
                "--heads", "2", "--dim", "16", "--context", "16", "--steps", "4", "--batch", "4", "--seed", "5",
                "--out", out.toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode j = new ObjectMapper().readTree(run.out());
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("params", "vocab_size", "steps", "final_train_loss", "final_val_loss", "unigram_entropy", "ln_vocab",
                "tokens_per_s", "seconds"), names);
        assertEquals(4, j.get("steps").asInt());
        assertEquals(Math.log(j.get("vocab_size").asInt()), j.get("ln_vocab").asDouble(), 1e-9);
        assertTrue(run.err().contains("passo 4"), run.err());

        var resumed = Gpt2CommandsTest.run("pretrain", "--corpus", corpus.toString(), "--steps", "6", "--out", out.toString(),
                "--resume", "--json");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(6, new ObjectMapper().readTree(resumed.out()).get("steps").asInt());

        // --lang en: the progress on stderr and the summary line are English.
        var english = Gpt2CommandsTest.run("--lang", "en", "pretrain", "--corpus", corpus.toString(), "--steps", "7",
                "--out", out.toString(), "--resume");
        assertEquals(0, english.exit(), english.err());
        assertTrue(english.err().contains("step 7: train loss") && english.err().contains("starting at step 6"), english.err());
        assertTrue(english.out().contains("parameters, vocabulary"), english.out());
        // The corpus's own prompts ("O modelo") and the samples are data, shown as they are.
        assertTrue(english.err().lines().filter(l -> !l.startsWith("  [")).map(l -> l.replaceAll("prompts \\[.*\\]", ""))
                .noneMatch(br.lncc.llm.architecture.PortugueseLiteralsTest::portuguese), english.err());
    }

    @Test
    void emptyCorpusIsOneLineOnStderr(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("vazio.txt"), "\n");
        var run = Gpt2CommandsTest.run("pretrain", "--corpus", corpus.toString(), "--out", dir.resolve("m").toString(), "--json");
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Erro: ") && run.err().contains("vazio.txt"), run.err());
    }
}
