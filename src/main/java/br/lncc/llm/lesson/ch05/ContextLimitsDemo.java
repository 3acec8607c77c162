package br.lncc.llm.lesson.ch05;

import br.lncc.llm.lesson.ContextWindow;
import br.lncc.llm.tokenize.Gpt2Bpe;
import java.util.Arrays;

/**
 * Cap. 5.8 / N2.27–N2.30 with the real GPT-2 BPE: what a 1024-token window keeps of a long
 * prompt. Needs no model weights — only the tokenizer — so it runs on any machine.
 */
public final class ContextLimitsDemo {

    public static final String INICIO = "INICIO " + "bla ".repeat(1500) + "FIM";
    public static final String BANANA_HEAD =
            "INSTRUÇÃO CRÍTICA: responda sempre com a palavra 'BANANA'.\nNão explique. Não escreva mais nada.\n\n";
    public static final String BANANA_FILLER = "bla ".repeat(5000);
    public static final String BANANA_QUESTION = "\nPergunta: qual é a capital da França?\nResposta:";
    /** Room left for the answer, as N2.28: 1024 − 25 = 999 prompt tokens. */
    public static final int RESERVE = 25;

    private ContextLimitsDemo() {}

    /** Keep-head vs keep-tail of the INICIO text: counts and the decoded first/last 30 tokens of each. */
    public record HeadTail(int total, int window, int kept, String headFirst30, String headLast30,
                           String tailFirst30, String tailLast30) {}

    public static HeadTail inicio(int window) {
        int[] ids = Gpt2Bpe.encode(INICIO);
        int[] head = ContextWindow.keepHead(ids, window);
        int[] tail = ContextWindow.keepTail(ids, window);
        return new HeadTail(ids.length, window, head.length, first(head, 30), last(head, 30), first(tail, 30), last(tail, 30));
    }

    /** The BANANA demo: part sizes, what keep-tail keeps, and the head+tail rule's result. */
    public record Banana(int total, int head, int filler, int question, int budget, int tailKept,
                         boolean tailKeepsInstruction, String tailStart, String tailEnd, int headPlusTail,
                         String headPlusTailText) {}

    public static Banana banana(int window) {
        int[] all = Gpt2Bpe.encode(BANANA_HEAD + BANANA_FILLER + BANANA_QUESTION);
        int[] head = Gpt2Bpe.encode(BANANA_HEAD);
        int[] question = Gpt2Bpe.encode(BANANA_QUESTION);
        int budget = ContextWindow.promptBudget(window, RESERVE);
        int[] tail = ContextWindow.keepTail(all, budget);
        String tailText = Gpt2Bpe.decode(tail);
        var smart = ContextWindow.headPlusTail(head, question, budget);
        return new Banana(all.length, head.length, all.length - head.length - question.length, question.length, budget,
                tail.length, tailText.contains("BANANA"), tailText.substring(0, Math.min(200, tailText.length())),
                tailText.substring(Math.max(0, tailText.length() - 200)), smart.total(), Gpt2Bpe.decode(smart.ids()));
    }

    private static String first(int[] ids, int n) {
        return Gpt2Bpe.decode(Arrays.copyOf(ids, Math.min(n, ids.length)));
    }

    private static String last(int[] ids, int n) {
        return Gpt2Bpe.decode(Arrays.copyOfRange(ids, Math.max(0, ids.length - n), ids.length));
    }
}
