package br.lncc.llm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pre-training from scratch (Cap. 6.1–6.4) on a small generated Portuguese corpus, seeded. */
public class PretrainingTest {

    /** Sentences from a tiny grammar: enough structure for a model to beat the unigram entropy quickly. */
    /** The generated corpus, for other packages' tests. */
    public static String corpusText(int sentences) {
        return corpus(sentences);
    }

    static String corpus(int sentences) {
        String[] subj = {"O gato", "A menina", "O professor", "A turma", "O modelo"};
        String[] verb = {"lê", "escreve", "aprende", "vê", "treina"};
        String[] obj = {"o livro.", "a lição.", "o texto.", "um poema.", "a rede."};
        Random r = new Random(7);
        var s = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            s.append(subj[r.nextInt(5)]).append(' ').append(verb[r.nextInt(5)]).append(' ').append(obj[r.nextInt(5)]);
            s.append(i % 4 == 3 ? '\n' : ' ');
        }
        return s.toString();
    }

    static PretrainSettings tinyChar(int steps) {
        return new PretrainSettings(new PretrainSettings.TokenizerChoice.Characters(),
                new PretrainSettings.ModelShape(2, 2, 32, 32), new PretrainSettings.Schedule(steps, 8, 3e-3, 42, 80, 1000));
    }

    static Pretraining start(String text, PretrainSettings s) {
        return Pretraining.start(PretrainCorpus.of("gramatica.txt", text), s, Pretraining.Listener.NONE, () -> false, Long.MAX_VALUE);
    }

    @Test
    void lossFallsBelowTheUnigramEntropyInAFewHundredSteps(@TempDir Path out) {
        try (Pretraining run = start(corpus(600), tinyChar(160))) {
            var p = run.prepared();
            assertEquals(Math.log(p.vocabSize()), p.lnVocab(), 1e-12);
            assertTrue(p.unigramEntropy() < p.lnVocab());
            Pretraining.Result r = run.run(out, ProgressSink.NONE);
            assertTrue(r.completed());
            assertEquals(160, r.steps());
            assertTrue(run.evals().get(0).valLoss() > p.unigramEntropy(), "random weights start above the unigram entropy");
            assertTrue(r.finalValLoss() < p.unigramEntropy() - 0.5,
                    "val loss " + r.finalValLoss() + " vs unigram entropy " + p.unigramEntropy());
            assertTrue(r.tokensPerSecond() > 0);
            assertFalse(run.samples().isEmpty());
        }
    }

    @Test
    void weightsLicenseIsTheCorpusLicenseIdentifierWhenThereIsOne() {
        assertEquals("GFDL-1.2-only", ModelCard.weightsLicense("GFDL-1.2-only (GNU Free Documentation License 1.2; Guia Foca)"));
        assertEquals("CC0-1.0", ModelCard.weightsLicense("CC0-1.0"));
        assertEquals("", ModelCard.weightsLicense("GFDL 1.2 (free text, no identifier)"), "no identifier, no front-matter field");
        assertEquals("", ModelCard.weightsLicense(""));
    }

    @Test
    void savedCheckpointReloadsIntoGpt2WithTheGraphsLogitsAndDjlTokenizer(@TempDir Path out) {
        var s = new PretrainSettings(new PretrainSettings.TokenizerChoice.Bpe(300), new PretrainSettings.ModelShape(2, 2, 32, 16),
                new PretrainSettings.Schedule(6, 4, 3e-3, 3, 3, 6));
        try (Pretraining run = start(corpus(300), s)) {
            run.describeCorpus("CC-BY-SA-4.0 (notas da turma)", "notas");
            run.run(out, ProgressSink.NONE);
            for (String f : List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                    "model.safetensors", "README.md", "checkpoint/optimizer.safetensors", "checkpoint/trainer_state.json")) {
                assertTrue(Files.isRegularFile(out.resolve(f)), f);
            }
            int[] ids = run.tokenizer().encode("O gato lê o livro. A menina");
            long[] longIds = Arrays.stream(ids).asLongStream().toArray();
            try (Gpt2 loaded = Gpt2.load(out); NDManager m = NDManager.newBaseManager();
                    TextTokenizer djl = TextTokenizer.fromFolder(out)) {
                assertArrayEquals(longIds, djl.encode("O gato lê o livro. A menina", false).ids());
                NDArray x = m.create(longIds, new Shape(1, ids.length));
                float[] expected;
                try (NDManager scope = run.model().manager().newSubManager()) {
                    expected = run.graphLogits(x.toDevice(x.getDevice(), true).duplicate()).toFloatArray();
                }
                float[] actual = loaded.forward(x, null, false, null).toFloatArray();
                assertEquals(expected.length, actual.length);
                for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4, "logit " + i);
            }
            String card = readString(out.resolve("README.md"));
            assertTrue(card.contains("gramatica.txt") && card.contains("bpe:300") && card.contains("Final losses"), card);
            // The weights are derived from the corpus: its licence identifier goes to the front matter and the prose.
            assertTrue(card.startsWith("---\nlicense: CC-BY-SA-4.0\n"), card);
            assertTrue(card.contains("| Licence of the weights | CC-BY-SA-4.0, the corpus licence"), card);
        }
    }

    @Test
    void resumedRunDrawsTheSameBatchesAndEndsWhereAnUninterruptedOneDoes(@TempDir Path dir) {
        var s = tinyChar(12).schedule().withCadence(6, 12);
        var settings = new PretrainSettings(tinyChar(12).tokenizer(), tinyChar(12).shape(), s);
        String text = corpus(300);
        double[] straight;
        try (Pretraining run = start(text, settings)) {
            run.run(dir.resolve("a"), ProgressSink.NONE);
            straight = run.stepLosses();
        }
        // Stop after step 6 (the sink cancels once 6 steps are done), then resume to 12.
        try (Pretraining run = start(text, settings)) {
            var r = run.run(dir.resolve("b"), new ProgressSink() {
                @Override
                public void update(long done, long total, String message) {}

                @Override
                public boolean isCancelled() {
                    return run.step() >= 6;
                }
            });
            assertFalse(r.completed());
            assertEquals(6, r.steps());
        }
        try (Pretraining run = Pretraining.resume(dir.resolve("b"), PretrainCorpus.of("gramatica.txt", text), 0, Pretraining.Listener.NONE)) {
            assertEquals(6, run.step());
            var r = run.run(dir.resolve("b"), ProgressSink.NONE);
            assertTrue(r.completed());
            double[] resumed = run.stepLosses();
            assertEquals(12, resumed.length);
            for (int i = 0; i < 12; i++) assertEquals(straight[i], resumed[i], 1e-4, "step " + (i + 1));
        }
        assertThrows(PretrainException.class,
                () -> Pretraining.resume(dir.resolve("b"), PretrainCorpus.of("outro.txt", corpus(301)), 0, Pretraining.Listener.NONE));
    }

    @Test
    void nanLossStopsTheRunAndKeepsTheCurve(@TempDir Path out) {
        try (Pretraining run = start(corpus(300), tinyChar(20))) {
            run.evaluate();
            run.trainStep();
            run.trainStep();
            // In place: the model's arrays are views into the run's flat parameter buffers, and DJL's
            // set(float[]) would point the view at new memory instead of writing through it.
            run.model().parameters().get("wte.weight").muli(Float.NaN);
            var e = assertThrows(PretrainException.class, () -> run.run(out, ProgressSink.NONE));
            assertEquals("pretrain.error.nan", e.key());
            assertEquals(2, run.stepLosses().length, "the two good steps stay on the curve");
        }
    }

    @Test
    void badInputIsRefusedWithAReason(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("vazio.txt"), "  \n\n ");
        assertEquals("pretrain.error.empty", assertThrows(PretrainException.class, () -> PretrainCorpus.read(empty)).key());
        Path binary = Files.write(dir.resolve("imagem.txt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        assertEquals("pretrain.error.binary", assertThrows(PretrainException.class, () -> PretrainCorpus.read(binary)).key());
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "configuração".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("pretrain.error.notUtf8", assertThrows(PretrainException.class, () -> PretrainCorpus.read(latin1)).key());
        Path jsonl = Files.writeString(dir.resolve("d.jsonl"), "{\"text\":\"um\"}\n{\"text\":\"dois\"}\n");
        assertEquals("um\n\ndois", PretrainCorpus.read(jsonl).text());

        var tooSmall = assertThrows(PretrainException.class, () -> start("O gato lê o livro.", tinyChar(10)));
        assertEquals("pretrain.error.tooSmall", tooSmall.key());
        assertTrue(tooSmall.getMessage().contains("gramatica.txt"), tooSmall.getMessage());

        var bpeTooLarge = new PretrainSettings(new PretrainSettings.TokenizerChoice.Bpe(8192), tinyChar(10).shape(), tinyChar(10).schedule());
        assertEquals("pretrain.error.vocabTooLarge", assertThrows(PretrainException.class, () -> start(corpus(300), bpeTooLarge)).key());
        assertEquals("pretrain.error.bpeRange",
                assertThrows(PretrainException.class, () -> PretrainSettings.TokenizerChoice.parse("bpe:9000")).key());
        assertEquals("pretrain.error.dimHeads",
                assertThrows(PretrainException.class, () -> new PretrainSettings.ModelShape(2, 3, 32, 32)).key());

        // A GPT-2-small-sized run with 1 GiB free: refused with the estimate, before any weight exists.
        var huge = new PretrainSettings(new PretrainSettings.TokenizerChoice.Characters(), new PretrainSettings.ModelShape(12, 12, 768, 1024),
                new PretrainSettings.Schedule(10, 8, 1e-3, 1, 5, 10));
        var e = assertThrows(PretrainException.class, () -> Pretraining.start(PretrainCorpus.of("c.txt", corpus(300)), huge,
                Pretraining.Listener.NONE, () -> false, 1L << 30));
        assertEquals("pretrain.error.memory", e.key());
        assertTrue(e.message(java.util.Locale.ENGLISH).contains("MiB"), e.message(java.util.Locale.ENGLISH));
    }

    @Test
    void scheduleWarmsUpThenDecaysToATenth() {
        var s = new PretrainSettings.Schedule(1000, 8, 1e-3, 1, 50, 100);
        assertEquals(1e-5, s.learningRateAt(0), 1e-12);
        assertEquals(1e-3, s.learningRateAt(99), 1e-12);
        assertEquals(1e-4, s.learningRateAt(1000), 1e-9);
        assertTrue(s.learningRateAt(500) < 1e-3 && s.learningRateAt(500) > 1e-4);
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
