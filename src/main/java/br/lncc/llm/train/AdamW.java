package br.lncc.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
    private int t;

    AdamW(List<NDArray> params, NDManager parent, double weightDecay) {
        this(params, parent, weightDecay, BETA2);
    }

    /** @param beta2 0.99 for small models trained briefly (nanoGPT's choice), 0.999 otherwise */
    AdamW(List<NDArray> params, NDManager parent, double weightDecay, double beta2) {
        this.params = List.copyOf(params);
        this.state = parent.newSubManager();
        this.weightDecay = weightDecay;
        this.beta2 = beta2;
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

    /**
     * One update with the gradients accumulated in the parameters, which are then zeroed.
     *
     * <p>Every operation is in place except one square root, and that temporary is freed before
     * the next tensor: for SFT on GPT-2 small the textbook formula allocated six temporaries of
     * each parameter's size (≈ 3 GB per step, all alive until the step's scope closed), which
     * made the optimizer slower than the forward and backward passes together.
     */
    void step(double lr, NDManager scope) {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            if (!p.hasGradient()) continue;
            // Every array derived here must belong to the step's scope, not to the long-lived
            // managers of the weights and moments: attach or temp-attach before computing.
            NDArray g = p.getGradient();
            g.attach(scope);
            NDArray mi = m.get(i), vi = v.get(i);
            mi.tempAttach(scope);
            vi.tempAttach(scope);
            // g becomes (1−β₁)g, so its square is (1−β₁)²g²: rescale to the (1−β₂)g² Adam adds.
            mi.muli(BETA1).addi(g.muli(1 - BETA1));
            vi.muli(beta2).addi(g.powi(2).muli((1 - beta2) / ((1 - BETA1) * (1 - BETA1))));
            NDArray data = p.stopGradient();
            data.attach(scope);
            if (weightDecay > 0) data.muli(1 - lr * weightDecay);
            // update = (lr/bc1)·m / (√(v/bc2) + ε), built in the one temporary.
            try (NDArray update = vi.sqrt()) {
                update.divi(Math.sqrt(bc2)).addi(EPS).powi(-1).muli(mi).muli(lr / bc1);
                data.subi(update);
            }
            g.muli(0);
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
