package br.lncc.llm.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RepetitionTest {

    /** The book's Part D text (N2.09, top-p 0.3, sample 1). */
    private static final String PART_D = "Transformers are models that are not part of the game. "
            + "The following is a list of all the models that are not part of the game.";

    @Test
    void partDTextRepeatsFourGrams() {
        // 26 words → 23 four-grams; "models that are not", "that are not part", "are not part of",
        // "not part of the", "part of the game." appear twice → 18 distinct.
        assertEquals(1.0 - 18.0 / 23.0, Repetition.repetitionRate(PART_D, 4), 1e-12);
    }

    @Test
    void distinctTwoOfALoopIsLow() {
        assertEquals(2.0 / 7.0, Repetition.distinct("a b a b a b a b", 2), 1e-12);
        assertEquals(1.0, Repetition.distinct("one two three four", 2), 1e-12);
    }

    @Test
    void shortAndEmptyTextsScoreZero() {
        assertEquals(0.0, Repetition.repetitionRate("too short", 4));
        assertEquals(0.0, Repetition.distinct("   ", 2));
    }
}
