package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * Root-mean-square normalisation (Llama, Qwen2, SmolLM): x / sqrt(mean(x²) + eps) · weight.
 * No mean subtraction and no bias, unlike LayerNorm. Computed in float32 as Hugging Face does.
 */
public final class RmsNorm {
    private final NDArray weight;
    private final float eps;

    public RmsNorm(NDArray weight, double eps) {
        this.weight = weight;
        this.eps = (float) eps;
    }

    /** x (…, C) → same shape; the result lives in x's manager. */
    public NDArray forward(NDArray x) {
        NDArray rms = x.square().mean(new int[] {-1}, true).add(eps).sqrt();
        return x.div(rms).mul(weight);
    }

    public NDArray weight() {
        return weight;
    }

    public double eps() {
        return eps;
    }
}
