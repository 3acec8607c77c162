package br.lncc.llm.notebooks;

import java.util.List;

/**
 * What one N03 run computed, besides what it printed (tests, the Notebooks page and
 * {@code N03-resultados.json} read it). Generation fields are null when the model was absent.
 *
 * @param model            folder the weights came from, or null when only config.json was available
 * @param configOrigin     where config.json was read from
 * @param defaultsOrigin   where generation_config.json was read from (or why there is none)
 * @param parameters       parameters counted from config.json
 * @param loadedParameters parameters counted on the loaded tensors (0 without weights)
 * @param loraLine         PEFT's print_trainable_parameters() line for N3.08's LoRA
 * @param firstLoraName    the first parameter name containing "lora", as PEFT names it
 * @param firstLoraShape   its shape
 * @param cotHas144        whether N3.05's new text contains 144 (null without the model)
 * @param courseLow        without Qwen2: N3.02 at τ = 0.2 on the course model the app ships (null when Qwen2 ran)
 * @param courseHigh       the same at τ = 0.9
 */
public record N03Result(
        String model, String configOrigin, String defaultsOrigin, long parameters, long loadedParameters,
        String loraLine, String firstLoraName, List<Long> firstLoraShape,
        Generated low, Generated high, Generated cached, Generated chainOfThought, Generated fewShot,
        Boolean cotHas144, Generated courseLow, Generated courseHigh) {

    /**
     * One generation cell.
     *
     * @param text        decoded prompt + new tokens, special tokens skipped (what the notebook prints)
     * @param newText     the new tokens only
     * @param sources     each setting and where it came from (explicit, generation_config.json, app default)
     * @param entropies   per step, entropy in nats of softmax(logits/τ) (before top-k/top-p)
     * @param distinctNew distinct ids among the new tokens
     */
    public record Generated(
            String text, String newText, List<String> sources, double[] entropies, int newTokens, int distinctNew,
            double seconds, String stopReason) {

        public double meanEntropy() {
            double s = 0;
            for (double e : entropies) s += e;
            return entropies.length == 0 ? Double.NaN : s / entropies.length;
        }

        /** Distinct new tokens over new tokens: 1 = no token repeated. */
        public double distinctRatio() {
            return newTokens == 0 ? Double.NaN : (double) distinctNew / newTokens;
        }
    }

    public boolean ranModel() {
        return model != null;
    }
}
