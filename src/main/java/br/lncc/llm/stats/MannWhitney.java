package br.lncc.llm.stats;

import java.math.BigInteger;
import org.apache.commons.math3.special.Erf;

/**
 * Two-sided Mann-Whitney U test, as {@code scipy.stats.mannwhitneyu(x, y)} with its defaults:
 * method 'auto' takes the exact null distribution when one sample has at most 8 values and
 * there are no ties, otherwise the normal approximation with tie correction and a 0.5
 * continuity correction. The statistic is U of the first sample.
 */
public final class MannWhitney {
    private MannWhitney() {}

    public static TestResult test(double[] x, double[] y) {
        if (x.length == 0 || y.length == 0) {
            throw new StatisticsException("stats.mannwhitney.emptyGroup");
        }
        for (double v : x) checkFinite(v);
        for (double v : y) checkFinite(v);
        int n1 = x.length, n2 = y.length;
        double[] all = new double[n1 + n2];
        System.arraycopy(x, 0, all, 0, n1);
        System.arraycopy(y, 0, all, n1, n2);
        double[] ranks = Ranks.of(all);
        double r1 = 0;
        for (int i = 0; i < n1; i++) r1 += ranks[i];
        double u1 = r1 - n1 * (n1 + 1) / 2.0;
        double u = Math.max(u1, (double) n1 * n2 - u1);
        double tieTerm = Ranks.tieTerm(all);
        boolean exact = (n1 <= 8 || n2 <= 8) && tieTerm == 0;
        double p = exact ? 2 * exactUpperTail(n1, n2, (long) u) : 2 * normalUpperTail(u, n1, n2, tieTerm);
        return new TestResult(u1, Math.min(1.0, p), exact ? "exact" : "asymptotic");
    }

    /**
     * P(U ≥ k) under H0. The number of rank arrangements giving U = u is the coefficient of q^u
     * in the Gaussian binomial [n1+n2 choose m]_q, m = min(n1, n2); built factor by factor.
     */
    static double exactUpperTail(int n1, int n2, long k) {
        int m = Math.min(n1, n2), n = Math.max(n1, n2);
        int degree = m * n;
        BigInteger[] poly = new BigInteger[degree + 1];
        java.util.Arrays.fill(poly, BigInteger.ZERO);
        poly[0] = BigInteger.ONE;
        for (int i = 1; i <= m; i++) {
            // multiply by (1 − q^(n+i)), then divide by (1 − q^i): the quotient is exact
            for (int u = degree; u >= n + i; u--) poly[u] = poly[u].subtract(poly[u - n - i]);
            for (int u = i; u <= degree; u++) poly[u] = poly[u].add(poly[u - i]);
        }
        BigInteger total = BigInteger.ZERO, tail = BigInteger.ZERO;
        for (int u = 0; u <= degree; u++) {
            total = total.add(poly[u]);
            if (u >= k) tail = tail.add(poly[u]);
        }
        return new java.math.BigDecimal(tail)
                .divide(new java.math.BigDecimal(total), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    private static double normalUpperTail(double u, int n1, int n2, double tieTerm) {
        double n = n1 + n2;
        double sd = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
        if (sd == 0) return 0.5; // every value equal: no evidence either way (p = 1 after doubling)
        double z = (u - n1 * (double) n2 / 2 - 0.5) / sd;
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    private static void checkFinite(double v) {
        if (!Double.isFinite(v)) throw new StatisticsException("stats.mannwhitney.badValue", String.valueOf(v));
    }
}
