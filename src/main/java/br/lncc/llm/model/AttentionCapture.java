package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects the attention probabilities a forward pass computes, one entry per layer, for the
 * first sequence of the batch: {@code [head][query][key]} (rows sum to 1). Passing one to a
 * forward pass costs a copy per layer; passing null costs nothing.
 */
public final class AttentionCapture {
    private final List<float[][][]> layers = new ArrayList<>();

    /** Called by the model with probs of shape (B, H, Tq, Tk). */
    public void record(int layer, NDArray probs) {
        long[] s = probs.getShape().getShape();
        int h = (int) s[1], tq = (int) s[2], tk = (int) s[3];
        float[] flat = probs.get(0).toFloatArray();
        float[][][] out = new float[h][tq][tk];
        for (int i = 0; i < h; i++) {
            for (int q = 0; q < tq; q++) System.arraycopy(flat, (i * tq + q) * tk, out[i][q], 0, tk);
        }
        while (layers.size() <= layer) layers.add(null);
        layers.set(layer, out);
    }

    /** Per layer {@code [head][query][key]}. */
    public List<float[][][]> layers() {
        return Collections.unmodifiableList(layers);
    }

    public float[][] map(int layer, int head) {
        return layers.get(layer)[head];
    }
}
