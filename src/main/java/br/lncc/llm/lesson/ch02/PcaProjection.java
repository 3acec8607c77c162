package br.lncc.llm.lesson.ch02;

/**
 * A 2-D PCA of n row vectors (Cap. 2.4.7).
 *
 * @param points                 (n, 2) coordinates on PC1, PC2
 * @param explainedVariance      variance along PC1, PC2 (divided by n − 1, as sklearn)
 * @param explainedVarianceRatio share of the total variance each PC keeps
 * @param dimension              d of the input vectors
 */
public record PcaProjection(double[][] points, double[] explainedVariance, double[] explainedVarianceRatio, int dimension) {

    public double pc1(int i) {
        return points[i][0];
    }

    public double pc2(int i) {
        return points[i][1];
    }
}
