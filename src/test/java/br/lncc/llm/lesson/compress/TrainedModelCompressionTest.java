package br.lncc.llm.lesson.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.model.CausalLms;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.train.Gpt2Weights;
import br.lncc.llm.train.SftDataset;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.train.TrainingRun;
import br.lncc.llm.model.Gpt2;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's first finding on a model that has learned something (the tiny GPT-2 fixture trained
 * here for a few seconds on a handful of sentences): naive 1-bit destroys it, 8 bits without
 * pruning is the original within 1%.
 */
class TrainedModelCompressionTest {
    static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static final List<String> CORPUS = List.of(
            "o modelo de linguagem prevê o próximo token a partir dos anteriores.",
            "a quantização reduz os bits de cada peso e a poda zera os pesos menos importantes.",
            "a perplexidade mede a surpresa média do modelo diante de um texto.",
            "a atenção permite que cada token olhe para os tokens anteriores.");
    /** About 100 tokens: it fits the fixture's 128 positions whole. */
    static final String TEXT = CORPUS.get(0) + " " + CORPUS.get(1);
    static CausalLms.Opened opened;
    static double trainedPpl;

    @BeforeAll
    static void train() {
        opened = CausalLms.loadWithTokenizer(TINY);
        // One row holding the whole text: the model learns it at the positions the evaluation reads it.
        var data = SftDataset.tokenize(List.of(TEXT), opened.tokenizer(), 128, 319);
        var settings = new TrainingRun.Settings(TrainingMethod.SFT, 120, 1, 3e-3, false, 0, 0, null, 42);
        // The run shares the model's arrays (SFT changes them in place) and is not closed: closing it
        // would close nothing it owns, but keep the model open for the lab.
        new TrainingRun(Gpt2Weights.of((Gpt2) opened.model()), settings).run(data, ProgressSink.NONE, null);
    }

    @AfterAll
    static void close() {
        opened.close();
    }

    private static AblationResult run(int bits, double sparsity) {
        var request = new CompressionRequest(List.of(CompressionCondition.UNIFORM), bits, sparsity, 128, true, false, CORPUS,
                TEXT, List.of("o modelo"), 4, new Calibration.Settings(32, 256, 4), 4);
        return CompressionLab.run(opened.model(), br.lncc.llm.train.TokenCodec.of(opened.tokenizer()), CompressionTargets.float32(), request, ProgressSink.NONE, c -> {});
    }

    @Test
    void eightBitsWithoutPruningIsTheBaselineWithinOnePercent() {
        AblationResult r = run(8, 0.0);
        assertTrue(r.baseline().ppl() < 20, "the model learned its corpus: ppl " + r.baseline().ppl());
        assertEquals(1.0, r.conditions().get(0).pplRatio(), 0.01);
        assertEquals(8.0, r.conditions().get(0).budget().compressed(), 1e-12);
    }

    @Test
    void naiveOneBitMakesThePerplexityExplode() {
        AblationResult r = run(1, 0.0);
        assertTrue(r.conditions().get(0).pplRatio() > 5, "1-bit ppl " + r.conditions().get(0).ppl() + " vs " + r.baseline().ppl());
    }
}
