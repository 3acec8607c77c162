package br.lncc.llm.bench.rarity;

/**
 * A model's rarity with every term visible, as the seed's worked example prints them.
 * {@code score} = mean of the four weights.
 */
public record RarityScore(
        ModelSpec model, double attentionWeight, double activationWeight, double normWeight,
        double contextWeight, double contextWeightNormalized, double score) {}
