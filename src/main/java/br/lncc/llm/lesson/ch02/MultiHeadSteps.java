package br.lncc.llm.lesson.ch02;

import java.util.List;

/**
 * Multi-head attention followed by the residual sum (Cap. 2.7).
 *
 * @param x        input (n, d)
 * @param heads    one entry per head
 * @param concat   Concat(Z^(1) … Z^(H)) (n, H·d_k)
 * @param wo       W_O (H·d_k, d)
 * @param output   Z = concat · W_O, the attention increment
 * @param residual X + Z: the layer adds a correction instead of rewriting the token
 */
public record MultiHeadSteps(
        double[][] x, List<HeadSteps> heads, double[][] concat, double[][] wo, double[][] output,
        double[][] residual) {}
