package br.lncc.llm.lesson.compress;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Bits and sparsity per compressed matrix (seed 004's {@code allocation} dictionaries), built for
 * a {@link CompressionCondition} with the seed's tiers: the top ⌊0.15·n⌋ layers, the bottom
 * ⌊0.25·n⌋, the middle rest.
 *
 * @param choices per parameter name
 * @param magnitudeOnly prune by |W| (no activation norms)
 */
public record Allocation(Map<String, Choice> choices, boolean magnitudeOnly) {

    /** One matrix's bits and sparsity. */
    public record Choice(int bits, double sparsity) {}

    /** Tier sparsities at the seed's ratios: s = 0.32 gives 0.15 / 0.32 / 0.50. */
    static double lowSparsity(double s) {
        return s * 15.0 / 32.0;
    }

    static double highSparsity(double s) {
        return Math.min(0.99, s * 50.0 / 32.0);
    }

    static int clampBits(int b) {
        return Math.max(1, Math.min(8, b));
    }

    /**
     * @param names the compressible linears (never the embedding/head; those follow {@code uniform})
     * @param actImportance mean activation norm per name (ACT_ADAPTIVE, FISHER_WANDA)
     * @param fisher Fisher score per name (FISHER, FISHER_WANDA)
     */
    public static Allocation of(CompressionCondition condition, List<String> names, int bits, double sparsity,
            ToDoubleFunction<String> actImportance, ToDoubleFunction<String> fisher) {
        Map<String, Choice> m = new LinkedHashMap<>();
        switch (condition) {
            case NONE -> {}
            case UNIFORM, MAGNITUDE -> names.forEach(n -> m.put(n, new Choice(bits, sparsity)));
            case ACT_ADAPTIVE -> tiers(names, actImportance, (tier, n) -> m.put(n, new Choice(bits,
                    tier == 0 ? lowSparsity(sparsity) : tier == 2 ? highSparsity(sparsity) : sparsity)));
            case FISHER -> tiers(names, fisher, (tier, n) -> m.put(n, new Choice(
                    clampBits(tier == 0 ? bits + 2 : tier == 2 ? bits - 1 : bits), sparsity)));
            case FISHER_WANDA -> tiers(names, n -> fisher.applyAsDouble(n) * actImportance.applyAsDouble(n),
                    (tier, n) -> m.put(n, tier == 0 ? new Choice(clampBits(bits + 2), lowSparsity(sparsity))
                            : tier == 2 ? new Choice(clampBits(bits - 1), highSparsity(sparsity))
                            : new Choice(bits, sparsity)));
        }
        return new Allocation(Map.copyOf(m), condition == CompressionCondition.MAGNITUDE);
    }

    private interface TierSink {
        void put(int tier, String name);
    }

    /** Ranks names by score, highest first (ties by name order), and assigns tiers 0 (top) / 1 / 2 (bottom). */
    private static void tiers(List<String> names, ToDoubleFunction<String> score, TierSink sink) {
        List<String> sorted = names.stream().sorted(Comparator.comparingDouble(score).reversed()).toList();
        int n = sorted.size(), top = (int) (n * 0.15), bottom = (int) (n * 0.25);
        for (int i = 0; i < n; i++) sink.put(i < top ? 0 : i >= n - bottom ? 2 : 1, sorted.get(i));
    }
}
