package br.lncc.llm.lesson.compress;

import java.util.Map;

/**
 * Bits per weight, counted honestly (Cap. 6.6; seed 004's {@code compute_budget} and the error it
 * confessed). Over the compressed linears the seed's number: Σ bits·(1 − sparsity)·n / Σ n. Over
 * all weights the same sum plus every weight left alone (embeddings, the lm_head, norms, biases)
 * at the precision it is really held in, divided by all weights — each tensor once, so a tied
 * embedding/lm_head matrix counts once. Skipping the tied matrix of Gemma-2-2B made "2.73 bits"
 * really 5.14. Like the seed, neither number charges the per-group scales or the sparse mask.
 *
 * @param compressed effective bits per weight over the compressed tensors only
 * @param allWeights effective bits per weight over every weight of the model
 * @param compressedWeights how many weights were compressed
 * @param totalWeights every weight of the model, tied ones once
 */
public record CompressionBudget(double compressed, double allWeights, long compressedWeights, long totalWeights) {

    /** One tensor's share: {@code bits} per stored weight, {@code sparsity} of them zeroed. */
    public record Slot(long weights, int bits, double sparsity) {
        double bitsTotal() {
            return bits * (1 - sparsity) * weights;
        }
    }

    /**
     * @param compressedSlots the compressed tensors by name
     * @param untouchedWeights weights left as they are (each tensor once), with their storage bits
     */
    public static CompressionBudget of(Map<String, Slot> compressedSlots, Map<String, Slot> untouchedWeights) {
        double bits = 0;
        long n = 0;
        for (Slot s : compressedSlots.values()) {
            bits += s.bitsTotal();
            n += s.weights();
        }
        double allBits = bits;
        long all = n;
        for (Slot s : untouchedWeights.values()) {
            allBits += s.bitsTotal();
            all += s.weights();
        }
        return new CompressionBudget(n == 0 ? 0 : bits / n, all == 0 ? 0 : allBits / all, n, all);
    }
}
