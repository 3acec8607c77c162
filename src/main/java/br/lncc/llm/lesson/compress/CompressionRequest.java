package br.lncc.llm.lesson.compress;

import java.util.List;

/**
 * What the lab runs: the conditions (seed 004's ablation) at one target budget, and the texts.
 *
 * @param conditions        in order; the baseline (no compression) is always measured first
 * @param bits              INT-k of the uniform condition, 1…8 (the tiers use bits+2 and bits−1)
 * @param sparsity          fraction pruned per output row, 0…0.99 (tiers at ×15/32 and ×50/32)
 * @param group             inputs per quantization group (the seed: 128); a larger group than a row is padded
 * @param skipEmbeddings    leave the token embedding and the lm_head uncompressed (the seed's skip)
 * @param twoFour           2:4 semi-structured pruning instead of unstructured (sparsity becomes 50%)
 * @param calibrationTexts  texts for Wanda's norms and the Fisher gradients (the seed: wikitext lines)
 * @param evaluationText    held-out text for perplexity (sliding window)
 * @param prompts           domain prompts for greedy generation
 * @param maxNewTokens      per prompt (the seed: 150)
 * @param calibration       how many calibration texts, of what length
 * @param fisherTexts       how many calibration texts the Fisher gradients use
 * @param sweepBits         extra runs of the uniform condition at these bits (same sparsity): the
 *                          curve of perplexity and rep-4 against bits, down to the 1-bit blow-up
 */
public record CompressionRequest(
        List<CompressionCondition> conditions, int bits, double sparsity, int group, boolean skipEmbeddings,
        boolean twoFour, List<String> calibrationTexts, String evaluationText, List<String> prompts, int maxNewTokens,
        Calibration.Settings calibration, int fisherTexts, List<Integer> sweepBits) {

    /** The seed's greedy decoding penalty ({@code repetition_penalty=1.3}). */
    public static final double REPETITION_PENALTY = 1.3;

    public CompressionRequest {
        conditions = List.copyOf(conditions);
        sweepBits = List.copyOf(sweepBits);
        for (int b : sweepBits) if (b < 1 || b > 8) throw new CompressionException("compress.bits", "sweep bits=" + b, b);
        calibrationTexts = List.copyOf(calibrationTexts);
        prompts = prompts.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (conditions.isEmpty()) throw new CompressionException("compress.no-conditions", "");
        if (bits < 1 || bits > 8) throw new CompressionException("compress.bits", "bits=" + bits, bits);
        if (!(sparsity >= 0 && sparsity <= 0.99)) {
            throw new CompressionException("compress.sparsity", "sparsity=" + sparsity, sparsity);
        }
        if (group <= 0) throw new CompressionException("compress.group", "group=" + group, group);
        if (maxNewTokens < 1) throw new CompressionException("compress.tokens", "max_new_tokens=" + maxNewTokens, maxNewTokens);
        if (prompts.isEmpty()) throw new CompressionException("compress.prompts.empty", "");
    }

    /** Without a bit sweep. */
    public CompressionRequest(List<CompressionCondition> conditions, int bits, double sparsity, int group, boolean skipEmbeddings,
            boolean twoFour, List<String> calibrationTexts, String evaluationText, List<String> prompts, int maxNewTokens,
            Calibration.Settings calibration, int fisherTexts) {
        this(conditions, bits, sparsity, group, skipEmbeddings, twoFour, calibrationTexts, evaluationText, prompts, maxNewTokens,
                calibration, fisherTexts, List.of());
    }

    /** The seed's ablation: every condition at 4 bits and 32% sparsity, embeddings skipped. */
    public static CompressionRequest seedDefaults(List<CompressionCondition> conditions, List<String> calibration,
            String evaluation, List<String> prompts) {
        return new CompressionRequest(conditions, 4, 0.32, 128, true, false, calibration, evaluation, prompts, 150,
                Calibration.Settings.SEED, 16);
    }

    /** The same request at another bit width (the sweep's runs). */
    public CompressionRequest withBits(int b) {
        return new CompressionRequest(conditions, b, sparsity, group, skipEmbeddings, twoFour, calibrationTexts, evaluationText,
                prompts, maxNewTokens, calibration, fisherTexts, List.of());
    }

    /** The texts of a calibration file: its non-blank lines, as the seed takes wikitext's. */
    public static List<String> lines(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
