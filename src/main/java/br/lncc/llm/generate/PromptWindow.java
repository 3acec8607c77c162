package br.lncc.llm.generate;

import br.lncc.llm.text.Message;
import java.util.Arrays;

/**
 * THE rule for a prompt that does not fit the context window (Cap. 5.8), used by every page and
 * command that runs a causal model — the generation lab, {@code companion generate}, the
 * compression lab, {@code logits}, {@code attention}: never silently, keep the end of the prompt
 * (the question usually sits at the end) and record how much was dropped. The prompt's budget is
 * window − tokens still to generate, as notebook N2 does (1024 − 25 = 999), but never less than
 * half the window, so asking for many new tokens does not throw the prompt away.
 *
 * <p>Inside a chat template (ChatML) the end of the prompt is the template's closing
 * "assistant" header: keeping the raw tail would cut the system turn and the user header and
 * leave the model a broken conversation. There the rule cuts the start of the user's text and
 * keeps the template whole ({@link #fit(Codec, ChatTemplate, String, String, int, int)}).
 */
public record PromptWindow(long[] ids, int originalLength, int window, boolean truncated) {

    /** How a model's tokenizer turns text to ids and back (no special tokens added). */
    public interface Codec {
        long[] encode(String text);

        String decode(long[] ids);
    }

    /** Tokens left for the prompt when {@code reserve} new tokens must still fit: max(window − reserve, window / 2). */
    public static int budget(int window, long reserve) {
        long room = (long) window - Math.max(0, reserve);
        return (int) Math.max(1, Math.max(room, window / 2));
    }

    /** Keeps the tail of {@code promptIds} within {@link #budget}. */
    public static PromptWindow fit(long[] promptIds, int window, long reserve) {
        int budget = budget(window, reserve);
        if (promptIds.length <= budget) return new PromptWindow(promptIds.clone(), promptIds.length, window, false);
        long[] tail = Arrays.copyOfRange(promptIds, promptIds.length - budget, promptIds.length);
        return new PromptWindow(tail, promptIds.length, window, true);
    }

    /**
     * Encodes {@code prompt} — inside {@code template}'s user turn when a template is given —
     * and fits it. In a chat the user's text loses its start and the template stays whole; if
     * re-tokenizing the cut text would not fit (a merge at the cut), the plain tail is kept.
     *
     * @param template the model's chat template, or null for the raw prompt
     * @param system the system message (null: the template's default)
     */
    public static PromptWindow fit(Codec codec, ChatTemplate template, String system, String prompt, int window, long reserve) {
        long[] ids = codec.encode(template == null ? prompt : template.userPrompt(system, prompt));
        PromptWindow cut = fit(ids, window, reserve);
        if (template == null || !cut.truncated()) return cut;
        int overhead = codec.encode(template.userPrompt(system, "")).length;
        int keep = cut.ids().length - overhead;
        if (keep < 1) return cut;
        long[] user = codec.encode(prompt);
        String userTail = codec.decode(Arrays.copyOfRange(user, Math.max(0, user.length - keep), user.length));
        long[] chat = codec.encode(template.userPrompt(system, userTail));
        if (chat.length > cut.ids().length) return cut;
        return new PromptWindow(chat, ids.length, window, true);
    }

    public int dropped() {
        return originalLength - ids.length;
    }

    /** The notice shown to the student (null when nothing was cut), rendered in pt-BR or English by the caller. */
    public Message notice() {
        if (!truncated) return null;
        return Message.of("generate.prompt.truncated", originalLength, window, ids.length, dropped());
    }
}
