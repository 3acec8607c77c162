package br.lncc.llm.model;

import br.lncc.llm.model.kernel.CachedAttention;
import br.lncc.llm.model.kernel.DecodeMatrix;
import br.lncc.llm.model.kernel.MatVecKernels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * GPT-2's forward pass for one new token (batch 1) in plain Java over the fused kernels: the same
 * equations as {@link Gpt2#forward} (Cap. 4.5–4.7), but no native op at all per token — each of
 * libtorch's ~15 ops per layer costs 15–30 µs of JNI, which at batch 1 is a large share of a
 * token's time. The matrices are read in place (FP32) or packed (INT8/INT4/NF4); small vectors
 * (norms, biases) are copied to the heap once.
 */
final class Gpt2DecodeStep {

    /** One block: W·x products and their biases; LayerNorm weights. */
    record Block(float[] ln1W, float[] ln1B, DecodeMatrix qkv, float[] qkvB, DecodeMatrix proj, float[] projB,
            float[] ln2W, float[] ln2B, DecodeMatrix fc, float[] fcB, DecodeMatrix out, float[] outB) {}

    private final Gpt2.Config config;
    private final ByteBuffer wte;
    private final ByteBuffer wpe;
    private final Block[] blocks;
    private final float[] lnFW;
    private final float[] lnFB;
    private final DecodeMatrix head;

    Gpt2DecodeStep(Gpt2.Config config, ByteBuffer wte, ByteBuffer wpe, Block[] blocks, float[] lnFW, float[] lnFB,
            DecodeMatrix head) {
        this.config = config;
        this.wte = wte.duplicate().order(ByteOrder.nativeOrder());
        this.wpe = wpe.duplicate().order(ByteOrder.nativeOrder());
        this.blocks = blocks;
        this.lnFW = lnFW;
        this.lnFB = lnFB;
        this.head = head;
    }

    /** Bytes one token reads: every matrix, lm_head, the two embedding rows and the small vectors. */
    long bytesPerToken() {
        long c = config.nEmbd();
        long n = head.bytes() + 2 * 4 * c + 2 * 4 * c;
        for (Block b : blocks) {
            n += b.qkv.bytes() + b.proj.bytes() + b.fc.bytes() + b.out.bytes();
            n += 4L * (b.qkvB.length + b.projB.length + b.fcB.length + b.outB.length + 4 * c);
        }
        return n;
    }

    /**
     * Logits (V) of token {@code id} at the cache's next position; the cache advances by one.
     * Without {@code logits} (a prompt token before the last) lm_head is skipped and null returned.
     */
    float[] forward(long id, KvCache cache, boolean logits) {
        int c = config.nEmbd(), h = config.nHead(), d = config.headDim();
        int pos = cache.length();
        float[] x = new float[c];
        for (int i = 0; i < c; i++) x[i] = wte.getFloat(4 * ((int) id * c + i)) + wpe.getFloat(4 * (pos * c + i)); // Cap. 4.5
        float[] a = new float[c];
        float[] qkv = new float[3 * c];
        float[] y = new float[c];
        float[] proj = new float[c];
        float[] hidden = new float[config.nInner()];
        float scale = (float) (1.0 / Math.sqrt(d));
        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            layerNorm(x, b.ln1W, b.ln1B, a);
            b.qkv.multiply(a, qkv);
            addBias(qkv, b.qkvB);
            cache.appendHost(l, qkv, c, qkv, 2 * c); // (q | k | v): heads are consecutive d-slices
            CachedAttention.attend(qkv, h, h, d, cache.hostKeys(l), cache.hostValues(l), pos + 1, 0, scale, y);
            b.proj.multiply(y, proj);
            for (int i = 0; i < c; i++) x[i] += proj[i] + b.projB[i];
            layerNorm(x, b.ln2W, b.ln2B, a);
            b.fc.multiply(a, hidden);
            addBias(hidden, b.fcB);
            MatVecKernels.best().geluNew(hidden, hidden.length);
            b.out.multiply(hidden, proj);
            for (int i = 0; i < c; i++) x[i] += proj[i] + b.outB[i];
        }
        cache.advance();
        layerNorm(x, lnFW, lnFB, a);
        if (!logits) return null;
        float[] out = new float[config.vocabSize()];
        head.multiply(a, out); // tied lm_head: x · wteᵀ
        return out;
    }

    private static void addBias(float[] v, float[] bias) {
        for (int i = 0; i < v.length; i++) v[i] += bias[i];
    }

    /** (x − mean)/√(var + eps)·w + b, statistics in float64. */
    private void layerNorm(float[] x, float[] w, float[] b, float[] out) {
        double mean = 0;
        for (float v : x) mean += v;
        mean /= x.length;
        double var = 0;
        for (float v : x) var += (v - mean) * (v - mean);
        var /= x.length;
        float inv = (float) (1.0 / Math.sqrt(var + config.layerNormEps()));
        float m = (float) mean;
        for (int i = 0; i < x.length; i++) out[i] = (x[i] - m) * inv * w[i] + b[i];
    }
}
