package br.lncc.llm.model.kernel;

import br.lncc.llm.weights.quant.Nf4Code;

/**
 * The obvious loops, one weight at a time, in float64: what every kernel of {@link MatVecKernels}
 * must agree with. Each decodes a weight exactly as its format defines it, then multiplies.
 */
public final class ScalarReference {
    private ScalarReference() {}

    /** The INT8 weight at column i of a row: code · its block's scale. */
    public static double int8Weight(byte[] codes, int at, float[] scales, int scaleAt, int i) {
        return codes[at + i] * (double) scales[scaleAt + i / MatVecKernels.INT8_BLOCK];
    }

    /** The INT4 weight at column i: (nibble − 7) · its group's scale, even columns in the low nibble. */
    public static double int4Weight(byte[] packed, int at, float[] scales, int scaleAt, int i) {
        int b = packed[at + i / 2] & 0xFF;
        int nibble = (i & 1) == 0 ? b & 15 : b >>> 4;
        return (nibble - 7) * (double) scales[scaleAt + i / MatVecKernels.NIBBLE_BLOCK];
    }

    /** The NF4 weight at column i: NF4[nibble] · its block's absmax, even columns in the high nibble. */
    public static double nf4Weight(byte[] packed, int at, float[] absmax, int scaleAt, int i) {
        int b = packed[at + i / 2] & 0xFF;
        int nibble = (i & 1) == 0 ? b >>> 4 : b & 15;
        return Nf4Code.value(nibble) * (double) absmax[scaleAt + i / MatVecKernels.NIBBLE_BLOCK];
    }

    public static double dotInt8(byte[] codes, int at, float[] scales, int scaleAt, float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += int8Weight(codes, at, scales, scaleAt, i) * x[i];
        return s;
    }

    public static double dotInt4(byte[] packed, int at, float[] scales, int scaleAt, float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += int4Weight(packed, at, scales, scaleAt, i) * x[i];
        return s;
    }

    public static double dotNf4(byte[] packed, int at, float[] absmax, int scaleAt, float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += nf4Weight(packed, at, absmax, scaleAt, i) * x[i];
        return s;
    }

    public static double dot(float[] w, int at, float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) w[at + i] * x[i];
        return s;
    }

    /** y[o] = Σ_i x[i]·W[i, o] for W [in, out]. */
    public static double column(float[] w, int in, int out, float[] x, int o) {
        double s = 0;
        for (int i = 0; i < in; i++) s += (double) x[i] * w[i * out + o];
        return s;
    }

    public static double geluNew(double v) {
        return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    }

    public static double silu(double v) {
        return v / (1 + Math.exp(-v));
    }
}
