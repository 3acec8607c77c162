package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Matrices;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class PcaAndInspectorTest {

    @Test
    void gramRouteAgreesWithCovarianceRouteUpToSign() {
        var rnd = new Random(3);
        int n = 11, d = 40;
        var x = new double[n][d];
        for (double[] row : x) for (int j = 0; j < d; j++) row[j] = rnd.nextGaussian() * (j < 3 ? 5 : 1);
        PcaProjection p = Pca.project(x);

        // Reference: eigenvectors of the d×d covariance, scores = centred X · v
        var centred = Matrices.copy(x);
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (double[] r : x) m += r[j] / n;
            for (double[] r : centred) r[j] -= m;
        }
        double[][] cov = Matrices.scale(Matrices.multiply(Matrices.transpose(centred), centred), 1.0 / (n - 1));
        var eig = new EigenDecomposition(new Array2DRowRealMatrix(cov));
        double total = 0;
        for (double v : eig.getRealEigenvalues()) total += Math.max(v, 0);
        for (int c = 0; c < 2; c++) {
            double[] v = eig.getEigenvector(c).toArray();
            double sign = 0;
            for (int i = 0; i < n; i++) {
                double score = Matrices.dot(centred[i], v);
                if (sign == 0 && Math.abs(score) > 1e-6) sign = Math.signum(score * p.points()[i][c]);
                assertEquals(score, sign * p.points()[i][c], 1e-9);
            }
            assertEquals(eig.getRealEigenvalues()[c], p.explainedVariance()[c], 1e-9);
            assertEquals(eig.getRealEigenvalues()[c] / total, p.explainedVarianceRatio()[c], 1e-9);
        }
        assertTrue(p.explainedVarianceRatio()[0] >= p.explainedVarianceRatio()[1]);
    }

    @Test
    void signConventionMakesTheLargestLoadingPositive() {
        // Points along the x axis, the loudest feature: PC1 must point towards +x
        double[][] x = {{-3, 0.1, 0}, {1, -0.1, 0}, {2, 0, 0.2}};
        PcaProjection p = Pca.project(x);
        assertTrue(p.pc1(0) < 0 && p.pc1(2) > 0);
        double[][] mirrored = {{3, 0.1, 0}, {-1, -0.1, 0}, {-2, 0, 0.2}};
        assertTrue(Pca.project(mirrored).pc1(0) > 0);
        assertThrows(LessonInputException.class, () -> Pca.project(new double[][] {{1, 2}}));
    }

    @Test
    void topKRanksKeysAndBreaksTiesByPosition() {
        double[][] a = {{0.1, 0.4, 0.2, 0.3}, {0.25, 0.25, 0.25, 0.25}};
        List<String> tokens = List.of("[CLS]", "a", "b", "[SEP]");
        var hits = AttentionInspector.topK(a, tokens, 0, 3);
        assertEquals(List.of(1, 3, 2), hits.stream().map(AttentionInspector.Hit::position).toList());
        assertEquals("a", hits.get(0).token());
        assertEquals(List.of(0, 1), AttentionInspector.topK(a, tokens, 1, 2).stream()
                .map(AttentionInspector.Hit::position).toList());
        assertThrows(LessonInputException.class, () -> AttentionInspector.topK(a, tokens, 9, 1));
    }

    @Test
    void hidingSpecialTokensAndAveragingHeads() {
        double[][] a = {{0.1, 0.4, 0.2, 0.3}, {0.5, 0.1, 0.1, 0.3}, {0.2, 0.2, 0.2, 0.4}, {0.7, 0.1, 0.1, 0.1}};
        List<String> tokens = List.of("[CLS]", "a", "b", "[SEP]");
        var raw = AttentionInspector.without(a, tokens, AttentionInspector.SPECIAL_TOKENS, false);
        assertEquals(List.of("a", "b"), raw.tokens());
        assertArrayEquals(new double[] {0.1, 0.1}, raw.matrix()[0], 1e-12);
        var renorm = AttentionInspector.without(a, tokens, AttentionInspector.SPECIAL_TOKENS, true);
        assertArrayEquals(new double[] {0.5, 0.5}, renorm.matrix()[0], 1e-12);

        float[][][] heads = {{{1, 0}, {0, 1}}, {{0, 1}, {1, 0}}, {{0.5f, 0.5f}, {0.5f, 0.5f}}};
        double[][] avg = AttentionInspector.averageHeads(heads, new int[] {0, 1});
        assertArrayEquals(new double[] {0.5, 0.5}, avg[0], 1e-12);
        assertArrayEquals(new double[] {1, 1}, AttentionInspector.rowSums(avg), 1e-12);
    }

    @Test
    void arrowsFollowTheNotebookRule() {
        double[][] a = {{0.5, 0.3, 0.2}, {0.05, 0.9, 0.05}, {0.11, 0.13, 0.76}};
        var arrows = AttentionInspector.arrows(a, 2, 0.12);
        // Row 0: top-2 = self (skipped) and 1 (0.3). Row 1: self and 0/2 at 0.05 (< 0.12). Row 2: self, 1 at 0.13.
        assertEquals(List.of(new AttentionInspector.Arrow(0, 1, 0.3), new AttentionInspector.Arrow(2, 1, 0.13)), arrows);
    }
}
