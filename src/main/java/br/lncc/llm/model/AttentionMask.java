package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention masks (0 where a query may look, -∞ where it may not) for T new queries at
 * absolute positions past … past+T-1 over S keys at positions 0 … S-1.
 */
public final class AttentionMask {
    private AttentionMask() {}

    /**
     * Causal mask, optionally limited to a sliding window: query p sees key j iff j ≤ p and
     * p - j &lt; window (the window counts the query itself, as Hugging Face's
     * {@code kv_idx > q_idx - sliding_window}). Returns null when nothing is masked (a single new
     * token whose whole past fits the window), saving an op per layer while decoding.
     *
     * @param window 0 = unlimited
     */
    public static NDArray causal(NDManager manager, long past, int t, long s, int window) {
        if (t == 1 && (window == 0 || s <= window)) return null;
        float[] mask = new float[(int) (t * s)];
        for (int i = 0; i < t; i++) {
            long p = past + i;
            for (int j = 0; j < s; j++) {
                boolean visible = j <= p && (window == 0 || j > p - window);
                mask[(int) (i * s + j)] = visible ? 0f : Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(mask, new Shape(t, s));
    }
}
