package br.lncc.llm.lesson.ch05;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** N2.27–N2.30's recorded numbers with the real GPT-2 BPE. */
class ContextLimitsDemoTest {

    @Test
    void inicioKeepsHeadAndTailOf1024Of3005() {
        var d = ContextLimitsDemo.inicio(1024);
        assertEquals(3005, d.total());
        assertEquals(1024, d.kept());
        assertEquals("INICIO bla bla bla bla bla bla bla bla bla bla bla bla bla bl", d.headFirst30());
        assertEquals("a bla bla bla bla bla bla bla bla bla bla bla bla bla bla bl", d.headLast30());
        assertEquals(" bla bla bla bla bla bla bla bla bla bla bla bla bla bla bla", d.tailFirst30());
        assertEquals(" bla bla bla bla bla bla bla bla bla bla bla bla bla bla FIM", d.tailLast30());
    }

    @Test
    void bananaNumbersMatchTheNotebook() {
        var b = ContextLimitsDemo.banana(1024);
        assertEquals(10063, b.total());
        assertEquals(43, b.head());
        assertEquals(18, b.question());
        assertEquals(999, b.budget());
        assertEquals(999, b.tailKept());
        assertFalse(b.tailKeepsInstruction());
        assertEquals(" bla".repeat(50), b.tailStart());
        assertTrue(b.tailEnd().endsWith("\nPergunta: qual é a capital da França?\nResposta:"));
        assertEquals(61, b.headPlusTail());
        assertTrue(b.headPlusTailText().contains("BANANA") && b.headPlusTailText().contains("França"));
    }
}
