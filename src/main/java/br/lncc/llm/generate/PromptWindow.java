package br.lncc.llm.generate;

import java.util.Arrays;

/**
 * A prompt cut to fit the context window, never silently (Cap. 5.8): when prompt + new tokens
 * would pass the window, keep the end of the prompt (the question usually sits at the end) and
 * record how much was dropped. The budget is window − max new tokens, as notebook N2 does
 * (1024 − 25 = 999), but never less than half the window.
 */
public record PromptWindow(long[] ids, int originalLength, int window, boolean truncated) {

    public static PromptWindow fit(long[] promptIds, int window, int maxNewTokens) {
        if (promptIds.length + (long) maxNewTokens <= window) {
            return new PromptWindow(promptIds.clone(), promptIds.length, window, false);
        }
        int budget = Math.max(window - maxNewTokens, window / 2);
        if (promptIds.length <= budget) return new PromptWindow(promptIds.clone(), promptIds.length, window, false);
        long[] tail = Arrays.copyOfRange(promptIds, promptIds.length - budget, promptIds.length);
        return new PromptWindow(tail, promptIds.length, window, true);
    }

    public int dropped() {
        return originalLength - ids.length;
    }

    /** The notice shown to the student (null when nothing was cut). */
    public String notice() {
        if (!truncated) return null;
        return "o prompt tinha " + originalLength + " tokens e a janela do modelo é de " + window
                + " posições: mantivemos os últimos " + ids.length + " tokens (" + dropped() + " descartados do início)";
    }
}
