package br.lncc.llm.model.kernel;

/**
 * Attention of one new token over the cached keys and values (Cap. 4.11), on the host:
 * out_h = Σ_p softmax_p(q_h·k_p / √d)·v_p for every query head h, the cache read as
 * [position][kv heads · d]. Grouped-query attention: query head h reads kv head h / (H / K).
 * A sliding window (window &gt; 0) keeps only the last {@code window} positions, the query's own
 * included (Hugging Face's {@code kv_idx > q_idx - sliding_window}).
 */
public final class CachedAttention {
    private CachedAttention() {}

    /**
     * @param q         (H · d) the new token's queries
     * @param positions cached positions including the new one
     * @param out       (H · d) written
     */
    public static void attend(float[] q, int heads, int kvHeads, int headDim, float[] keys, float[] values, int positions,
            int window, float scale, float[] out) {
        MatVecKernels k = MatVecKernels.best();
        int first = window > 0 ? Math.max(0, positions - window) : 0;
        int group = heads / kvHeads;
        int kvWidth = kvHeads * headDim;
        RowParallel.shared().forRanges(heads, 1, (from, to) -> {
            float[] scores = new float[positions - first];
            for (int h = from; h < to; h++) {
                int kvAt = (h / group) * headDim;
                float max = Float.NEGATIVE_INFINITY;
                for (int p = first; p < positions; p++) {
                    float s = k.dot(q, h * headDim, keys, p * kvWidth + kvAt, headDim) * scale;
                    scores[p - first] = s;
                    if (s > max) max = s;
                }
                float sum = 0;
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = (float) Math.exp(scores[i] - max);
                    sum += scores[i];
                }
                float inv = 1f / sum;
                java.util.Arrays.fill(out, h * headDim, (h + 1) * headDim, 0f);
                for (int p = first; p < positions; p++) {
                    k.axpy(scores[p - first] * inv, values, p * kvWidth + kvAt, out, h * headDim, headDim);
                }
            }
        });
    }
}
