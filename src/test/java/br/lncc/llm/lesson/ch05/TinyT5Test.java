package br.lncc.llm.lesson.ch05;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.Cap5Prompts;
import br.lncc.llm.task.ProgressSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tiny T5 the Cap. 5 pages open offline: real encoder-decoder runs on seeded random weights. */
class TinyT5Test {

    private static PromptingLab lab;

    @BeforeAll
    static void open() {
        lab = PromptingLab.tiny("TinyT5Test");
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    @Test
    void isLabelledAsRandomWeights() {
        assertTrue(lab.randomWeights());
        assertEquals(TinyT5.NAME, lab.name());
        assertTrue(lab.model().config().parameterCount() > 50_000);
    }

    @Test
    void everyChapterPromptEncodesWithoutUnknownTokens() {
        for (var e : Cap5Prompts.templateExperiments()) {
            long[] ids = lab.encode(e.prompt());
            for (long id : ids) assertTrue(id != 2, e.id() + " has <unk>");
            assertEquals(1, ids[ids.length - 1], "ends with </s>");
        }
    }

    @Test
    void theSameSeedGivesTheSameModelAndCacheAgreesWithoutCache() {
        long[] ids = lab.encode(Cap5Prompts.ZERO_SHOT.prompt());
        long[] cached = lab.model().generateGreedy(ids, 8, true);
        assertArrayEquals(cached, lab.model().generateGreedy(ids, 8, false));
        // A second copy built from the seed (not the shared lease) decodes the same tokens.
        try (PromptingLab.Loaded again = TinyT5.random()) {
            assertArrayEquals(cached, again.model().generateGreedy(ids, 8, true));
        }
    }

    @Test
    void templatesAndSelfConsistencyRunAndGiveText() {
        var out = lab.run(Cap5Prompts.FEW_SHOT, 0, ProgressSink.NONE);
        assertEquals(1, out.texts().size());
        assertFalse(out.texts().get(0).isBlank(), "random weights still decode words of the vocabulary");
        var vote = lab.labelVote(lab.run(Cap5Prompts.SELF_CONSISTENCY_LABELS, 42, ProgressSink.NONE));
        assertEquals(15, vote.total());
    }

    @Test
    void logitsOfTheFirstDecoderPositionAreNotFlat() {
        float[][] logits = lab.model().logits(lab.encode("Sentimento:"), new long[] {0});
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : logits[0]) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(168, logits[0].length);
        assertTrue(max - min > 1, "Hugging Face's initialisation gives spread logits, not a flat line: " + (max - min));
    }
}
