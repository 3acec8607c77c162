package br.lncc.llm.lesson.ch05;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.Cap5Prompts;
import br.lncc.llm.task.ProgressSink;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cap. 5's experiments end to end on the tiny T5 fixture (random weights, so outputs are noise). */
class PromptingLabTest {

    private static PromptingLab lab;

    @BeforeAll
    static void open() {
        lab = PromptingLab.open(Path.of("src/test/resources/fixtures/t5-tiny"));
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    @Test
    void greedyExperimentsGiveOneOutputAndRepeat() {
        var a = lab.run(Cap5Prompts.ZERO_SHOT, 0, ProgressSink.NONE);
        var b = lab.run(Cap5Prompts.ZERO_SHOT, 99, ProgressSink.NONE);
        assertEquals(1, a.texts().size());
        assertEquals(a.texts(), b.texts());
    }

    @Test
    void selfConsistencyDrawsFifteenSamplesAndVotes() {
        var a = lab.run(Cap5Prompts.SELF_CONSISTENCY_LABELS, 7, ProgressSink.NONE);
        assertEquals(15, a.texts().size());
        var vote = lab.labelVote(a);
        assertEquals(15, vote.total());
        assertEquals(15, vote.unparsed() + vote.counts().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(vote.verdict().equals("INDETERMINADO") || vote.winner().isPresent());
    }

    @Test
    void sameSeedReplaysTheSamplesAndAnotherSeedDoesNot() {
        var few = new Cap5Prompts.Experiment("t", Cap5Prompts.SELF_CONSISTENCY_NUMBER.prompt(), true, 6, 1.5, 1.0, 3);
        var a = lab.run(few, 7, ProgressSink.NONE);
        assertEquals(a.texts(), lab.run(few, 7, ProgressSink.NONE).texts());
        assertNotEquals(a.texts(), lab.run(few, 8, ProgressSink.NONE).texts());
    }

    @Test
    void longPromptsAreCappedAtTheT5WindowEndingInEos() {
        long[] ids = lab.encode("a ".repeat(800));
        assertEquals(512, ids.length);
        assertEquals(1, ids[511]);
    }
}
