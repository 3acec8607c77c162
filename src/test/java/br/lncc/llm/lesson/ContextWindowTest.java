package br.lncc.llm.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The context-limit oracles of N2.27–N2.30, with the real GPT-2 BPE (r50k_base). */
class ContextWindowTest {

    private static final Encoding GPT2 = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    private static final String HEAD =
            "INSTRUÇÃO CRÍTICA: responda sempre com a palavra 'BANANA'.\nNão explique. Não escreva mais nada.\n\n";
    private static final String QUESTION = "\nPergunta: qual é a capital da França?\nResposta:";

    private static int[] encode(String text) {
        return GPT2.encodeOrdinary(text).toArray();
    }

    private static String decode(int[] ids) {
        var list = new IntArrayList(ids.length);
        for (int id : ids) list.add(id);
        return GPT2.decode(list);
    }

    @Test
    void inicioTextHas3005TokensAndBothEndsKeep1024() {
        int[] ids = encode("INICIO " + "bla ".repeat(1500) + "FIM");
        assertEquals(3005, ids.length);
        int[] head = ContextWindow.keepHead(ids, 1024);
        int[] tail = ContextWindow.keepTail(ids, 1024);
        assertEquals(1024, head.length);
        assertEquals(1024, tail.length);
        assertEquals("INICIO bla bla bla bla bla bla bla bla bla bla bla bla bla bl",
                decode(Arrays.copyOf(head, 30)));
        assertEquals(" bla bla bla bla bla bla bla bla bla bla bla bla bla bla FIM",
                decode(Arrays.copyOfRange(tail, tail.length - 30, tail.length)));
    }

    @Test
    void bananaTailKeeps999TokensAndLosesTheInstruction() {
        int[] ids = encode(HEAD + "bla ".repeat(5000) + QUESTION);
        assertEquals(10063, ids.length);
        int budget = ContextWindow.promptBudget(1024, 25);
        assertEquals(999, budget);
        int[] tail = ContextWindow.keepTail(ids, budget);
        assertEquals(999, tail.length);
        String text = decode(tail);
        assertEquals(999, encode(text).length);
        assertFalse(text.contains("BANANA"));
        assertTrue(text.endsWith(" bla bla \nPergunta: qual é a capital da França?\nResposta:"));
        assertEquals(" bla".repeat(50), text.substring(0, 200));
    }

    @Test
    void headPlusTailKeepsInstructionAndQuestion() {
        int[] head = encode(HEAD);
        int[] question = encode(QUESTION);
        assertEquals(43, head.length);
        assertEquals(18, question.length);
        var kept = ContextWindow.headPlusTail(head, question, 999);
        assertEquals(61, kept.total());
        assertFalse(kept.cut());
        assertTrue(decode(kept.ids()).contains("BANANA"));
    }

    @Test
    void headPlusTailCutsTheTailFirstThenTheHead() {
        int[] head = {1, 2, 3};
        int[] tail = {4, 5, 6, 7};
        var cutTail = ContextWindow.headPlusTail(head, tail, 5);
        assertArrayEquals(new int[] {1, 2, 3, 6, 7}, cutTail.ids());
        assertTrue(cutTail.cut());
        var cutHead = ContextWindow.headPlusTail(head, tail, 2);
        assertArrayEquals(new int[] {1, 2}, cutHead.ids());
    }
}
