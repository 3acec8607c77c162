package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.Matrices;

import java.util.List;

/**
 * Every intermediate number of one self-attention pass with W_Q = W_K = W_V = I (Cap. 2.8).
 *
 * @param tokens       the input tokens, in order
 * @param ids          their indices in the vocabulary
 * @param embeddings   the table E (|V|, d)
 * @param x            X = rows of E for the tokens (n, d); Q = K = V = X
 * @param scoreTerms   for each (i, j) the products q_i[k]·k_j[k], to show "linha × coluna"
 * @param scores       QKᵀ (n, n)
 * @param sqrtDk       √d_k
 * @param scaled       S = QKᵀ/√d_k
 * @param exponentials e^{S_ij} (the book shows them before dividing by the row sum)
 * @param rowSums      Σ_j e^{S_ij}
 * @param weights      A = softmax(S) row by row
 * @param output       Z = AV
 * @param outputTerms  for each (i, c) the products A_ij·V_jc summed into Z_ic
 */
public record SelfAttentionSteps(
        List<String> tokens,
        int[] ids,
        double[][] embeddings,
        double[][] x,
        double[][][] scoreTerms,
        double[][] scores,
        double sqrtDk,
        double[][] scaled,
        double[][] exponentials,
        double[] rowSums,
        double[][] weights,
        double[][] output,
        double[][][] outputTerms) {

    public double[][] q() {
        return x;
    }

    public double[][] k() {
        return x;
    }

    public double[][] v() {
        return x;
    }

    public double[][] kTransposed() {
        return Matrices.transpose(x);
    }
}
