package br.lncc.llm.lesson;

/** Softmax and entropy as the book writes them (Cap. 2.6.5, 3.7.3). */
public final class Softmax {
    private Softmax() {}

    /** Subtracting the row maximum first keeps exp() finite at any scale (N1.16). */
    public static double[] of(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) max = Math.max(max, v);
        var out = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) out[i] /= sum;
        return out;
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
