package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.FeedForward;
import br.lncc.llm.lesson.Matrices;

/**
 * Cap. 2.10.5 with numbers: the same FFN sub-block wired post-norm (BERT: LN(x + F(x))) and
 * pre-norm (modern LLMs: x + F(LN(x))). γ and β are shared so only the placement differs.
 *
 * @param ffn           F applied to the raw x (post-norm path)
 * @param postNorm      LayerNorm of x + F(x)
 * @param preNormInput  LayerNorm of x (pre-norm path)
 * @param preNormFfn    F applied to LN(x)
 * @param preNormOutput x + F(LN(x)): the residual stream itself is never normalised
 */
public record NormPlacement(
        FeedForward.Steps ffn, LayerNormSteps postNorm, LayerNormSteps preNormInput, FeedForward.Steps preNormFfn,
        double[][] preNormOutput) {

    /** BERT's LayerNorm ε. */
    public static final double BERT_EPS = 1e-12;

    public static NormPlacement compute(double[][] x, FeedForward ffn, double[] gamma, double[] beta, double eps) {
        FeedForward.Steps post = ffn.steps(x);
        LayerNormSteps postNorm = LayerNormSteps.compute(Matrices.add(x, post.output()), gamma, beta, eps);
        LayerNormSteps preInput = LayerNormSteps.compute(x, gamma, beta, eps);
        FeedForward.Steps pre = ffn.steps(preInput.output());
        return new NormPlacement(post, postNorm, preInput, pre, Matrices.add(x, pre.output()));
    }
}
