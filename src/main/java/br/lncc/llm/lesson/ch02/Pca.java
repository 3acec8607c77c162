package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Matrices;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * PCA to two components through the n×n Gram matrix: with n tokens ≪ d = 768 features,
 * centred X (n, d) has XXᵀ = U Λ Uᵀ, and the coordinates on component k are u_k·√λ_k, the same
 * as sklearn's X·V_k without ever building the d×d covariance.
 *
 * <p>Sign convention: an eigenvector's sign is arbitrary. We follow sklearn ≥ 1.5 (the notebook's
 * Colab): each component's loading vector v_k = Xᵀu_k/√λ_k is flipped so that its entry of
 * largest magnitude is positive. This puts [CLS] on the negative PC1 side as in the recorded
 * figure; any other convention would mirror the plot without changing distances.
 */
public final class Pca {
    private Pca() {}

    public static PcaProjection project(float[][] rows) {
        var d = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            d[i] = new double[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) d[i][j] = rows[i][j];
        }
        return project(d);
    }

    public static PcaProjection project(double[][] rows) {
        if (rows.length < 2 || !Matrices.isRectangular(rows)) {
            throw new LessonInputException("lesson.pca.rows", new Object[] {}, "rows " + rows.length);
        }
        int n = rows.length, d = rows[0].length;
        var centred = Matrices.copy(rows);
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] r : rows) mean += r[j] / n;
            for (double[] r : centred) r[j] -= mean;
        }
        double[][] gram = Matrices.multiply(centred, Matrices.transpose(centred));
        var eigen = new EigenDecomposition(new Array2DRowRealMatrix(gram, false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[i]));
        double total = 0;
        for (double v : values) total += Math.max(v, 0);
        var points = new double[n][2];
        var variance = new double[2];
        var ratio = new double[2];
        for (int c = 0; c < 2 && c < n; c++) {
            double lambda = Math.max(values[order[c]], 0);
            variance[c] = lambda / (n - 1);
            ratio[c] = total > 0 ? lambda / total : 0;
            if (lambda <= 1e-18 * Math.max(total, 1)) continue; // a flat direction: leave 0
            RealVector u = eigen.getEigenvector(order[c]);
            double sign = loadingSign(centred, u);
            double root = Math.sqrt(lambda);
            for (int i = 0; i < n; i++) points[i][c] = sign * u.getEntry(i) * root;
        }
        return new PcaProjection(points, variance, ratio, d);
    }

    /** +1 or −1 so that the loading vector Xᵀu has its largest-magnitude entry positive. */
    private static double loadingSign(double[][] centred, RealVector u) {
        double best = 0;
        for (int j = 0; j < centred[0].length; j++) {
            double loading = 0;
            for (int i = 0; i < centred.length; i++) loading += centred[i][j] * u.getEntry(i);
            if (Math.abs(loading) > Math.abs(best)) best = loading;
        }
        return best < 0 ? -1 : 1;
    }
}
