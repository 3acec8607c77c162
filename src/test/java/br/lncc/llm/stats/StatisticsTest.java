package br.lncc.llm.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected values come from src/test/python/stats_reference.py (textbook formulas, numpy, its
 * own incomplete beta) and, where marked, from published outputs (the seed notebook, SciPy docs).
 */
class StatisticsTest {

    private static void assertClose(double expected, double actual, double relTol) {
        assertEquals(expected, actual, Math.abs(expected) * relTol + 1e-300);
    }

    @Test
    void mcNemarReproducesTheSeedNotebook() {
        // seed 000 prints: b 47, c 88, statistic 11.851851851851851, p-value 0.0005760403386062825
        TestResult r = McNemar.chiSquared(47, 88);
        assertEquals(11.851851851851851, r.statistic(), 1e-15);
        assertClose(0.0005760403386062825, r.pvalue(), 1e-12);
    }

    @Test
    void mcNemarContinuityCorrectionIsNotClampedAsInStatsmodels() {
        // statsmodels mcnemar([[0,b],[c,0]], exact=False, correction=True); p = erfc(sqrt(chi2/2))
        assertEquals(0.1, McNemar.chiSquared(5, 5).statistic(), 1e-15);
        assertClose(0.7518296340458492, McNemar.chiSquared(5, 5).pvalue(), 1e-12);
        assertEquals(0.5, McNemar.chiSquared(1, 1).statistic(), 1e-15);
        assertClose(0.4795001221869535, McNemar.chiSquared(1, 1).pvalue(), 1e-12);
        assertEquals(0.0, McNemar.chiSquared(2, 3).statistic(), 0);
        assertEquals(1.0, McNemar.chiSquared(2, 3).pvalue(), 0);
    }

    @Test
    void exactMcNemarIsTwiceTheBinomialTail() {
        // script: 2·Σ_{i≤47} C(135,i)/2^135 = 0.0005273346057409776; 2·(1+9+36+84)/4096 = 0.14599609375
        assertClose(0.0005273346057409776, McNemar.exact(47, 88).pvalue(), 1e-12);
        assertEquals(47, McNemar.exact(47, 88).statistic());
        assertEquals(0.14599609375, McNemar.exact(3, 9).pvalue(), 1e-15);
        assertEquals(1.0, McNemar.exact(5, 5).pvalue(), 0);
        assertEquals(1.0, McNemar.chiSquared(0, 0).pvalue(), 0);
    }

    @Test
    void mannWhitneySmallSampleWithoutTiesIsExact() {
        // SciPy's mannwhitneyu docs: U1 = 17.0, exact p = 0.1111111111111111
        TestResult r = MannWhitney.test(new double[] {19, 22, 16, 29, 24}, new double[] {20, 11, 17, 12});
        assertEquals(17.0, r.statistic(), 0);
        assertEquals(0.1111111111111111, r.pvalue(), 1e-15);
        assertEquals("exact", r.method());
    }

    @Test
    void mannWhitneyWithTiesUsesNormalApproximationWithTieAndContinuityCorrection() {
        // script: U1 = 36.5, p = 0.20423266927433692 (asymptotic)
        double[] a = {1.1, 2.2, 2.2, 3.5, 4.0, 5.1, 6.3, 7.7, 8.0, 9.9, 10.5};
        double[] b = {2.2, 3.0, 4.4, 6.1, 6.3, 8.8, 9.0, 11.2, 12.4, 13.0};
        TestResult r = MannWhitney.test(a, b);
        assertEquals(36.5, r.statistic(), 1e-12);
        assertClose(0.20423266927433692, r.pvalue(), 1e-10);
        assertEquals("asymptotic", r.method());
    }

    @Test
    void exactTailMatchesBruteForceCounting() {
        // 3 vs 3: 20 arrangements, U ∈ {0..9}; P(U ≥ 9) = 1/20, P(U ≥ 0) = 1
        assertEquals(1 / 20.0, MannWhitney.exactUpperTail(3, 3, 9), 1e-15);
        assertEquals(1.0, MannWhitney.exactUpperTail(3, 3, 0), 1e-15);
    }

    @Test
    void anovaReproducesScipyMusselExample() {
        // SciPy's f_oneway docs (McDonald et al. mussel shells): F = 7.121019471642447,
        // p = 0.0002812242314534544; the script gives the same.
        var groups = List.of(
                new double[] {0.0571, 0.0813, 0.0831, 0.0976, 0.0817, 0.0859, 0.0735, 0.0659, 0.0923, 0.0836},
                new double[] {0.0873, 0.0662, 0.0672, 0.0819, 0.0749, 0.0649, 0.0835, 0.0725},
                new double[] {0.0974, 0.1352, 0.0817, 0.1016, 0.0968, 0.1064, 0.105},
                new double[] {0.1033, 0.0915, 0.0781, 0.0685, 0.0677, 0.0697, 0.0764, 0.0689},
                new double[] {0.0703, 0.1026, 0.0956, 0.0973, 0.1039, 0.1045});
        TestResult r = OneWayAnova.test(groups);
        assertClose(7.121019471642447, r.statistic(), 1e-12);
        assertClose(0.0002812242314534544, r.pvalue(), 1e-9);
    }

    @Test
    void pearsonAndSpearmanMatchScipyDocExamples() {
        // pearsonr([1..5],[10,9,2.5,6,4]) = -0.7426106572325057, p 0.15055580885344558
        TestResult p = Correlation.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {10, 9, 2.5, 6, 4});
        assertClose(-0.7426106572325057, p.statistic(), 1e-13);
        assertClose(0.15055580885344558, p.pvalue(), 1e-10);
        // spearmanr([1..5],[5,6,7,8,7]) = 0.8207826816681233, p 0.08858700531354381 (tie in y)
        TestResult s = Correlation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7});
        assertClose(0.8207826816681233, s.statistic(), 1e-13);
        assertClose(0.08858700531354381, s.pvalue(), 1e-10);
    }

    @Test
    void badInputGetsAPortugueseMessage() {
        var e = assertThrows(StatisticsException.class, () -> Correlation.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
        assertEquals("Correlação indefinida: uma das variáveis é constante", e.getMessage());
        assertThrows(StatisticsException.class, () -> MannWhitney.test(new double[0], new double[] {1}));
        assertThrows(StatisticsException.class, () -> OneWayAnova.test(List.of(new double[] {1, 2})));
        assertThrows(StatisticsException.class, () -> McNemar.chiSquared(-1, 3));
    }
}
