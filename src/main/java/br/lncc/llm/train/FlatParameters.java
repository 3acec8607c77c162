package br.lncc.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of parameters held in one float32 buffer (N,), each parameter a view of its stretch, so
 * that the optimizer (AdamW, clipping) runs as a few native calls over one buffer instead of a few
 * per tensor — 53 tensors in the pre-training benchmark, each call a JNI crossing, a small kernel
 * and a gradient handle (what PyTorch's own "foreach"/fused optimizers and FSDP's flat parameters do).
 *
 * <p>Two kinds of views: {@link #views()}, made once, without gradients, which inference (samples,
 * evaluation, saving) reads; and {@link #splitForStep(NDManager)}, made inside each step's
 * {@code GradientCollector} by one split of the buffer, whose backward is one concatenation — so
 * the whole group's gradient arrives in the buffer's single gradient (N,), ready for AdamW.
 * Slicing the buffer per parameter instead would cost a zero (N,) buffer per parameter in backward.
 */
final class FlatParameters {
    private final NDArray buffer;
    private final List<String> names;
    private final List<Shape> shapes;
    /** Where each parameter after the first starts in the buffer (split points). */
    private final long[] starts;
    private final Map<String, NDArray> views;

    private FlatParameters(NDArray buffer, List<String> names, List<Shape> shapes, long[] starts, Map<String, NDArray> views) {
        this.buffer = buffer;
        this.names = names;
        this.shapes = shapes;
        this.starts = starts;
        this.views = views;
    }

    /**
     * Copies {@code parameters} (in their order) into one new buffer owned by {@code manager}; the
     * arrays given are left as they were (the caller closes them). The buffer requires a gradient.
     */
    static FlatParameters pack(Map<String, NDArray> parameters, NDManager manager) {
        List<String> names = List.copyOf(parameters.keySet());
        List<Shape> shapes = new ArrayList<>();
        long total = 0;
        for (NDArray p : parameters.values()) {
            shapes.add(p.getShape());
            total += p.size();
        }
        float[] values = new float[Math.toIntExact(total)];
        long[] starts = new long[Math.max(0, names.size() - 1)];
        int at = 0;
        int i = 0;
        for (NDArray p : parameters.values()) {
            if (i > 0) starts[i - 1] = at;
            float[] v = p.toFloatArray();
            System.arraycopy(v, 0, values, at, v.length);
            at += v.length;
            i++;
        }
        NDArray buffer = manager.create(values, new Shape(total));
        buffer.setName("flat-parameters");
        // The persistent views are made before the buffer requires a gradient: they stay plain
        // leaves without a graph, which inference can read at any time.
        Map<String, NDArray> views = new LinkedHashMap<>();
        NDList parts = split(buffer, starts);
        for (int k = 0; k < names.size(); k++) {
            NDArray view = parts.get(k).reshape(shapes.get(k));
            view.setName(names.get(k));
            views.put(names.get(k), view);
        }
        buffer.setRequiresGradient(true);
        return new FlatParameters(buffer, names, List.copyOf(shapes), starts, Collections.unmodifiableMap(views));
    }

    private static NDList split(NDArray flat, long[] starts) {
        return starts.length == 0 ? new NDList(flat) : flat.split(starts, 0);
    }

    /** The buffer (N,): what the optimizer updates in place. */
    NDArray buffer() {
        return buffer;
    }

    /** Parameter name → its view in the buffer (no gradient), in the packing order. */
    Map<String, NDArray> views() {
        return views;
    }

    List<String> names() {
        return names;
    }

    /**
     * Parameter name → a view made by one split of the buffer inside the current autograd scope,
     * owned by {@code scope}: a graph built on these sends its gradients into the buffer's.
     */
    Map<String, NDArray> splitForStep(NDManager scope) {
        NDList parts = split(buffer, starts);
        parts.attach(scope);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) out.put(names.get(k), shaped(parts.get(k), shapes.get(k)));
        return out;
    }

    /**
     * {@code flat} (N,) — e.g. an optimizer moment — cut the way the buffer is: one view per
     * parameter, in order, owned by {@code scope}.
     */
    List<NDArray> viewsOf(NDArray flat, NDManager scope) {
        NDList parts = split(flat, starts);
        parts.attach(scope);
        List<NDArray> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) out.add(shaped(parts.get(k), shapes.get(k)));
        return out;
    }

    /** A part of the split in its parameter's shape; 1-D parts (biases, LayerNorms) already have it (one native call less each). */
    private static NDArray shaped(NDArray part, Shape shape) {
        return shape.dimension() == 1 ? part : part.reshape(shape);
    }

    /**
     * Σ g² over the buffer's gradient, summed in float64 on this thread straight from libtorch's
     * memory: the clipping norm needs one number, and a float32 norm over the whole buffer (~800 k
     * values) was 1e-5 off (relative), enough to move the loss curve away from PyTorch's, which sums
     * tensor by tensor. Four running sums keep the additions independent.
     */
    double gradientSquares(NDManager scope) {
        NDArray g = buffer.getGradient();
        g.attach(scope);
        FloatBuffer f = floats(g);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = f.remaining(), j = 0;
        for (; j + 4 <= n; j += 4) {
            double a = f.get(j), b = f.get(j + 1), c = f.get(j + 2), d = f.get(j + 3);
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }
        for (; j < n; j++) s0 += (double) f.get(j) * f.get(j);
        return (s0 + s1) + (s2 + s3);
    }

    /** The float32 values of a contiguous CPU array as a buffer over its own memory (writes go to the array). */
    static FloatBuffer floats(NDArray a) {
        ByteBuffer b = a.toByteBuffer(true);
        if (!b.isDirect() || b.capacity() != 4 * a.size()) {
            throw new IllegalStateException("not a contiguous float32 CPU array: " + a.getShape() + " " + a.getDataType());
        }
        return b.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Number of floats in the buffer. */
    long size() {
        return buffer.size();
    }
}
