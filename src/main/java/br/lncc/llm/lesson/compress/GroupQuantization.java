package br.lncc.llm.lesson.compress;

/**
 * Group-wise symmetric INT-k fake quantization (Cap. 6.5), seed 004's {@code quantize_vectorized}:
 * each row is cut into groups of {@code group} inputs (the last one padded with masked zeros);
 * each group has one scale = max|W·mask| / qmax with qmax = 2^(k−1) − 1 (at least 1), values
 * round half-to-even to q ∈ [−qmax, qmax] and come back as q·scale, times the mask. k = 1 is
 * the naive sign(W)·scale that the seed shows exploding. Computed in float32 like the seed.
 */
public final class GroupQuantization {
    private GroupQuantization() {}

    /** The seed's qmax: 1 for 1 and 2 bits (ternary at 2), 3 at 3 bits, 7 at 4, 127 at 8. */
    public static int qmax(int bits) {
        return bits > 1 ? Math.max(1, (1 << (bits - 1)) - 1) : 1;
    }

    /** Dequantized W (out × in, row-major) after pruning with {@code keep}. */
    public static float[] quantize(float[] w, boolean[] keep, int out, int in, int bits, int group) {
        float[] q = w.clone();
        quantizeInPlace(q, keep, out, in, bits, group);
        return q;
    }

    /**
     * As {@link #quantize}, overwriting {@code w}: each group's scale is taken before any of its
     * values change, and each value depends only on itself and that scale. The lab compresses a
     * 0.5B model one tensor at a time this way without a second copy of every matrix (#14).
     */
    public static void quantizeInPlace(float[] w, boolean[] keep, int out, int in, int bits, int group) {
        if (bits < 1 || bits > 8) throw new IllegalArgumentException("bits must be 1..8, got " + bits);
        if (group <= 0) throw new IllegalArgumentException("group must be > 0, got " + group);
        float qmax = qmax(bits);
        float[] q = w;
        for (int r = 0; r < out; r++) {
            for (int g0 = 0; g0 < in; g0 += group) {
                int from = r * in + g0, to = r * in + Math.min(g0 + group, in);
                float maxAbs = 0f;
                for (int i = from; i < to; i++) if (keep[i]) maxAbs = Math.max(maxAbs, Math.abs(w[i]));
                float scale = Math.max(maxAbs / qmax, 1e-8f);
                for (int i = from; i < to; i++) {
                    if (!keep[i]) {
                        q[i] = 0f; // dequant · mask
                        continue;
                    }
                    float level = bits == 1 ? Math.signum(w[i])
                            : Math.max(-qmax, Math.min(qmax, (float) Math.rint(w[i] / scale)));
                    q[i] = level * scale;
                }
            }
        }
    }
}
