package br.lncc.llm.stats;

/**
 * Wilson score interval for a binomial proportion k/n: unlike the normal approximation
 * p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not collapse to a point at k = 0 or k = n,
 * which matters for the small counts of a classroom experiment (16 order swaps, 24 trials).
 * Same numbers as statsmodels' {@code proportion_confint(k, n, method="wilson")}.
 *
 * @param low lower bound (0 when n = 0)
 * @param high upper bound (1 when n = 0: nothing observed, nothing excluded)
 */
public record WilsonInterval(double low, double high) {

    /** z of a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    public static WilsonInterval of95(long k, long n) {
        return of(k, n, Z95);
    }

    public static WilsonInterval of(long k, long n, double z) {
        if (k < 0 || n < 0 || k > n) {
            throw new StatisticsException("stats.wilson.range", k, n);
        }
        if (n == 0) return new WilsonInterval(0, 1);
        double p = (double) k / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new WilsonInterval(Math.max(0, center - half), Math.min(1, center + half));
    }
}
