package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for the tokens already seen (Cap. 4.11): the prompt is processed
 * once (prefill), then each new token only computes its own q, k, v and attends to the cached
 * k, v — O(n) work per step instead of re-running the whole sequence.
 *
 * <p>Two layouts, because which is faster is a measured question: {@link Layout#PREALLOCATED}
 * allocates (B, H, capacity, head_dim) per layer once and writes each step in place;
 * {@link Layout#CONCAT} grows by concatenation (a copy of the whole cache per step, like
 * Hugging Face's DynamicCache). The arrays live in the cache's own manager, so they outlive the
 * per-step scopes and are freed by {@link #close()}.
 */
public final class KvCache implements AutoCloseable {

    public enum Layout { PREALLOCATED, CONCAT }

    private final NDManager manager;
    private final Layout layout;
    private final int capacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;
    private int pending;

    /**
     * @param parent    manager the cache's own child manager hangs from (usually the model's)
     * @param layers    one (k, v) pair per transformer block
     * @param kvHeads   heads stored (n_head for GPT-2; fewer for grouped-query attention)
     * @param capacity  most positions the cache will hold (the model's context window)
     */
    public KvCache(NDManager parent, Layout layout, int layers, int batch, int kvHeads, int capacity, int headDim) {
        this.manager = parent.newSubManager();
        this.layout = layout;
        this.capacity = capacity;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        if (layout == Layout.PREALLOCATED) {
            Shape shape = new Shape(batch, kvHeads, capacity, headDim);
            for (int l = 0; l < layers; l++) {
                keys[l] = manager.zeros(shape, DataType.FLOAT32);
                values[l] = manager.zeros(shape, DataType.FLOAT32);
            }
        }
    }

    /** Positions already cached (the offset of the next token). */
    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    public Layout layout() {
        return layout;
    }

    /**
     * Stores layer {@code layer}'s new k, v (B, H, T, hd) after the cached positions and returns
     * the keys and values of all positions so far, (B, H, length + T, hd), as arrays of
     * {@code scope}. Call {@link #advance(int)} once all layers have appended.
     */
    public NDArray[] append(int layer, NDArray k, NDArray v, NDManager scope) {
        int t = (int) k.getShape().get(2);
        if (length + t > capacity) {
            throw new ModelException("o cache KV está cheio: " + length + " + " + t + " posições passam da capacidade "
                    + capacity + " (a janela de contexto do modelo)");
        }
        pending = t;
        int end = length + t;
        if (layout == Layout.PREALLOCATED) {
            NDIndex slot = new NDIndex(":, :, {}:{}", length, end);
            keys[layer].set(slot, k);
            values[layer].set(slot, v);
            NDIndex seen = new NDIndex(":, :, :{}", end);
            return new NDArray[] {keys[layer].get(scope, seen), values[layer].get(scope, seen)};
        }
        if (keys[layer] == null) {
            keys[layer] = k.duplicate();
            values[layer] = v.duplicate();
        } else {
            NDArray kk = NDArrays.concat(new ai.djl.ndarray.NDList(keys[layer], k), 2);
            NDArray vv = NDArrays.concat(new ai.djl.ndarray.NDList(values[layer], v), 2);
            keys[layer].close();
            values[layer].close();
            keys[layer] = kk;
            values[layer] = vv;
        }
        keys[layer].attach(manager);
        values[layer].attach(manager);
        return new NDArray[] {keys[layer].get(scope, new NDIndex(":")), values[layer].get(scope, new NDIndex(":"))};
    }

    /** Commits the positions appended by the last forward pass. */
    public void advance() {
        length += pending;
        pending = 0;
    }

    /** Forgets everything (keeps the preallocated memory) so the cache can serve a new prompt. */
    public void reset() {
        length = 0;
        pending = 0;
        if (layout == Layout.CONCAT) {
            for (int l = 0; l < keys.length; l++) {
                if (keys[l] != null) keys[l].close();
                if (values[l] != null) values[l].close();
                keys[l] = null;
                values[l] = null;
            }
        }
    }

    /** Bytes held (what the cache costs in memory, shown in Cap. 4.11). */
    public long bytes() {
        long n = 0;
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) n += keys[l].size() * 4L + values[l].size() * 4L;
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
