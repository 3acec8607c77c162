package br.lncc.llm.weights.quant;

/**
 * The 16 values of the NormalFloat-4 data type (QLoRA, Dettmers et al. 2023), as float32 and in
 * bitsandbytes' index order: index 0 is −1, index 7 is exactly 0, index 15 is +1. A stored nibble
 * is an index into this table, so the order is part of the file format.
 *
 * <p>They are quantiles of N(0, 1) normalized to [−1, 1]: 8 positive values at
 * Φ⁻¹(linspace(δ', ½, 9)[:−1]), 7 negative at −Φ⁻¹(linspace(δ', ½, 8)[:−1]) and an exact zero,
 * with δ' = 0.9677083 (so that ±1 are the centers of the outermost of 16/15 equal-mass bins).
 * The asymmetry (8 positive, 7 negative) is what buys an exact zero.
 */
public final class Nf4Code {
    private Nf4Code() {}

    /** The quantile offset bitsandbytes uses to build the table. */
    public static final double QUANTILE_OFFSET = 0.9677083;

    private static final float[] VALUES = {
        -1.0f,
        -0.6961928009986877f,
        -0.5250730514526367f,
        -0.39491748809814453f,
        -0.28444138169288635f,
        -0.18477343022823334f,
        -0.09105003625154495f,
        0.0f,
        0.07958029955625534f,
        0.16093020141124725f,
        0.24611230194568634f,
        0.33791524171829224f,
        0.44070982933044434f,
        0.5626170039176941f,
        0.7229568362236023f,
        1.0f,
    };

    /** Index of the exact zero (what padding nibbles hold). */
    public static final int ZERO_INDEX = 7;

    private static final SortedCodebook CODE = new SortedCodebook(VALUES);

    public static float[] values() {
        return CODE.values();
    }

    public static float value(int index) {
        return CODE.value(index);
    }

    /** Nearest code to x ∈ [−1, 1] (bitsandbytes' argmin of |x − code|, first index on ties). */
    public static int nearest(float x) {
        return CODE.nearest(x);
    }

    /** Half of the widest gap between neighbours: the worst rounding error of a scaled value. */
    public static double maxHalfGap() {
        return CODE.maxHalfGap();
    }

    /** Half the gap around the code chosen for x: the rounding error bound for that value. */
    public static double halfGapAround(int index) {
        return CODE.halfGapAround(index);
    }
}
