package br.lncc.llm.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Mid-ranks (ties get the mean of the ranks they span), 1-based, as scipy.stats.rankdata. */
final class Ranks {
    private Ranks() {}

    static double[] of(double[] values) {
        int n = values.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = mid;
            i = j + 1;
        }
        return ranks;
    }

    /** Σ (t³ − t) over groups of tied values; zero when all values differ. */
    static double tieTerm(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double term = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) j++;
            double t = j - i + 1;
            term += t * t * t - t;
            i = j + 1;
        }
        return term;
    }
}
