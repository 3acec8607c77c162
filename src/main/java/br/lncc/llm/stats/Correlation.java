package br.lncc.llm.stats;

import org.apache.commons.math3.special.Beta;

/**
 * Pearson and Spearman correlations with the two-sided p-values SciPy reports
 * ({@code pearsonr}, {@code spearmanr}): Student t with n − 2 degrees of freedom.
 */
public final class Correlation {
    private Correlation() {}

    public enum Method {
        PEARSON,
        SPEARMAN;

        public static Method parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "pearson" -> PEARSON;
                case "spearman" -> SPEARMAN;
                default -> throw new StatisticsException("stats.correlation.method", name);
            };
        }
    }

    public static TestResult test(double[] x, double[] y, Method method) {
        return method == Method.PEARSON ? pearson(x, y) : spearman(x, y);
    }

    public static TestResult pearson(double[] x, double[] y) {
        check(x, y);
        double r = r(x, y);
        return new TestResult(r, pValue(r, x.length), "t");
    }

    /** Pearson's r of the mid-ranks. */
    public static TestResult spearman(double[] x, double[] y) {
        check(x, y);
        double r = r(Ranks.of(x), Ranks.of(y));
        return new TestResult(r, pValue(r, x.length), "t");
    }

    private static double r(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            throw new StatisticsException("stats.correlation.constant");
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return Math.max(-1.0, Math.min(1.0, r));
    }

    /** 2·t.sf(|t|, n−2) with t = r·√((n−2)/(1−r²)), written as I_{1−r²}((n−2)/2, 1/2). */
    private static double pValue(double r, int n) {
        if (n == 2) return 1.0;
        double oneMinusR2 = 1 - r * r;
        if (oneMinusR2 <= 0) return 0.0;
        return Beta.regularizedBeta(oneMinusR2, (n - 2) / 2.0, 0.5);
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new StatisticsException("stats.correlation.sizes", x.length, y.length);
        }
        if (x.length < 2) throw new StatisticsException("stats.correlation.twoPairs");
    }
}
