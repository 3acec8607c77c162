package br.lncc.llm.lesson;

import java.util.Arrays;

/**
 * Cap. 5.8: what survives when a prompt is longer than the model's context window — the three
 * cuts the lesson compares (keep the head, keep the tail, keep head + tail). Works on token ids so
 * the same rules serve any tokenizer (GPT-2's 1024, T5's 512). The cut the app itself applies
 * when it runs a model is {@link br.lncc.llm.generate.PromptWindow} (keep the tail, chat-aware);
 * the budget is that one rule's.
 */
public final class ContextWindow {

    private ContextWindow() {}

    /** Keep the first {@code budget} tokens: the instruction survives, the question is lost. */
    public static int[] keepHead(int[] ids, int budget) {
        return Arrays.copyOf(ids, Math.min(budget, ids.length));
    }

    /** Keep the last {@code budget} tokens: the question survives, the instruction is lost. */
    public static int[] keepTail(int[] ids, int budget) {
        return Arrays.copyOfRange(ids, Math.max(0, ids.length - budget), ids.length);
    }

    /**
     * N2.30's head+tail rule: keep the head (the instruction) whole; if head + tail is over the
     * budget keep only the end of the tail; if the head alone is over the budget, cut the head.
     * The filler in between is deliberately dropped.
     */
    public static HeadTail headPlusTail(int[] head, int[] tail, int budget) {
        int[] keptHead = head.length > budget ? keepHead(head, budget) : head;
        int room = budget - keptHead.length;
        int[] keptTail = keepTail(tail, Math.max(0, room));
        int[] joined = Arrays.copyOf(keptHead, keptHead.length + keptTail.length);
        System.arraycopy(keptTail, 0, joined, keptHead.length, keptTail.length);
        return new HeadTail(keptHead.length, keptTail.length, joined,
                keptHead.length < head.length || keptTail.length < tail.length);
    }

    /** Tokens left for the prompt when {@code reserve} new tokens must still fit (1024 − 25 = 999): {@link br.lncc.llm.generate.PromptWindow#budget}. */
    public static int promptBudget(int window, int reserve) {
        return br.lncc.llm.generate.PromptWindow.budget(window, reserve);
    }

    /** The result of {@link #headPlusTail}: how much of each part was kept, and whether anything was cut. */
    public record HeadTail(int headTokens, int tailTokens, int[] ids, boolean cut) {
        public int total() {
            return ids.length;
        }
    }
}
