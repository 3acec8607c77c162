package br.lncc.llm.lesson.ch03;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Matrices;

import static br.lncc.llm.lesson.MatrixAssertions.assertMatrix;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class FeedForwardAndMoeTest {
    /** Torch prints 4 decimals: half a unit plus float32 noise. */
    private static final double PRINTED = 5e-5 + 1e-6;

    @Test
    void denseFfnReproducesTheRecordedN1_20Output() {
        double[][] y = NotebookN1Weights.recordedRun().dense().apply(Rope.toyX());
        assertMatrix(new double[][] {
            {-0.1103, -0.0910, 0.1237, 0.0754},
            {-0.2587, 0.3516, 0.1778, -0.1873},
            {-0.3794, 0.3270, 0.1828, -0.2718}}, y, PRINTED);
    }

    @Test
    void moeReproducesTheRecordedN1_21RoutingAndTheBookLoad() {
        MoeRouting r = MixtureOfExperts.of(NotebookN1Weights.recordedRun()).notebookRouting(Rope.toyX());
        assertMatrix(new double[][] {
            {-0.1432, -0.1279, 0.0061, -0.2159},
            {-0.0554, -0.1806, 0.0984, -0.2173},
            {-0.0511, 0.0100, -0.0435, 0.0121}}, r.output(), PRINTED);
        assertMatrix(new double[][] {
            {.1360, .3586, .2947, .2107}, {.1397, .3201, .2604, .2797}, {.2287, .2162, .1694, .3857}},
                r.gateProbabilities(), PRINTED);
        assertArrayEquals(new int[] {1, 1, 3}, r.expertPerToken());
        assertArrayEquals(new int[] {0, 2, 0, 1}, r.load());
        assertEquals(3, r.loadSum(), "Σ load = T");
        // Raw top-1 weight, not renormalised
        assertEquals(0.3586, r.weights()[0][0], PRINTED);
        // Cap. 3.8.6: (0 − ¼)² + (⅔ − ¼)² + (0 − ¼)² + (⅓ − ¼)²
        assertEquals(0.0625 + 25.0 / 144 + 0.0625 + 1.0 / 144, r.balanceLoss(), 1e-12);
        assertEquals(148, r.parametersPerExpert());
        assertEquals(592, r.totalParameters());
        assertEquals(148, r.activeParameters());
        assertEquals(20, r.gateParameters());
    }

    @Test
    void cpuOnlyRunRoutesAsThePureCpuNotebook() {
        MoeRouting r = MixtureOfExperts.of(NotebookN1Weights.cpuOnlyRun()).notebookRouting(Rope.toyX());
        assertArrayEquals(new int[] {2, 1, 1}, r.expertPerToken());
        assertArrayEquals(new int[] {0, 2, 1, 0}, r.load());
    }

    @Test
    void topTwoRoutingRenormalisesAndConservesLoad() {
        MixtureOfExperts moe = MixtureOfExperts.of(NotebookN1Weights.recordedRun());
        MoeRouting r = moe.route(Rope.toyX(), 2, true);
        assertEquals(6, r.loadSum(), "Σ load = k·T");
        for (double[] w : r.weights()) assertEquals(1, w[0] + w[1], 1e-12);
        assertEquals(296, r.activeParameters());
        // Token 0: experts 1 (0.3586) and 2 (0.2947)
        assertArrayEquals(new int[] {1, 2}, r.chosen()[0]);
        assertThrows(LessonInputException.class, () -> moe.route(Rope.toyX(), 5, true));
        assertThrows(LessonInputException.class, () -> moe.route(new double[][] {{1, 2}}, 1, false));
    }
}
