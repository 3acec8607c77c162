package br.lncc.llm.lesson.ch09;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardLabTest {
    static final Path GPT2 = Path.of("src/test/resources/fixtures/gpt2-tiny");

    @TempDir Path tmp;

    /** The tiny GPT-2 dressed as a model the app pre-trained: README.md front matter + trainer state. */
    Path courseLikeFolder() throws Exception {
        Path dir = tmp.resolve("curso-gpt");
        Files.createDirectories(dir.resolve("checkpoint"));
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) Files.copy(GPT2.resolve(f), dir.resolve(f));
        Files.writeString(dir.resolve("README.md"), """
                ---
                license: cc-by-4.0
                datasets:
                - machado-de-assis
                tags: [gpt2, llm-course-companion]
                ---

                # GPT-2 pre-trained from scratch by LLM Course Companion

                | | |
                |---|---|
                | Corpus | machado.txt (1,000 characters) |
                | Steps | 300 of 300 |
                """);
        Files.writeString(dir.resolve("checkpoint/trainer_state.json"), """
                {"format":1,"corpus":"machado.txt","corpus_sha256":"abc123","corpus_license":"public domain","step":300,
                 "tokens":153600,"seed":1234,"evals":[{"step":300,"train_loss":2.5,"val_loss":2.75}]}""");
        return dir;
    }

    @Test
    void aCardForAnAppTrainedModelCarriesItsProvenanceAndTheNumbersMeasuredHere() throws Exception {
        Path dir = courseLikeFolder();
        Path text = tmp.resolve("texto.txt");
        Files.writeString(text, "Hello world, this is a small text to measure perplexity on. ".repeat(4));
        var f = ModelCardLab.collect("curso-gpt", dir, true, text, ProgressSink.NONE);
        assertEquals("gpt2", f.modelType());
        assertEquals(2, f.layers());
        assertEquals(128, f.context());
        assertEquals("cc-by-4.0", f.license());
        assertEquals(java.util.List.of("machado-de-assis"), f.datasets());
        assertNotNull(f.provenance());
        assertEquals(300, f.provenance().steps());
        assertEquals(2.75, f.provenance().finalValLoss());
        var m = f.measured();
        assertNotNull(m);
        assertEquals(ModelCardLab.SPEED_TOKENS, m.newTokens());
        assertTrue(m.decodeTokensPerSecond() > 0 && m.prefillMs() > 0);
        assertTrue(m.perplexity() > 1 && Double.isFinite(m.perplexity()), "perplexity " + m.perplexity());

        String pt = ModelCardMarkdown.render(f, Messages.PT_BR);
        String en = ModelCardMarkdown.render(f, Messages.ENGLISH);
        for (String md : new String[] {pt, en}) {
            assertFalse(md.contains("!card."), "every key exists: " + md);
            assertTrue(md.contains("cc-by-4.0") && md.contains("machado.txt") && md.contains("abc123"));
            assertTrue(md.contains("| Steps | 300 of 300 |"), "the README's table is quoted");
        }
        assertTrue(pt.contains(String.format(Locale.forLanguageTag("pt-BR"), "%.1f tokens/s", m.decodeTokensPerSecond())), pt);
        assertTrue(en.contains(String.format(Locale.ENGLISH, "%.1f tokens/s", m.decodeTokensPerSecond())), en);
        assertTrue(en.contains(String.format(Locale.ENGLISH, "%.2f on texto.txt", m.perplexity())), en);
        assertTrue(en.contains("## Known limitations") && en.contains("Trained from scratch on a small corpus"));
    }

    @Test
    void withoutMeasuringOrAReadmeTheCardSaysWhatIsUnknown() throws Exception {
        var f = ModelCardLab.collect("gpt2-tiny", GPT2, false, null, ProgressSink.NONE);
        assertNull(f.measured());
        assertNull(f.provenance());
        String en = ModelCardMarkdown.render(f, Messages.ENGLISH);
        assertTrue(en.contains("not stated in README.md"));
        assertTrue(en.contains("Nothing was measured"));
        assertTrue(en.contains("Not trained by this app"));
    }

    @Test
    void aFolderInTheHuggingFaceCacheNamesItsHubId() {
        Path p = Path.of("/x/hub/models--openai-community--gpt2/snapshots/abc");
        assertEquals("openai-community/gpt2 (Hugging Face Hub)", ModelCardLab.source(p, ModelCardLab.Readme.NONE));
    }
}
