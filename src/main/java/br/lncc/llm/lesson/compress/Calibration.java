package br.lncc.llm.lesson.compress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.LinearInputTap;
import br.lncc.llm.task.ProgressSink;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wanda's calibration (Cap. 6.6, seed 004's forward hooks): run calibration texts through the
 * model and keep, for every linear, ‖X_j‖₂ over all calibration tokens of each input feature j
 * (sum of squares per feature across texts, square root at the end).
 *
 * @param norms per parameter name (the head under its own weight name), length = in features
 * @param texts how many texts were run
 * @param tokens how many tokens they had in total
 */
public record Calibration(Map<String, float[]> norms, int texts, long tokens) {

    /** The seed's settings: 32 texts, each cut to 256 tokens, texts under 8 tokens skipped. */
    public record Settings(int maxTexts, int maxLength, int minTokens) {
        public static final Settings SEED = new Settings(32, 256, 8);
    }

    /** The calibration texts as the seed picks them: in order, cut to maxLength, short ones skipped. */
    public static List<long[]> select(List<long[]> encoded, Settings s, int contextLimit) {
        int max = Math.min(s.maxLength(), contextLimit);
        return encoded.stream().filter(ids -> ids.length >= s.minTokens()).limit(s.maxTexts())
                .map(ids -> ids.length > max ? Arrays.copyOf(ids, max) : ids).toList();
    }

    /** Runs {@code texts} (already selected) and collects the norms for every name in {@code targets}. */
    public static Calibration run(CausalLm model, CompressionTargets targets, List<long[]> texts, ProgressSink progress) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        String head = targets.head().name();
        long tokens = 0;
        int done = 0;
        LinearInputTap tap = (modules, x) -> {
            long in = x.getShape().get(x.getShape().dimension() - 1);
            // Σ_t x_tj² per feature, float32 as the seed's hook, then accumulated in float64.
            float[] sq = x.toType(DataType.FLOAT32, false).reshape(-1, in).square().sum(new int[] {0}).toFloatArray();
            for (String m : modules) {
                double[] acc = sums.computeIfAbsent(LinearInputTap.LM_HEAD.equals(m) ? head : m, k -> new double[(int) in]);
                for (int j = 0; j < sq.length; j++) acc[j] += sq[j];
            }
        };
        for (long[] ids : texts) {
            progress.checkCancelled();
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray in = scope.create(ids).reshape(1, ids.length);
                // The tap sees the head's input either way; the (T, V) logits are not needed (#14).
                if (model.hiddenStates(in, tap) == null) model.forward(in, null, false, null, tap);
            }
            tokens += ids.length;
            progress.update(++done, texts.size(), "");
        }
        Map<String, float[]> norms = new LinkedHashMap<>();
        for (var e : sums.entrySet()) {
            float[] n = new float[e.getValue().length];
            for (int j = 0; j < n.length; j++) n[j] = (float) Math.sqrt(e.getValue()[j]);
            norms.put(e.getKey(), n);
        }
        return new Calibration(Map.copyOf(norms), done, tokens);
    }

    /** Mean ‖X_j‖ of a layer: the seed's "activation importance" for the act-adaptive allocation. */
    public double meanNorm(String name) {
        float[] n = norms.get(name);
        if (n == null) return 0;
        double s = 0;
        for (float f : n) s += f;
        return s / n.length;
    }
}
