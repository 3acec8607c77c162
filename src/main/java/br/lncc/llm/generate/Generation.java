package br.lncc.llm.generate;

import java.util.List;

/**
 * The outcome of one run: the new token ids (the EOS token included when it stopped there), why
 * it stopped, and timings. {@code prefillMs} is the time to the first new token (the whole
 * prompt in one forward pass, plus choosing the token); {@code msPerToken[i]} is the time of each
 * later token (one forward step plus choosing), so it has one entry fewer than {@code newIds}.
 */
public record Generation(
        long[] promptIds, long[] newIds, StopReason stopReason, double prefillMs, double[] msPerToken,
        List<StepDistribution> distributions) {

    public enum StopReason { EOS, MAX_TOKENS, CONTEXT_FULL, CANCELLED }

    /** Prompt followed by the new tokens. */
    public long[] allIds() {
        long[] all = new long[promptIds.length + newIds.length];
        System.arraycopy(promptIds, 0, all, 0, promptIds.length);
        System.arraycopy(newIds, 0, all, promptIds.length, newIds.length);
        return all;
    }

    /** Decode speed after the first token (tokens/s), NaN with fewer than two tokens. */
    public double decodeTokensPerSecond() {
        double total = 0;
        for (double ms : msPerToken) total += ms;
        return msPerToken.length == 0 ? Double.NaN : msPerToken.length * 1000.0 / total;
    }
}
