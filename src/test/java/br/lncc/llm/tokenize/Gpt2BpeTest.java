package br.lncc.llm.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GPT-2 token counts recorded in notebook N2 (notebooks-inventory.md, "GPT-2"). */
class Gpt2BpeTest {

    @Test
    void transformersAreModelsThatIsFiveTokens() {
        int[] ids = Gpt2Bpe.encode("Transformers are models that");
        assertArrayEquals(new int[] {41762, 364, 389, 4981, 326}, ids);
        assertArrayEquals(new String[] {"Transform", "ers", " are", " models", " that"}, Gpt2Bpe.pieces(ids));
        assertEquals("Transformers are models that", Gpt2Bpe.decode(ids));
    }

    @Test
    void shortPromptsOfTheNotebook() {
        assertEquals(7, Gpt2Bpe.count("Large language models rely on attention mechanisms"));
        assertEquals(6, Gpt2Bpe.count("What is 27 + 58?"));
        assertEquals(10, Gpt2Bpe.count("Solve step by step: 27 + 58."));
    }

    @Test
    void inicioTextIs3005TokensAndEachBlaIsTwo() {
        String text = "INICIO " + "bla ".repeat(1500) + "FIM";
        assertEquals(3005, Gpt2Bpe.count(text));
        int[] ids = Gpt2Bpe.encode(text);
        int[] tail = Arrays.copyOfRange(ids, ids.length - 1024, ids.length);
        String kept = Gpt2Bpe.decode(tail);
        assertEquals(true, kept.endsWith(" bla FIM"));
    }

    @Test
    void bananaPromptCounts() {
        String head = "INSTRUÇÃO CRÍTICA: responda sempre com a palavra 'BANANA'.\nNão explique. Não escreva mais nada.\n\n";
        String question = "\nPergunta: qual é a capital da França?\nResposta:";
        String prompt = head + "bla ".repeat(5000) + question;
        int[] ids = Gpt2Bpe.encode(prompt);
        assertEquals(10063, ids.length);
        assertEquals(43, Gpt2Bpe.count(head));
        assertEquals(18, Gpt2Bpe.count(question));
        int[] tail = Arrays.copyOfRange(ids, ids.length - 999, ids.length);
        assertEquals(999, Gpt2Bpe.count(Gpt2Bpe.decode(tail)));
    }
}
