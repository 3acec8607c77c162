package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Matrices;

/**
 * LayerNorm of Cap. 2.10 token by token: statistics over the d features of each row only.
 *
 * @param input      z (n, d)
 * @param mean       μ_i per token
 * @param variance   σ²_i per token (population variance, 1/d)
 * @param eps        ε inside the square root
 * @param normalised ẑ = (z − μ) / √(σ² + ε)
 * @param gamma      γ (d)
 * @param beta       β (d)
 * @param output     γ ⊙ ẑ + β
 */
public record LayerNormSteps(
        double[][] input, double[] mean, double[] variance, double eps, double[][] normalised,
        double[] gamma, double[] beta, double[][] output) {

    public static LayerNormSteps compute(double[][] z, double[] gamma, double[] beta, double eps) {
        int d = z[0].length;
        if (gamma.length != d || beta.length != d) {
            throw new LessonInputException("γ e β precisam ter d = " + d + " valores cada.",
                    "gamma " + gamma.length + ", beta " + beta.length);
        }
        int n = z.length;
        var mean = new double[n];
        var variance = new double[n];
        var normalised = new double[n][d];
        var output = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (double v : z[i]) mean[i] += v / d;
            for (double v : z[i]) variance[i] += (v - mean[i]) * (v - mean[i]) / d;
            double denominator = Math.sqrt(variance[i] + eps);
            for (int k = 0; k < d; k++) {
                normalised[i][k] = (z[i][k] - mean[i]) / denominator;
                output[i][k] = gamma[k] * normalised[i][k] + beta[k];
            }
        }
        return new LayerNormSteps(Matrices.copy(z), mean, variance, eps, normalised, gamma.clone(), beta.clone(), output);
    }

    /** γ = 1, β = 0: how nn.LayerNorm starts. */
    public static LayerNormSteps standard(double[][] z, double eps) {
        int d = z[0].length;
        var ones = new double[d];
        java.util.Arrays.fill(ones, 1);
        return compute(z, ones, new double[d], eps);
    }
}
