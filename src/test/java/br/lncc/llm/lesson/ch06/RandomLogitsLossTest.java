package br.lncc.llm.lesson.ch06;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import org.junit.jupiter.api.Test;

/**
 * The book's 10.09 (Cap. 6.3) cannot be reproduced: its batch size, sequence length and seed are
 * not printed. We test the invariant it illustrates instead — random standard-normal logits over
 * V tokens give a mean loss near ln V + 1/2 — and where 10.09 falls relative to it.
 */
class RandomLogitsLossTest {

    @Test
    void gpt2VocabularyGivesLnVPlusOneHalf() {
        var r = RandomLogitsLoss.compute(
                new RandomLogitsLoss.Inputs(2, 128, RandomLogitsLoss.GPT2_VOCAB, 1.0, 7), ProgressSink.NONE);
        assertEquals(10.8249, r.uniformLoss(), 1e-4); // ln 50257
        assertEquals(11.3249, r.expectedLoss(), 1e-4);
        // Mean over 256 tokens: within 4 standard errors (σ/√N = 0.0625) of the expectation.
        assertEquals(r.expectedLoss(), r.meanLoss(), 4 * 1.0 / Math.sqrt(256));
        // Per-token spread is σ = 1 (the −z_y term), within sampling error.
        assertEquals(1.0, r.tokenStd(), 0.15);
    }

    @Test
    void smallVocabularyMatchesTheSecondOrderExpectation() {
        var r = RandomLogitsLoss.compute(new RandomLogitsLoss.Inputs(50, 100, 1000, 1.0, 3), ProgressSink.NONE);
        assertEquals(r.expectedLoss(), r.meanLoss(), 4 * r.standardError());
    }

    @Test
    void logitScaleEntersAsSigmaSquaredOverTwo() {
        var r = RandomLogitsLoss.compute(new RandomLogitsLoss.Inputs(40, 100, 2000, 0.5, 11), ProgressSink.NONE);
        assertEquals(Math.log(2000) + 0.125, r.meanLoss(), 4 * r.standardError() + 1e-3);
        var flat = RandomLogitsLoss.compute(new RandomLogitsLoss.Inputs(1, 3, 500, 0.0, 1), ProgressSink.NONE);
        assertEquals(Math.log(500), flat.meanLoss(), 1e-12);
    }

    @Test
    void booksValueIsAFewTokenFluctuationOrASmallerVocabulary() {
        var many = RandomLogitsLoss.compute(RandomLogitsLoss.Inputs.gpt2Default(), ProgressSink.NONE);
        // 256 tokens: 10.09 would be ~20 standard errors below the expectation.
        assertTrue(many.bookZScore() < -15, "z = " + many.bookZScore());
        var one = RandomLogitsLoss.compute(
                new RandomLogitsLoss.Inputs(1, 1, RandomLogitsLoss.GPT2_VOCAB, 1.0, 1), ProgressSink.NONE);
        // One token: −1.23σ, a one-in-nine event.
        assertEquals(-1.235, one.bookZScore(), 1e-3);
        assertEquals(14_618, one.vocabExpectingBookLoss(), 1);
        assertTrue(RandomLogitsLoss.BOOK_LOSS < one.uniformLoss(), "10.09 < ln V: below the Jensen bound");
    }

    @Test
    void sameSeedSameLoss() {
        var a = RandomLogitsLoss.compute(new RandomLogitsLoss.Inputs(2, 3, 100, 1, 5), ProgressSink.NONE);
        var b = RandomLogitsLoss.compute(new RandomLogitsLoss.Inputs(2, 3, 100, 1, 5), ProgressSink.NONE);
        assertEquals(a.meanLoss(), b.meanLoss(), 0);
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RandomLogitsLoss.Inputs(0, 1, 10, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomLogitsLoss.Inputs(1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomLogitsLoss.Inputs(1, 1, 10, -1, 0));
    }
}
