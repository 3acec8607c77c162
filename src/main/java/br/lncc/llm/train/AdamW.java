package br.lncc.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay, as Hugging Face's Trainer uses by default (β₁ = 0.9,
 * β₂ = 0.999, ε = 1e-8): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·m̂/(√v̂ + ε).
 * Its two moment tensors per parameter are why full SFT needs about 3× the model's memory.
 */
final class AdamW implements AutoCloseable {
    static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    private final List<NDArray> params;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final NDManager state;
    private final double weightDecay;
    private final double beta2;
    /** Update in one pass in Java over the arrays' memory (see {@link #stepInOnePass}) instead of libtorch's kernel. */
    private final boolean onePass;
    private int t;

    AdamW(List<NDArray> params, NDManager parent, double weightDecay) {
        this(params, parent, weightDecay, BETA2);
    }

    /** @param beta2 0.99 for small models trained briefly (nanoGPT's choice), 0.999 otherwise */
    AdamW(List<NDArray> params, NDManager parent, double weightDecay, double beta2) {
        this(params, parent, weightDecay, beta2, false);
    }

    /**
     * @param onePass update each (contiguous float32, CPU) parameter in one pass in Java over its
     *     memory, PyTorch's formula step by step; meant for one large flat buffer (FlatParameters)
     */
    AdamW(List<NDArray> params, NDManager parent, double weightDecay, double beta2, boolean onePass) {
        this.params = List.copyOf(params);
        this.state = parent.newSubManager();
        this.weightDecay = weightDecay;
        this.beta2 = beta2;
        this.onePass = onePass;
        for (NDArray p : params) {
            m.add(state.zeros(p.getShape()));
            v.add(state.zeros(p.getShape()));
        }
    }

    /** Bytes of the two moment estimates. */
    long stateBytes() {
        long n = 0;
        for (NDArray p : params) n += 2 * 4 * p.size();
        return n;
    }

    /** One update with the gradients accumulated in the parameters, which are then zeroed. */
    void step(double lr, NDManager scope) {
        step(lr, 1, scope);
    }

    /**
     * One update with the gradients accumulated in the parameters times {@code gradScale} (the
     * factor of global-norm clipping, 1 for none), after which the gradients are zeroed (in the same call).
     *
     * <p>Each parameter's whole update is one native call (DJL's fused Adam kernel): the textbook
     * formula written as NDArray ops cost ~25 JNI crossings and ~10 scalar arrays per parameter,
     * ~1,400 crossings per step for the 53 tensors of the pre-training benchmark — a third of the
     * step's CPU time beyond PyTorch's. The kernel computes m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
     * θ ← θ − lr·λ·θ (AdamW only), θ ← θ − α·m / (√v + ε′); with α = lr·√bc₂/bc₁ and ε′ = ε·√bc₂
     * that is exactly PyTorch's θ − (lr/bc₁)·m / (√v/√bc₂ + ε).
     */
    void step(double lr, double gradScale, NDManager scope) {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double root2 = Math.sqrt(1 - Math.pow(beta2, t));
        float alpha = (float) (lr * root2 / bc1);
        float eps = (float) (EPS * root2);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            if (!p.hasGradient()) continue;
            // The gradient handle is a new array: it belongs to the step's scope, not to the weights' manager.
            NDArray g = p.getGradient();
            g.attach(scope);
            if (onePass) {
                stepInOnePass(p, g, m.get(i), v.get(i), lr, gradScale, bc1, root2);
                continue;
            }
            // (weight, gradient, m, v) updated in place, no clamping (−1), decoupled decay; then p's gradient is zeroed.
            p.getNDArrayInternal().adamUpdate(new NDList(p, g, m.get(i), v.get(i)), new NDList(p), (float) lr, alpha,
                    (float) weightDecay, (float) gradScale, -1f, (float) BETA1, (float) beta2, eps, false, true);
        }
    }

    /**
     * PyTorch's AdamW for one tensor, in its order of operations and float32 rounding, in a single
     * pass that reads θ, g, m, v once and writes θ, m, v and a zeroed g: g ← g·c (clipping),
     * θ ← θ·(1 − lr·λ), m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − (lr/bc₁)·m/(√v/√bc₂ + ε).
     * Why not libtorch's kernel on a flat buffer: its ~11 kernels each start a parallel region, and
     * on a shared machine each region waits for a descheduled OpenMP thread — the optimizer phase took
     * 3–20 ms per step in alternating runs on the loaded box against 6.5–8.6 ms tensor by tensor, whose
     * small kernels stay on the calling thread. One pass on this thread does not wait for anyone.
     * The arrays are libtorch's own memory, seen through direct buffers (no copy).
     */
    private void stepInOnePass(NDArray p, NDArray g, NDArray mean, NDArray var, double lr, double gradScale, double bc1,
            double root2) {
        FloatBuffer theta = FlatParameters.floats(p), grad = FlatParameters.floats(g), m1 = FlatParameters.floats(mean),
                m2 = FlatParameters.floats(var);
        int n = theta.remaining();
        float clip = (float) gradScale, decay = (float) (1 - lr * weightDecay);
        float b1 = (float) BETA1, b2 = (float) beta2, c1 = (float) (1 - BETA1), c2 = (float) (1 - beta2);
        float stepSize = (float) (lr / bc1), root = (float) root2, eps = (float) EPS;
        for (int j = 0; j < n; j++) {
            float gj = grad.get(j) * clip;
            float th = theta.get(j) * decay;
            float mj = m1.get(j) * b1 + c1 * gj;
            float vj = m2.get(j) * b2 + c2 * gj * gj;
            m1.put(j, mj);
            m2.put(j, vj);
            theta.put(j, th - stepSize * (mj / ((float) Math.sqrt(vj) / root + eps)));
            grad.put(j, 0f);
        }
    }

    /** Updates done so far (the bias corrections depend on it). */
    int updates() {
        return t;
    }

    /** First and second moments of parameter {@code i} (a resumable checkpoint saves them). */
    NDArray firstMoment(int i) {
        return m.get(i);
    }

    NDArray secondMoment(int i) {
        return v.get(i);
    }

    /** Continues a saved run: moments and update count as they were. */
    void restore(int updates, List<float[]> first, List<float[]> second) {
        t = updates;
        for (int i = 0; i < params.size(); i++) {
            m.get(i).set(first.get(i));
            v.get(i).set(second.get(i));
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
