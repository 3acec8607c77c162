package br.lncc.llm.stats;

import java.util.List;
import org.apache.commons.math3.special.Beta;

/** One-way ANOVA F test, as {@code scipy.stats.f_oneway(*groups)}. */
public final class OneWayAnova {
    private OneWayAnova() {}

    public static TestResult test(List<double[]> groups) {
        if (groups.size() < 2) throw new StatisticsException("stats.anova.twoGroups");
        int n = 0;
        double sum = 0;
        for (double[] g : groups) {
            if (g.length == 0) throw new StatisticsException("stats.anova.emptyGroup");
            n += g.length;
            for (double v : g) sum += v;
        }
        int k = groups.size();
        if (n <= k) throw new StatisticsException("stats.anova.tooFewValues", n, k);
        double grand = sum / n;
        double between = 0, within = 0;
        for (double[] g : groups) {
            double mean = 0;
            for (double v : g) mean += v;
            mean /= g.length;
            between += g.length * (mean - grand) * (mean - grand);
            for (double v : g) within += (v - mean) * (v - mean);
        }
        double d1 = k - 1, d2 = n - k;
        double f = (between / d1) / (within / d2);
        if (within == 0) return new TestResult(between == 0 ? Double.NaN : Double.POSITIVE_INFINITY, between == 0 ? Double.NaN : 0.0, "F");
        // F survival as a regularized incomplete beta: stays accurate for very small p
        double p = Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
        return new TestResult(f, p, "F");
    }
}
