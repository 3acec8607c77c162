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
    void theCourseModelsCardRunsTheCap4VariabilityAndTheJudgesPositionBiasOffline() throws Exception {
        Path course = br.lncc.llm.model.CourseModel.folder();
        var f = ModelCardLab.collect("course-gpt2-foca", course, true, null, ProgressSink.NONE);
        var v = f.measured().variability();
        assertEquals(6, v.cells().size(), "τ 0.2/0.7/1.0 at top-p 0.9, top-p 0.3/0.6/0.9 at τ 0.7");
        assertEquals(ModelCardLab.VARIABILITY_TOKENS, v.newTokens());
        // The same grid through the generation lab gives the same cells: the card reports the lab's own numbers.
        try (var lab = br.lncc.llm.lesson.ch04.GenerationLab.open(course)) {
            var grid = lab.compareGrid(v.prompt(), v.newTokens(), v.seed(), ProgressSink.NONE);
            var a = grid.samples().get(4);
            var b = grid.samples().get(5);
            assertEquals((a.rep4() + b.rep4()) / 2, v.cells().get(2).rep4(), 1e-12);
            assertEquals((a.distinct2() + b.distinct2()) / 2, v.cells().get(2).distinct2(), 1e-12);
        }
        assertTrue(v.cells().stream().anyMatch(ModelCardLab.VariabilityCell::samplesDiffer), "sampling with two seeds varies somewhere");
        var j = f.measured().judgeBias();
        assertNull(j.notMeasured(), "the app's judge material fits the course model: " + j);
        assertTrue(j.trials() >= 16 && j.trials() % 16 == 0, "8 pairs × 2 orders per wording: " + j.trials());
        assertTrue(j.firstPosition() >= 0 && j.firstPosition() <= 1 && j.low() <= j.firstPosition() && j.firstPosition() <= j.high());
        assertTrue(j.pValue() > 0 && j.pValue() <= 1);

        String en = ModelCardMarkdown.render(f, Messages.ENGLISH);
        String pt = ModelCardMarkdown.render(f, Messages.PT_BR);
        for (String md : new String[] {en, pt}) assertFalse(md.contains("!card."), md);
        assertTrue(en.contains("### Cap. 4 variability (4.12)") && en.contains("### Judge position bias (8.4)"), en);
        assertTrue(en.contains(String.format(Locale.ENGLISH, "| 1.0 | 0.9 | %.3f | %.3f |", v.cells().get(2).rep4(), v.cells().get(2).distinct2())), en);
        assertTrue(en.contains(String.format(Locale.ENGLISH, "It chose the answer shown first in %.1f%%", 100 * j.firstPosition())), en);
        assertTrue(pt.contains(String.format(Locale.forLanguageTag("pt-BR"), "Escolheu a resposta mostrada primeiro em %.1f%%", 100 * j.firstPosition())), pt);
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
