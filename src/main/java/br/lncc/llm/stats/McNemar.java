package br.lncc.llm.stats;

import java.math.BigInteger;
import org.apache.commons.math3.special.Gamma;

/**
 * McNemar's test for two classifiers judged on the same samples. Only the discordant cells
 * matter: b = first right / second wrong, c = first wrong / second right. Numbers follow
 * statsmodels' {@code mcnemar(table, exact=..., correction=True)}, which the seed notebook uses.
 */
public final class McNemar {
    private McNemar() {}

    /**
     * χ² = (|b − c| − 1)² / (b + c), one degree of freedom, exactly as statsmodels'
     * {@code mcnemar(exact=False, correction=True)} computes it: the continuity correction is
     * <em>not</em> clamped at zero, so b = c gives 1/(b + c) rather than 0 (b = c = 5: χ² = 0.1,
     * p = 0.7518). With no discordant pairs statsmodels divides by zero (NaN); we answer χ² = 0,
     * p = 1 there, the only value a table with no disagreement can support.
     */
    public static TestResult chiSquared(long b, long c) {
        check(b, c);
        if (b + c == 0) return new TestResult(0.0, 1.0, "chi2");
        double diff = Math.abs(b - c) - 1.0;
        double statistic = diff * diff / (b + c);
        // chi2 survival with 1 df is Q(1/2, x/2): the regularized upper incomplete gamma keeps
        // precision for tiny p-values where 1 − cdf would cancel.
        double p = statistic == 0 ? 1.0 : Gamma.regularizedGammaQ(0.5, statistic / 2);
        return new TestResult(statistic, p, "chi2");
    }

    /**
     * Exact version: under H0 the discordant pairs split like fair coin flips, so
     * min(b, c) ~ Binomial(b + c, 1/2); two-sided p = min(1, 2·P(X ≤ min)). Counted with
     * integers so small tables are exact.
     */
    public static TestResult exact(long b, long c) {
        check(b, c);
        long n = b + c;
        long k = Math.min(b, c);
        if (n == 0) return new TestResult(0.0, 1.0, "exact");
        double p;
        if (n <= 1000) {
            BigInteger sum = BigInteger.ZERO;
            BigInteger term = BigInteger.ONE; // C(n, 0)
            for (long i = 0; i <= k; i++) {
                sum = sum.add(term);
                term = term.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
            }
            p = 2 * new java.math.BigDecimal(sum)
                    .divide(new java.math.BigDecimal(BigInteger.TWO.pow((int) n)), java.math.MathContext.DECIMAL64)
                    .doubleValue();
        } else {
            p = 2 * new org.apache.commons.math3.distribution.BinomialDistribution(null, (int) n, 0.5)
                    .cumulativeProbability((int) k);
        }
        return new TestResult(k, Math.min(1.0, p), "exact");
    }

    private static void check(long b, long c) {
        if (b < 0 || c < 0) {
            throw new StatisticsException("stats.mcnemar.negative", b, c);
        }
    }
}
