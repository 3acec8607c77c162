package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Keys and values of every layer for the tokens already seen (Cap. 4.11): the prompt is processed
 * once (prefill), then each new token only computes its own q, k, v and attends to the cached
 * k, v — O(n) work per step instead of re-running the whole sequence.
 *
 * <p>Two layouts, because which is faster is a measured question: {@link Layout#PREALLOCATED}
 * allocates (B, H, S, head_dim) per layer ahead of need and writes each step in place (S doubles
 * from 64 up to the capacity when a step needs more: a 3B model's 8,192-position cache is 1.2 GB,
 * which a short chat, or a decode that never leaves the Java step, should not pay for);
 * {@link Layout#CONCAT} grows by concatenation (a copy of the whole cache per step, like
 * Hugging Face's DynamicCache). The arrays live in the cache's own manager, so they outlive the
 * per-step scopes and are freed by {@link #close()}.
 *
 * <p>The pure-Java decode step (one token, batch 1, see {@code model/kernel}) keeps its own copy
 * on the Java heap, [position][kv heads · head_dim] per layer, because reading the native arrays
 * costs a native op per layer and token. The two copies stay one cache: each side brings over the
 * positions the other wrote, lazily and only once, before it reads (a libtorch prefill, Java
 * decode steps, another libtorch call all see every position).
 */
public final class KvCache implements AutoCloseable {

    public enum Layout { PREALLOCATED, CONCAT }

    private final NDManager manager;
    private final Layout layout;
    private final int capacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int batch;
    private final int kvWidth;
    private final int headDim;
    private final int kvHeads;
    private int length;
    private int pending;
    /** Positions of each layer present in the native arrays and in the host copy. */
    private final int[] nativeLength;
    private final int[] hostLength;
    private final float[][] hostKeys;
    private final float[][] hostValues;

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
        this.batch = batch;
        this.kvWidth = kvHeads * headDim;
        this.headDim = headDim;
        this.kvHeads = kvHeads;
        this.nativeLength = new int[layers];
        this.hostLength = new int[layers];
        this.hostKeys = new float[layers][];
        this.hostValues = new float[layers][];
    }

    /** Makes a preallocated layer's native arrays hold at least {@code positions}, keeping what they hold. */
    private void ensureNativeRoom(int layer, int positions) {
        long have = keys[layer] == null ? 0 : keys[layer].getShape().get(2);
        if (have >= positions) return;
        int grown = (int) Math.min(capacity, Math.max(positions, Math.max(64, 2 * have)));
        Shape shape = new Shape(batch, kvHeads, grown, headDim);
        NDArray k = manager.zeros(shape, DataType.FLOAT32);
        NDArray v = manager.zeros(shape, DataType.FLOAT32);
        if (keys[layer] != null) {
            NDIndex kept = new NDIndex(":, :, :{}", have);
            k.set(kept, keys[layer]);
            v.set(kept, values[layer]);
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = k;
        values[layer] = v;
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
            throw new ModelException("model.cacheFull", new Object[] {String.valueOf(length), String.valueOf(t), String.valueOf(capacity)},
                    "KV cache full");
        }
        pending = t;
        int end = length + t;
        if (nativeLength[layer] < length) copyHostToNative(layer);
        nativeLength[layer] = end;
        if (layout == Layout.PREALLOCATED) {
            ensureNativeRoom(layer, end);
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

    /** Batch size the cache was made for (the Java decode step serves only 1). */
    public int batch() {
        return batch;
    }

    /**
     * Stores one new position of layer {@code layer} on the host, k and v each (kv heads · head_dim)
     * starting at kAt and vAt,
     * first bringing over any positions only the native arrays hold. Call {@link #advance()} once
     * all layers have appended. Read the result with {@link #hostKeys(int)} / {@link #hostValues(int)}.
     */
    public void appendHost(int layer, float[] k, int kAt, float[] v, int vAt) {
        if (batch != 1) throw new IllegalStateException("the host copy serves batch 1 only");
        if (length + 1 > capacity) {
            throw new ModelException("model.cacheFull", new Object[] {String.valueOf(length), "1", String.valueOf(capacity)}, "KV cache full");
        }
        if (hostLength[layer] < length) copyNativeToHost(layer);
        ensureHostRoom(layer, length + 1);
        System.arraycopy(k, kAt, hostKeys[layer], length * kvWidth, kvWidth);
        System.arraycopy(v, vAt, hostValues[layer], length * kvWidth, kvWidth);
        hostLength[layer] = length + 1;
        pending = 1;
    }

    /** Layer's keys on the host, [position][kv heads · head_dim] for positions 0 … length (after appendHost). */
    public float[] hostKeys(int layer) {
        return hostKeys[layer];
    }

    public float[] hostValues(int layer) {
        return hostValues[layer];
    }

    private void ensureHostRoom(int layer, int positions) {
        int have = hostKeys[layer] == null ? 0 : hostKeys[layer].length / kvWidth;
        if (have >= positions) return;
        // Grow by doubling up to the capacity: a short chat does not pay for the whole window.
        int grown = Math.min(capacity, Math.max(positions, Math.max(64, 2 * have)));
        hostKeys[layer] = hostKeys[layer] == null ? new float[grown * kvWidth] : Arrays.copyOf(hostKeys[layer], grown * kvWidth);
        hostValues[layer] = hostValues[layer] == null ? new float[grown * kvWidth] : Arrays.copyOf(hostValues[layer], grown * kvWidth);
    }

    /** Positions hostLength … length-1 of a layer, from (1, H, S, D) native arrays to [position][H·D]. */
    private void copyNativeToHost(int layer) {
        int from = hostLength[layer];
        int n = length - from;
        ensureHostRoom(layer, length);
        try (NDManager scope = manager.newSubManager()) {
            NDIndex slot = new NDIndex(":, :, {}:{}", from, length);
            float[] k = keys[layer].get(scope, slot).toFloatArray();
            float[] v = values[layer].get(scope, slot).toFloatArray();
            int heads = kvWidth / headDim;
            for (int h = 0; h < heads; h++) {
                for (int p = 0; p < n; p++) {
                    System.arraycopy(k, (h * n + p) * headDim, hostKeys[layer], (from + p) * kvWidth + h * headDim, headDim);
                    System.arraycopy(v, (h * n + p) * headDim, hostValues[layer], (from + p) * kvWidth + h * headDim, headDim);
                }
            }
        }
        hostLength[layer] = length;
    }

    /** Positions nativeLength … length-1 of a layer, from the host copy into the native arrays. */
    private void copyHostToNative(int layer) {
        int from = nativeLength[layer];
        int n = length - from;
        int heads = kvWidth / headDim;
        float[] k = new float[n * kvWidth];
        float[] v = new float[n * kvWidth];
        for (int h = 0; h < heads; h++) {
            for (int p = 0; p < n; p++) {
                System.arraycopy(hostKeys[layer], (from + p) * kvWidth + h * headDim, k, (h * n + p) * headDim, headDim);
                System.arraycopy(hostValues[layer], (from + p) * kvWidth + h * headDim, v, (h * n + p) * headDim, headDim);
            }
        }
        Shape shape = new Shape(1, heads, n, headDim);
        try (NDManager scope = manager.newSubManager()) {
            NDArray kk = scope.create(k, shape);
            NDArray vv = scope.create(v, shape);
            if (layout == Layout.PREALLOCATED) {
                ensureNativeRoom(layer, length);
                NDIndex slot = new NDIndex(":, :, {}:{}", from, length);
                keys[layer].set(slot, kk);
                values[layer].set(slot, vv);
            } else if (keys[layer] == null) {
                keys[layer] = kk.duplicate();
                values[layer] = vv.duplicate();
                keys[layer].attach(manager);
                values[layer].attach(manager);
            } else {
                NDArray ck = NDArrays.concat(new ai.djl.ndarray.NDList(keys[layer], kk), 2);
                NDArray cv = NDArrays.concat(new ai.djl.ndarray.NDList(values[layer], vv), 2);
                keys[layer].close();
                values[layer].close();
                keys[layer] = ck;
                values[layer] = cv;
                keys[layer].attach(manager);
                values[layer].attach(manager);
            }
        }
        nativeLength[layer] = length;
    }

    /** Commits the positions appended by the last forward pass. */
    public void advance() {
        length += pending;
        pending = 0;
    }

    /** Forgets everything (keeps the memory allocated so far) so the cache can serve a new prompt. */
    public void reset() {
        length = 0;
        pending = 0;
        Arrays.fill(nativeLength, 0);
        Arrays.fill(hostLength, 0);
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
            if (hostKeys[l] != null) n += 8L * hostKeys[l].length;
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
