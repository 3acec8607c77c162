package br.lncc.llm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.task.ProgressSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Diagonal Fisher information of the linears of a model whose forward pass multiplies stacked
 * float32 matrices (the Llama family — Llama, Qwen2, SmolLM — through {@link CausalLm#stackedLinears()}),
 * the seed 004 sensitivity score of Cap. 6.6, as {@link Gpt2Fisher} does for GPT-2: for each
 * calibration text n, the gradient gₙ of the mean next-token cross-entropy; a linear W scores
 * F = (1/N) Σₙ mean(gₙ²) over its own rows of the fused matrix (q_proj, k_proj and v_proj apart, so
 * the page shows V against Q/K).
 *
 * <p>Memory: libtorch keeps each matrix's gradient allocated after the last backward (DJL cannot
 * drop a leaf's .grad), so the model then holds its linears once more, zeroed, until it is closed.
 */
public final class CausalLmFisher {
    private CausalLmFisher() {}

    /**
     * @param scores per linear weight name of {@link CausalLm#parameters()} ("layers.0.self_attn.v_proj.weight"),
     *     mean squared gradient
     * @param texts how many texts had 2 tokens or more
     */
    public record Result(Map<String, Double> scores, int texts) {}

    /** Whether {@link #of} can score this model. */
    public static boolean supports(CausalLm model) {
        return !model.stackedLinears().isEmpty();
    }

    /** One backward pass per text (each cut to the model's context), weights unchanged. */
    public static Result of(CausalLm model, List<long[]> texts, ProgressSink progress) {
        List<CausalLm.StackedLinears> stacks = model.stackedLinears();
        if (stacks.isEmpty()) throw new IllegalArgumentException(model.name() + " gives no float32 matrices to differentiate");
        Map<String, Double> sums = new LinkedHashMap<>();
        for (var s : stacks) for (String n : s.names()) sums.put(n, 0.0);
        int used = 0;
        for (long[] text : texts) {
            progress.checkCancelled();
            if (text.length < 2) continue;
            int t = Math.min(text.length, model.maxPositions());
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray ids = scope.create(java.util.Arrays.copyOf(text, t)).reshape(1, t); // made before autograd starts
                TrainingRun.AUTOGRAD.lock();
                try {
                    for (var s : stacks) s.matrix().setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.forward(ids, null, false, null); // (1,T,V)
                        gc.backward(Gpt2Graph.loss(logits, ids));
                    }
                    for (var s : stacks) {
                        try (NDArray g = s.matrix().getGradient()) {
                            NDArray local = g.duplicate(); // ops on g itself would land in the weights' manager
                            local.attach(scope);
                            float[] rows = local.square().sum(new int[] {1}).toFloatArray(); // (rows): Σ over inputs of g²
                            long cols = g.getShape().get(1);
                            for (int i = 0; i < s.names().size(); i++) {
                                double total = 0;
                                for (long r = s.rowStarts()[i]; r < s.rowStarts()[i + 1]; r++) total += rows[(int) r];
                                double count = (double) (s.rowStarts()[i + 1] - s.rowStarts()[i]) * cols;
                                sums.merge(s.names().get(i), total / count, Double::sum);
                            }
                            g.muli(0); // gradients accumulate across backward passes
                        }
                    }
                } finally {
                    for (var s : stacks) s.matrix().setRequiresGradient(false);
                    TrainingRun.AUTOGRAD.unlock();
                }
            }
            used++;
            progress.update(used, texts.size(), "");
        }
        if (used == 0) throw new IllegalArgumentException("no calibration text has 2 tokens or more");
        Map<String, Double> scores = new LinkedHashMap<>();
        for (var e : sums.entrySet()) scores.put(e.getKey(), e.getValue() / used);
        return new Result(java.util.Collections.unmodifiableMap(scores), used);
    }
}
