package br.lncc.llm.model.kernel;

import java.util.Arrays;

/**
 * A STREAM-like read: the sum of a 256 MB array (far larger than any cache), on every core of the
 * {@link RowParallel} pool (the threads the decode step uses), one untimed pass to warm the JIT
 * and the pool, then the best of several passes. Decoding reads every weight once per token, so
 * bytes per token ÷ this bandwidth is the ceiling on tokens/s. Measured in the same run as the
 * decode it bounds, because memory bandwidth on a shared machine drifts 2× within an hour.
 *
 * <p>The read is one stream of loads into four independent vector sums ({@link MatVecKernels#sum}):
 * an earlier version summed with a dot product against a second array and timed its first pass;
 * in one process on the loaded test machine, rounds alternating, it read 4.1–4.6 GB/s where this
 * reads 6.8–10.2 — below what libtorch's own decode moved, which made fractions of the bound exceed 1.
 * A model whose weights fit in the last-level cache can still exceed the bound: it is a bound on
 * reading memory, not cache.
 */
public final class ReadBandwidth {
    private ReadBandwidth() {}

    /**
     * GB/s (10⁹ bytes per second) of reading {@code megabytes} MB (fewer when the heap has less than
     * twice that free, but at least 64 MB), best of {@code passes} after one warm-up pass.
     */
    public static double measureGbPerSecond(int megabytes, int passes) {
        return measure(Math.min(megabytes, probeMegabytes(Runtime.getRuntime())), passes);
    }

    /**
     * A 4-bit 3B model keeps ~1.6 GB of packed weights on the heap: on a 2 GB heap the probe's own
     * array ran the JVM out of memory after the model had loaded (measured with SmolLM3-3B's shape).
     */
    static int probeMegabytes(Runtime r) {
        long free = r.maxMemory() - (r.totalMemory() - r.freeMemory());
        return (int) Math.max(64, Math.min(Integer.MAX_VALUE, free / 2 >> 20));
    }

    private static double measure(int megabytes, int passes) {
        int n = megabytes * (1 << 20) / 4;
        float[] data = new float[n];
        Arrays.fill(data, 1f); // touch every page before timing
        int chunk = 1 << 14;
        MatVecKernels k = MatVecKernels.best();
        int chunks = n / chunk;
        float[] partial = new float[chunks];
        double best = Double.POSITIVE_INFINITY;
        for (int p = 0; p <= passes; p++) {
            long start = System.nanoTime();
            RowParallel.shared().forRanges(chunks, 1, (from, to) -> {
                for (int c = from; c < to; c++) partial[c] = k.sum(data, c * chunk, chunk);
            });
            if (p > 0) best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        double sum = 0;
        for (float v : partial) sum += v;
        if (sum != (double) chunks * chunk) throw new IllegalStateException("bandwidth probe summed " + sum);
        return 4.0 * chunks * chunk / best / 1e9;
    }
}
