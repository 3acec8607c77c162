package br.lncc.llm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.ProgressSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Diagonal Fisher information of GPT-2's Conv1D weights (Cap. 6.6, seed 004's sensitivity score):
 * for each calibration text n, the gradient gₙ of the causal-LM loss; a weight matrix scores
 * F = (1/N) Σₙ mean(gₙ²). The fused c_attn matrix [C, 3C] is also split into its q, k and v
 * columns, so the page can show the seed's finding (V more sensitive than Q/K).
 */
public final class Gpt2Fisher {
    private Gpt2Fisher() {}

    /**
     * @param scores per Conv1D weight name ("h.0.attn.c_attn.weight"), mean squared gradient
     * @param parts  finer scores by role: "h.0.attn.q", "h.0.attn.k", "h.0.attn.v" (columns of c_attn)
     */
    public record Result(Map<String, Double> scores, Map<String, Double> parts, int texts) {}

    /** One backward pass per text (each at most the model's context), weights unchanged. */
    public static Result of(Gpt2 model, List<long[]> texts, ProgressSink progress) {
        Gpt2.Config c = model.config();
        Gpt2Weights weights = Gpt2Weights.of(model);
        List<String> names = new ArrayList<>();
        for (String n : model.parameters().keySet()) if (Gpt2Weights.isConv1dWeight(n)) names.add(n);
        double[] sums = new double[names.size()];
        double[][] qkv = new double[c.nLayer()][3];
        int used = 0;
        for (long[] text : texts) {
            progress.checkCancelled();
            if (text.length < 2) continue;
            int t = Math.min(text.length, c.nPositions());
            try (NDManager scope = model.manager().newSubManager()) {
                long[] ids = java.util.Arrays.copyOf(text, t);
                NDArray idArray = scope.create(ids).reshape(1, t); // made before autograd starts (NaN otherwise)
                TrainingRun.AUTOGRAD.lock();
                try {
                    for (String n : names) model.parameters().get(n).setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = Gpt2Graph.loss(new Gpt2Graph(weights, null, 0).logits(idArray, null, false), idArray);
                        gc.backward(loss);
                    }
                    for (int i = 0; i < names.size(); i++) {
                        NDArray g = model.parameters().get(names.get(i)).getGradient();
                        NDArray local = g.duplicate(); // ops on g itself would land in the weights' manager
                        local.attach(scope);
                        float[] col = local.square().sum(new int[] {0}).toFloatArray(); // (out): Σ over inputs of g²
                        double total = 0;
                        for (float f : col) total += f;
                        sums[i] += total / g.size();
                        if (names.get(i).endsWith("attn.c_attn.weight")) {
                            int layer = Integer.parseInt(names.get(i).split("\\.")[1]);
                            int cc = c.nEmbd();
                            for (int part = 0; part < 3; part++) {
                                double s = 0;
                                for (int j = part * cc; j < (part + 1) * cc; j++) s += col[j];
                                qkv[layer][part] += s / ((double) cc * cc);
                            }
                        }
                        g.muli(0);
                    }
                } finally {
                    for (String n : names) model.parameters().get(n).setRequiresGradient(false);
                    TrainingRun.AUTOGRAD.unlock();
                }
            }
            used++;
            progress.update(used, texts.size(), "");
        }
        if (used == 0) throw new IllegalArgumentException("no calibration text has 2 tokens or more");
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) scores.put(names.get(i), sums[i] / used);
        Map<String, Double> parts = new LinkedHashMap<>();
        for (int l = 0; l < c.nLayer(); l++) {
            parts.put("h." + l + ".attn.q", qkv[l][0] / used);
            parts.put("h." + l + ".attn.k", qkv[l][1] / used);
            parts.put("h." + l + ".attn.v", qkv[l][2] / used);
        }
        return new Result(scores, parts, used);
    }
}
