package br.lncc.llm.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** 8.4's judge list: with nothing downloaded the course model comes first, the random tiny judge last. */
class JudgeChoiceTest {

    @Test
    void theCourseModelComesBeforeEveryBaseModelAndTheRandomJudgeIsLast() {
        List<JudgeChoice> all = JudgeChoice.available();
        assertInstanceOf(JudgeChoice.RandomTiny.class, all.get(all.size() - 1));
        int course = all.indexOf(new JudgeChoice.Course());
        assertTrue(course >= 0, all.toString());
        for (int i = 0; i < course; i++) assertTrue(all.get(i).instruct(), "only instruct models go before it: " + all);
        assertEquals(1, all.stream().filter(c -> c instanceof JudgeChoice.Course).count());
    }

    @Test
    void theCourseJudgeOpensTheShippedModel() {
        try (var judge = br.lncc.llm.lesson.ch08.JudgeLab.open(new JudgeChoice.Course().judge(), "8.4")) {
            assertEquals(false, judge.randomWeights());
            assertEquals("course-gpt2-foca", judge.model().name());
        }
    }
}
