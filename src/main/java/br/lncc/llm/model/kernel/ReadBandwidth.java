package br.lncc.llm.model.kernel;

import java.util.Arrays;

/**
 * A STREAM-like read: the sum of a 256 MB array (far larger than any cache), on every core of the
 * {@link RowParallel} pool, best of a few passes. Decoding reads every weight once per token, so
 * bytes per token ÷ this bandwidth is the ceiling on tokens/s. Measured in the same run as the
 * decode it bounds, because memory bandwidth on a shared machine drifts 2× within an hour. The
 * reduction runs on the same vectorised kernels as decoding: a scalar running sum measures the
 * latency of float additions (~half the bandwidth), not memory.
 */
public final class ReadBandwidth {
    private ReadBandwidth() {}

    /** GB/s (10⁹ bytes per second) of reading {@code megabytes} MB, best of {@code passes}. */
    public static double measureGbPerSecond(int megabytes, int passes) {
        int n = megabytes * (1 << 20) / 4;
        float[] data = new float[n];
        Arrays.fill(data, 1f); // touch every page before timing
        int chunk = 1 << 14;
        float[] ones = new float[chunk];
        Arrays.fill(ones, 1f);
        MatVecKernels k = MatVecKernels.best();
        int chunks = n / chunk;
        float[] partial = new float[chunks];
        double best = Double.POSITIVE_INFINITY;
        for (int p = 0; p < passes; p++) {
            long start = System.nanoTime();
            RowParallel.shared().forRanges(chunks, 1, (from, to) -> {
                for (int c = from; c < to; c++) partial[c] = k.dot(data, c * chunk, ones, 0, chunk);
            });
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        double sum = 0;
        for (float v : partial) sum += v;
        if (sum != (double) chunks * chunk) throw new IllegalStateException("bandwidth probe summed " + sum);
        return 4.0 * chunks * chunk / best / 1e9;
    }
}
