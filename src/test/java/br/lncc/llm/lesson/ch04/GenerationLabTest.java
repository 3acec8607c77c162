package br.lncc.llm.lesson.ch04;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.Strategy;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generation lab on the project's tiny GPT-2 fixture (random weights, real GPT-2 layout). */
class GenerationLabTest {

    private static GenerationLab lab;

    @BeforeAll
    static void open() {
        lab = GenerationLab.open(Path.of("src/test/resources/fixtures/gpt2-tiny"));
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    @Test
    void lowerTemperatureSharpensTheLiveDistribution() {
        long[] ids = lab.encode(GenerationLab.DEFAULT_PROMPT, 1).ids();
        float[] logits = lab.nextLogits(ids);
        var hot = GenerationLab.describe(logits, ids, Strategy.of(2.0, 0, 1.0), 10);
        var cold = GenerationLab.describe(logits, ids, Strategy.of(0.25, 0, 1.0), 10);
        // same logits, same before-temperature bars
        assertArrayEquals(hot.probsBefore(), cold.probsBefore());
        assertTrue(cold.entropyAfter() < hot.entropyBefore());
        assertTrue(hot.entropyAfter() > hot.entropyBefore());
        assertTrue(cold.probsAfterTemperature()[0] > cold.probsBefore()[0]);
    }

    @Test
    void nucleusShrinksWithTopP() {
        long[] ids = lab.encode(GenerationLab.DEFAULT_PROMPT, 1).ids();
        float[] logits = lab.nextLogits(ids);
        var wide = GenerationLab.describe(logits, ids, Strategy.of(1.0, 0, 0.9), 10);
        var narrow = GenerationLab.describe(logits, ids, Strategy.of(1.0, 0, 0.3), 10);
        assertTrue(narrow.nucleusSize() < wide.nucleusSize());
        assertTrue(narrow.keptMass() >= 0.3 && wide.keptMass() >= 0.9);
    }

    @Test
    void liveLogitsAreTheGeneratorsFirstStep() {
        long[] ids = lab.encode(GenerationLab.DEFAULT_PROMPT, 1).ids();
        float[] logits = lab.nextLogits(ids);
        int argmax = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[argmax]) argmax = i;
        var g = lab.generate(ids, GenerationSettings.greedy(1), Generator.TokenListener.NONE, ProgressSink.NONE);
        assertEquals(argmax, g.newIds()[0]);
    }

    @Test
    void compareGridHasTwelveRepeatableSamples() {
        var a = lab.compareGrid(GenerationLab.DEFAULT_PROMPT, 8, 42, ProgressSink.NONE).samples();
        var b = lab.compareGrid(GenerationLab.DEFAULT_PROMPT, 8, 42, ProgressSink.NONE).samples();
        assertEquals(12, a.size());
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i).text(), b.get(i).text());
        assertTrue(a.stream().allMatch(s -> s.rep4() >= 0 && s.rep4() <= 1 && s.distinct2() >= 0 && s.distinct2() <= 1));
    }

    @Test
    void cacheTimingRunsBothModesWithTheSameTokenCount() {
        var t = lab.timeCache(GenerationLab.DEFAULT_PROMPT, 16, 1, ProgressSink.NONE);
        assertEquals(15, t.msPerTokenCache().length);
        assertEquals(15, t.msPerTokenNoCache().length);
        assertTrue(t.meanSecondsCache() > 0 && t.meanSecondsNoCache() > 0 && t.speedup() > 0);
    }

    @Test
    void longPromptsKeepTheTailAndSaySo() {
        var p = lab.encode("bla ".repeat(400), 10);
        assertTrue(p.truncated());
        assertEquals(118, p.ids().length);
        assertTrue(p.notice().render(br.lncc.llm.text.Messages.ENGLISH).contains("we kept the last 118 tokens (1083 dropped"),
                p.notice().render(br.lncc.llm.text.Messages.ENGLISH));
        assertFalse(lab.encode("short", 10).truncated());
        assertThrows(ModelException.class, () -> lab.encode("  ", 10));
    }
}
