package br.lncc.llm.lesson.compress;

import java.util.List;
import java.util.Map;

/**
 * Everything the compression page and {@code companion compress} show.
 *
 * @param baseline       the uncompressed model measured the same way
 * @param conditions     the finished conditions, in order (all of them unless cancelled)
 * @param fisher         Fisher score per compressible tensor (empty when no condition needed it)
 * @param fisherParts    finer Fisher scores by role (GPT-2's q/k/v columns of c_attn)
 * @param activation     mean ‖X‖ per compressible tensor
 * @param embeddingShare share of all weights in the embedding/head (tied once)
 * @param cancelled      true when Cancel stopped the run (the model is restored all the same)
 * @param sweep          the uniform condition at each of the request's sweep bits (finished ones)
 * @param chatTemplate   true when the generations were prompted through the checkpoint's chat template (seed 004)
 */
public record AblationResult(
        String model, String architecture, CompressionRequest request, ConditionResult baseline,
        List<ConditionResult> conditions, Map<String, Double> fisher, Map<String, Double> fisherParts,
        Map<String, Double> activation, double embeddingShare, boolean tied, long totalWeights,
        double calibrationSeconds, double fisherSeconds, boolean cancelled, List<ConditionResult> sweep,
        boolean chatTemplate) {}
