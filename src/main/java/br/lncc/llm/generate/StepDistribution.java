package br.lncc.llm.generate;

/**
 * What the sampler saw at one step, for the generation lab's chart: the {@code ids} of the most
 * probable tokens (most probable first; the order is the same before and after temperature),
 * their probabilities before temperature ({@code softmax(logits)}), after temperature
 * ({@code softmax(logits/τ)}), and renormalised inside the kept set (0 when cut by top-k/top-p).
 * Plain arrays, parallel, one entry per listed token.
 *
 * @param nucleusSize how many tokens the kept set has in the whole vocabulary
 * @param keptMass    mass of the kept set under the temperature distribution (≥ top-p)
 * @param entropyBefore entropy in nats of softmax(logits)
 * @param entropyAfter  entropy in nats of softmax(logits/τ)
 */
public record StepDistribution(
        int step, int[] ids, float[] probsBefore, float[] probsAfterTemperature, float[] probsKept,
        int nucleusSize, double keptMass, double entropyBefore, double entropyAfter, double temperature,
        int chosenId) {}
