package br.lncc.llm.lesson;

import org.apache.commons.math3.special.Erf;

/** The exact GELU of BERT and of nn.GELU(): x·Φ(x) = x/2·(1 + erf(x/√2)). */
public final class Gelu {
    private Gelu() {}

    public static double apply(double x) {
        return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
    }

    public static double[][] apply(double[][] rows) {
        var out = Matrices.copy(rows);
        for (double[] row : out) for (int j = 0; j < row.length; j++) row[j] = apply(row[j]);
        return out;
    }
}
