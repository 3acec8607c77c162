package br.lncc.llm.serve;

import java.util.List;

/**
 * The answer to one {@link CompletionRequest}.
 *
 * @param promptTokens     tokens of the prompt as the model saw it (template included)
 * @param completionTokens tokens generated (a stop string's tokens included, as OpenAI counts them)
 * @param finishReason     {@link FinishReason}
 * @param logprobs         one entry per generated token when asked, else empty
 * @param seed             the sampler's seed (the one sent, or the one drawn for this request)
 * @param settingsSources  where each setting came from (request, generation_config.json, default)
 * @param firstTokenMs     prompt in + first token out (prefill), ms
 * @param totalMs          the whole generation, ms
 */
public record Completion(
        String text, long[] promptIds, long[] completionIds, FinishReason finishReason, List<TokenLogprob> logprobs,
        long seed, List<String> settingsSources, double firstTokenMs, double totalMs) {

    public enum FinishReason {
        /** the model's end-of-text token or a stop string */
        STOP,
        /** max_tokens or the context window */
        LENGTH,
        /** the client went away; nothing is sent */
        CANCELLED;

        /** The value of OpenAI's finish_reason field. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A generated token, its log-probability under softmax(logits) and the most probable
     * alternatives. {@code bytes} are the bytes the token stands for (OpenAI's {@code bytes} field):
     * a token that is half of a UTF-8 character reads "�" as text, its bytes say which byte it was,
     * and a client joins them to rebuild the exact text. A special token has none (null): the text
     * leaves it out.
     */
    public record TokenLogprob(String token, byte[] bytes, double logprob, int textOffset, List<Alternative> top) {}

    public record Alternative(String token, byte[] bytes, double logprob) {}

    public int promptTokens() {
        return promptIds.length;
    }

    public int completionTokens() {
        return completionIds.length;
    }

    /** Decode speed after the first token (tokens/s), NaN with fewer than two tokens. */
    public double decodeTokensPerSecond() {
        int later = completionIds.length - 1;
        return later < 1 ? Double.NaN : later * 1000.0 / (totalMs - firstTokenMs);
    }
}
