package br.lncc.llm.model;

/**
 * THE softmax of the project's plain-Java code (the forward passes use the engine's): as the book
 * writes it (Cap. 2.6.5, 3.7.3), with a temperature (Cap. 4.9) for the sampler; fill-mask, the
 * sampler, the lessons and the Cap. 8 toys all call this one.
 */
public final class Softmax {
    private Softmax() {}

    /** Subtracting the row maximum first keeps exp() finite at any scale (N1.16). */
    public static double[] of(double[] logits) {
        return of(logits, 1);
    }

    /**
     * softmax(z / temperature), shifted by the maximum: exp never overflows and the top token
     * gets exp(0) = 1, so any temperature (0.05 included) stays finite.
     */
    public static double[] of(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) max = Math.max(max, v);
        var out = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp((logits[i] - max) / temperature);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) out[i] /= sum;
        return out;
    }

    /** The float logits a model returns, in double. */
    public static double[] of(float[] logits) {
        double[] z = new double[logits.length];
        for (int i = 0; i < z.length; i++) z[i] = logits[i];
        return of(z, 1);
    }

    public static double[][] rows(double[][] logits) {
        var out = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) out[i] = of(logits[i]);
        return out;
    }

    /** Natural-log entropy; the notebook adds 1e-12 inside the log so that p = 0 contributes 0. */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) h -= v * Math.log(v + 1e-12);
        return h;
    }
}
