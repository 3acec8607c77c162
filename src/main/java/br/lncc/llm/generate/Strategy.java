package br.lncc.llm.generate;

/** How the next token is chosen from the logits (Cap. 4.8–4.10). */
public sealed interface Strategy {

    /** Always the most probable token (argmax; ties go to the lowest id). */
    record Greedy() implements Strategy {}

    /**
     * Draw from softmax(logits / temperature), restricted to the {@code topK} most probable
     * tokens (0 = no limit) and then to the nucleus: the smallest set of most probable tokens
     * whose mass reaches {@code topP} (1 = no limit), renormalised.
     */
    record Sample(double temperature, int topK, double topP) implements Strategy {
        public Sample {
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new br.lncc.llm.text.InvalidInputException("sampling.temperature", String.valueOf(temperature));
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new br.lncc.llm.text.InvalidInputException("sampling.topP", String.valueOf(topP));
            }
            if (topK < 0) throw new br.lncc.llm.text.InvalidInputException("sampling.topK", topK);
        }
    }

    Greedy GREEDY = new Greedy();

    /**
     * The strategy a student's settings mean: temperature 0 is greedy (the limit τ → 0 of
     * sampling), anything above samples.
     */
    static Strategy of(double temperature, int topK, double topP) {
        if (temperature == 0) return GREEDY;
        return new Sample(temperature, topK, topP);
    }
}
