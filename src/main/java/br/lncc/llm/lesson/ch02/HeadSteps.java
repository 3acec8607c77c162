package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.Matrices;
import br.lncc.llm.model.Softmax;

/**
 * One attention head of Cap. 2.7.3: its projections, scores and output.
 *
 * @param wq      W_Q^(h) (d, d_k); likewise wk, wv
 * @param scores  Q^(h) K^(h)ᵀ (n, n)
 * @param scaled  scores / √d_k
 * @param weights softmax of scaled, row by row
 * @param output  Z^(h) = weights · V^(h) (n, d_k)
 */
public record HeadSteps(
        double[][] wq,
        double[][] wk,
        double[][] wv,
        double[][] q,
        double[][] k,
        double[][] v,
        double[][] scores,
        double[][] scaled,
        double[][] weights,
        double[][] output) {

    /** One head: Z = softmax(Q Kᵀ / √d_k) V with Q = X W_Q etc. */
    public static HeadSteps compute(double[][] x, double[][] wq, double[][] wk, double[][] wv) {
        double[][] q = Matrices.multiply(x, wq);
        double[][] k = Matrices.multiply(x, wk);
        double[][] v = Matrices.multiply(x, wv);
        double[][] scores = Matrices.multiply(q, Matrices.transpose(k));
        double[][] scaled = Matrices.scale(scores, 1 / Math.sqrt(wk[0].length));
        double[][] weights = Softmax.rows(scaled);
        return new HeadSteps(wq, wk, wv, q, k, v, scores, scaled, weights, Matrices.multiply(weights, v));
    }
}
