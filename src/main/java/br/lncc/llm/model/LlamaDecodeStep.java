package br.lncc.llm.model;

import br.lncc.llm.model.kernel.CachedAttention;
import br.lncc.llm.model.kernel.DecodeMatrix;
import br.lncc.llm.model.kernel.MatVecKernels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Llama family's forward pass for one new token (batch 1) in plain Java over the fused kernels:
 * the equations of {@link Llama} (RMSNorm, fused q/k/v with optional biases, RoPE in the
 * rotate_half layout, grouped-query attention with optional sliding window, SwiGLU, lm_head) with
 * no native op per token. Matrices are read in place (FP32) or packed (INT8/INT4/NF4).
 */
final class LlamaDecodeStep {

    /** One decoder layer: norms as heap vectors, products as decode matrices, biases or null. */
    record Layer(float[] inputNorm, DecodeMatrix qkv, float[] qkvBias, DecodeMatrix o, float[] oBias, float[] postNorm,
            DecodeMatrix gateUp, float[] gateUpBias, DecodeMatrix down, float[] downBias, boolean useRope, int window) {}

    private final LlamaConfig config;
    private final ByteBuffer embed;
    private final Layer[] layers;
    private final float[] norm;
    private final DecodeMatrix head;
    private final double[] invFreq;

    LlamaDecodeStep(LlamaConfig config, ByteBuffer embed, Layer[] layers, float[] norm, DecodeMatrix head, double[] invFreq) {
        this.config = config;
        this.embed = embed.duplicate().order(ByteOrder.nativeOrder());
        this.layers = layers;
        this.norm = norm;
        this.head = head;
        this.invFreq = invFreq;
    }

    long bytesPerToken() {
        long c = config.hiddenSize();
        long n = head.bytes() + 4 * c + 4 * c;
        for (Layer l : layers) {
            n += l.qkv.bytes() + l.o.bytes() + l.gateUp.bytes() + l.down.bytes() + 8 * c;
            if (l.qkvBias != null) n += 4L * l.qkvBias.length;
            if (l.oBias != null) n += 4L * l.oBias.length;
            if (l.gateUpBias != null) n += 4L * l.gateUpBias.length;
            if (l.downBias != null) n += 4L * l.downBias.length;
        }
        return n;
    }

    /**
     * Logits (V) of token {@code id} at the cache's next position; the cache advances by one.
     * Without {@code logits} (a prompt token before the last) lm_head is skipped and null returned.
     */
    float[] forward(long id, KvCache cache, boolean logits) {
        int c = config.hiddenSize(), hq = config.numHeads(), hk = config.numKvHeads(), d = config.headDim();
        int inter = config.intermediateSize();
        int pos = cache.length();
        float[] x = new float[c];
        for (int i = 0; i < c; i++) x[i] = embed.getFloat(4 * ((int) id * c + i));
        float[] a = new float[c];
        float[] qkv = new float[(hq + 2 * hk) * d];
        float[] ctx = new float[hq * d];
        float[] out = new float[c];
        float[] gateUp = new float[2 * inter];
        float[] cos = new float[d / 2], sin = new float[d / 2];
        for (int i = 0; i < d / 2; i++) {
            double angle = pos * invFreq[i]; // Cap. 3.4.4: pair i turns by position · base^(-2i/d)
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
        float scale = (float) (1.0 / Math.sqrt(d));
        MatVecKernels k = MatVecKernels.best();
        for (int li = 0; li < layers.length; li++) {
            Layer l = layers[li];
            rmsNorm(x, l.inputNorm, a);
            l.qkv.multiply(a, qkv);
            addBias(qkv, l.qkvBias);
            if (l.useRope) {
                for (int h = 0; h < hq + hk; h++) rotate(qkv, h * d, d, cos, sin); // queries and keys
            }
            cache.appendHost(li, qkv, hq * d, qkv, (hq + hk) * d);
            CachedAttention.attend(qkv, hq, hk, d, cache.hostKeys(li), cache.hostValues(li), pos + 1, l.window, scale, ctx);
            l.o.multiply(ctx, out);
            addBias(out, l.oBias);
            for (int i = 0; i < c; i++) x[i] += out[i];
            rmsNorm(x, l.postNorm, a);
            l.gateUp.multiply(a, gateUp);
            addBias(gateUp, l.gateUpBias);
            k.swiglu(gateUp, gateUp, inter, inter); // silu(gate)·up into the gate half
            l.down.multiply(gateUp, out); // reads the first I values
            addBias(out, l.downBias);
            for (int i = 0; i < c; i++) x[i] += out[i];
        }
        cache.advance();
        rmsNorm(x, norm, a);
        if (!logits) return null;
        float[] scores = new float[config.vocabSize()];
        head.multiply(a, scores);
        return scores;
    }

    /** rotate_half: (x₁, x₂) → (x₁·cos − x₂·sin, x₂·cos + x₁·sin) with x₂ the second half of the head. */
    private static void rotate(float[] v, int at, int d, float[] cos, float[] sin) {
        int half = d / 2;
        for (int i = 0; i < half; i++) {
            float x1 = v[at + i], x2 = v[at + half + i];
            v[at + i] = x1 * cos[i] - x2 * sin[i];
            v[at + half + i] = x2 * cos[i] + x1 * sin[i];
        }
    }

    private static void addBias(float[] v, float[] bias) {
        if (bias == null) return;
        for (int i = 0; i < bias.length; i++) v[i] += bias[i];
    }

    /** x / √(mean(x²) + eps) · w, the mean in float64. */
    private void rmsNorm(float[] x, float[] w, float[] out) {
        double ss = 0;
        for (float v : x) ss += (double) v * v;
        float inv = (float) (1.0 / Math.sqrt(ss / x.length + config.rmsNormEps()));
        for (int i = 0; i < x.length; i++) out[i] = x[i] * inv * w[i];
    }
}
