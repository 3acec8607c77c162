package br.lncc.llm.lesson.compress;

import java.util.Arrays;

/**
 * Which weights of a linear layer W (out × in, row-major) to zero (Cap. 6.6, seed 004's
 * {@code wanda_prune}). A mask entry is true for a weight that stays.
 *
 * <p>Wanda (Sun et al., 2023) scores each weight by |W_ij|·‖X_j‖₂ — its size times how strongly
 * input feature j is driven on calibration text — and removes, in every output row, the
 * k = ⌊in·s⌋ weights with the lowest score. Magnitude pruning is the same rule with ‖X_j‖ = 1.
 * Ties are broken by the lower column index (torch.topk leaves that order unspecified).
 */
public final class Pruning {
    private Pruning() {}

    /** The seed's k: {@code int(in * sparsity)}. */
    public static int prunedPerRow(int in, double sparsity) {
        return (int) (in * sparsity);
    }

    /** Wanda's mask; {@code actNorm} (in) may be null for plain magnitude pruning. */
    public static boolean[] unstructured(float[] w, int out, int in, float[] actNorm, double sparsity) {
        if (actNorm != null && actNorm.length != in) {
            throw new IllegalArgumentException("act norms have " + actNorm.length + " features, the layer " + in);
        }
        int k = prunedPerRow(in, sparsity);
        boolean[] keep = new boolean[w.length];
        Arrays.fill(keep, true);
        if (k == 0) return keep;
        long[] keys = new long[in];
        for (int r = 0; r < out; r++) {
            int row = r * in;
            for (int j = 0; j < in; j++) {
                // Non-negative floats order like their bit patterns: (score, column) packed in one long
                // sorts by score, then by column, with a primitive sort.
                float score = Math.abs(w[row + j]) * (actNorm == null ? 1f : actNorm[j]);
                keys[j] = ((long) Float.floatToIntBits(score) << 32) | j;
            }
            Arrays.sort(keys);
            for (int i = 0; i < k; i++) keep[row + (int) keys[i]] = false;
        }
        return keep;
    }

    /**
     * 2:4 semi-structured sparsity (NVIDIA Ampere's pattern): in every run of 4 consecutive inputs
     * of a row the 2 lowest-scoring weights go — exactly 50%, in a layout hardware can skip.
     * A row whose length is not a multiple of 4 keeps its last partial run whole.
     */
    public static boolean[] twoFour(float[] w, int out, int in, float[] actNorm) {
        boolean[] keep = new boolean[w.length];
        Arrays.fill(keep, true);
        long[] keys = new long[4];
        for (int r = 0; r < out; r++) {
            for (int j0 = 0; j0 + 4 <= in; j0 += 4) {
                for (int j = 0; j < 4; j++) {
                    float score = Math.abs(w[r * in + j0 + j]) * (actNorm == null ? 1f : actNorm[j0 + j]);
                    keys[j] = ((long) Float.floatToIntBits(score) << 32) | j;
                }
                Arrays.sort(keys);
                keep[r * in + j0 + (int) keys[0]] = false;
                keep[r * in + j0 + (int) keys[1]] = false;
            }
        }
        return keep;
    }

    /** Zeroes the weights the mask drops (in place). */
    public static void apply(float[] w, boolean[] keep) {
        for (int i = 0; i < w.length; i++) if (!keep[i]) w[i] = 0f;
    }
}
