package br.lncc.llm.lesson.compress;

import java.util.List;
import java.util.Map;

/**
 * One measured condition of the ablation (or the baseline, {@link CompressionCondition#NONE}).
 *
 * @param budget         effective bits/weight over the compressed tensors and over all weights
 * @param ppl            perplexity on the evaluation text
 * @param pplRatio       ppl / baseline ppl
 * @param rep4           seed's repetition_rate(n=4) of all generations joined by a space
 * @param distinct2      seed's distinct_n(n=2) of the same text
 * @param scriptSwitches letters in a script the prompt does not use, over all generations
 * @param allocation     bits and sparsity per compressed tensor
 * @param seconds        wall time of this condition (compress + evaluate + restore)
 */
public record ConditionResult(
        CompressionCondition condition, CompressionBudget budget, double ppl, double pplRatio, long evalTokens,
        double rep4, double distinct2, int scriptSwitches, List<Output> outputs, Map<String, Allocation.Choice> allocation,
        double seconds) {

    /** A prompt and the greedy continuation (new text only). */
    public record Output(String prompt, String text, int scriptSwitches) {}
}
