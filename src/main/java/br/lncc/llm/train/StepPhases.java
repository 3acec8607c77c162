package br.lncc.llm.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the time of pre-training steps goes, summed over {@code steps} steps: the batch (windows
 * gathered and copied into the engine), the forward pass to the logits, the loss (and reading it
 * back), the backward pass, gradient clipping, the AdamW update (with zeroing the gradients) and
 * releasing the step's arrays. libtorch on the CPU runs each op before returning, so timestamps
 * taken between ops bound each phase without extra synchronisation.
 */
public record StepPhases(int steps, long batchNanos, long forwardNanos, long lossNanos, long backwardNanos, long clipNanos,
        long optimizerNanos, long releaseNanos) {
    static final int PHASES = 7;
    static final StepPhases NONE = new StepPhases(0, 0, 0, 0, 0, 0, 0, 0);

    /** This sum plus one step whose phase boundaries are {@code at[0..7]} (nanoTime stamps). */
    StepPhases plus(long[] at) {
        return new StepPhases(steps + 1, batchNanos + at[1] - at[0], forwardNanos + at[2] - at[1], lossNanos + at[3] - at[2],
                backwardNanos + at[4] - at[3], clipNanos + at[5] - at[4], optimizerNanos + at[6] - at[5], releaseNanos + at[7] - at[6]);
    }

    /** The phases of the steps after {@code earlier} (e.g. without the warm-up step). */
    public StepPhases since(StepPhases earlier) {
        return new StepPhases(steps - earlier.steps, batchNanos - earlier.batchNanos, forwardNanos - earlier.forwardNanos,
                lossNanos - earlier.lossNanos, backwardNanos - earlier.backwardNanos, clipNanos - earlier.clipNanos,
                optimizerNanos - earlier.optimizerNanos, releaseNanos - earlier.releaseNanos);
    }

    /** Milliseconds per step of each phase, by the names the benchmark's JSON uses (the peer script reports the same names). */
    public Map<String, Double> millisPerStep() {
        Map<String, Double> m = new LinkedHashMap<>();
        double n = Math.max(1, steps) * 1e6;
        m.put("batch", batchNanos / n);
        m.put("forward", forwardNanos / n);
        m.put("loss", lossNanos / n);
        m.put("backward", backwardNanos / n);
        m.put("clip", clipNanos / n);
        m.put("optimizer", optimizerNanos / n);
        m.put("release", releaseNanos / n);
        return m;
    }

    /** Milliseconds per step, all phases together. */
    public double totalMillisPerStep() {
        return millisPerStep().values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
