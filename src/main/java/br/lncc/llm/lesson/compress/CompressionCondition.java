package br.lncc.llm.lesson.compress;

import java.util.Arrays;
import java.util.Locale;

/**
 * The conditions of seed 004's ablation (Cap. 6.6), at one target budget: bits b and sparsity s
 * (the seed's 4 bits, 32%: 4 × 0.68 = 2.72 bits/weight).
 */
public enum CompressionCondition {
    /** No compression: the baseline every ratio divides by. */
    NONE("none"),
    /** Every linear: Wanda at s, INT-b (the seed's condition 1). */
    UNIFORM("uniform"),
    /**
     * Sparsity by mean activation norm (condition 2): layers ranked by mean ‖X‖; top 15% get
     * s·15/32, bottom 25% s·50/32, the rest s (15/32/50% at the seed's s = 32%); all INT-b.
     */
    ACT_ADAPTIVE("act-adaptive"),
    /** Bits by Fisher rank (condition 3): top 15% b+2, bottom 25% b−1, the rest b (6/4/3); sparsity s. */
    FISHER("fisher"),
    /**
     * Fisher×Wanda joint (condition 4, the seed's "X3", whose code the post does not show): layers
     * ranked by Fisher × mean ‖X‖; the top 15% get b+2 bits and the low sparsity, the bottom 25%
     * b−1 bits and the high sparsity, the rest b and s. Our reading, named as such on the page.
     */
    FISHER_WANDA("fisher-wanda"),
    /** Uniform allocation with plain magnitude pruning (|W| only): what Wanda is measured against. */
    MAGNITUDE("magnitude");

    private final String cliName;

    CompressionCondition(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public boolean needsFisher() {
        return this == FISHER || this == FISHER_WANDA;
    }

    public static CompressionCondition ofCliName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.cliName.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown condition " + name));
    }
}
