package br.lncc.llm.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SelfConsistencyTest {

    /** N2.26's recorded samples (inventory, "Self-consistency parsing and voting"). */
    private static final List<String> NUMERIC_SAMPLES = List.of(
            "4 or more matches for AS", "325 538 2291", "7? How long should one", "Hmiuuur",
            "FALSULUM! \"", "E se perguaci no", "Isice de", "6th of 20-0", "320 min 2 *",
            "\"Five games that run", "7 (o 20/220", "11-25 would suffices on", "A potil do prosec",
            "24 + 54 refereed:", "10", "Answer all questions AS i", "24 * 1 1 20/11",
            "Em as inconfirm", "22 = 31 APAC SP", "10.17 39 3");

    @Test
    void numericVoteOnRecordedSamplesFailsEightAndElectsSeven() {
        var vote = SelfConsistency.vote(NUMERIC_SAMPLES, SelfConsistency::parseFirstInteger);
        assertEquals(8, vote.unparsed());
        assertEquals(List.of(4, 325, 7, 6, 320, 11, 24, 10, 22), vote.order());
        assertEquals(2, vote.counts().get(7));
        assertEquals(2, vote.counts().get(24));
        assertEquals(2, vote.counts().get(10));
        assertEquals(1, vote.counts().get(325));
        // 7, 24 and 10 tie at two votes: the first one seen wins, as with Python's Counter.
        assertEquals(Optional.of(7), vote.winner());
    }

    @Test
    void firstIntegerWinsEvenWhenTheAnswerIsEchoed() {
        assertEquals(Optional.of(27), SelfConsistency.parseFirstInteger("27 + 58 = 85"));
        assertEquals(Optional.of(-3), SelfConsistency.parseFirstInteger("x -3 y"));
    }

    @Test
    void gibberishLabelsAreAllUnparsedAndTheVoteIsUndecided() {
        var samples = List.of("Adignantitiv or indicative for N", "VESCA NELIVSU", "positivoso");
        var vote = SelfConsistency.vote(samples, SelfConsistency::parseLabel);
        assertEquals(3, vote.unparsed());
        assertTrue(vote.counts().isEmpty());
        assertEquals("INDETERMINADO", vote.verdict());
    }

    @Test
    void labelParserIsCaseInsensitiveAndWholeWord() {
        assertEquals(Optional.of("NEGATIVO"), SelfConsistency.parseLabel("  negativo, com certeza"));
        assertEquals(Optional.of("POSITIVO"), SelfConsistency.parseLabel("Sentimento: Positivo."));
        assertEquals(Optional.empty(), SelfConsistency.parseLabel("NEGATIVOS"));
        var vote = SelfConsistency.vote(List.of("NEGATIVO", "POSITIVO", "positivo"), SelfConsistency::parseLabel);
        assertEquals("POSITIVO", vote.verdict());
    }
}
