package br.lncc.llm.generate;

import br.lncc.llm.model.KvCache;
import br.lncc.llm.text.InvalidInputException;
import java.util.List;

/**
 * Everything that decides a generation run besides the prompt.
 *
 * @param maxNewTokens       stop after this many new tokens
 * @param strategy           greedy or sampling
 * @param repetitionPenalty  1 = off
 * @param seed               same seed, same tokens
 * @param stopAtEos          stop when the model emits its end-of-sequence token
 * @param useCache           KV cache (prefill + one-token steps) or re-run the whole sequence per token
 * @param cacheLayout        how the cache grows (only when useCache)
 * @param distributionTopN   describe each step's distribution with this many tokens (0 = don't)
 * @param stopTokenIds       more end-of-sequence ids besides the model's own (generation_config.json's
 *                           eos_token_id list: Qwen2 instruct stops on both {@code <|im_end|>} and
 *                           {@code <|endoftext|>}); only used when stopAtEos
 */
public record GenerationSettings(
        int maxNewTokens, Strategy strategy, double repetitionPenalty, long seed, boolean stopAtEos,
        boolean useCache, KvCache.Layout cacheLayout, int distributionTopN, List<Long> stopTokenIds) {

    public GenerationSettings {
        stopTokenIds = List.copyOf(stopTokenIds);
        if (maxNewTokens < 1) {
            throw new InvalidInputException("sampling.maxNewTokens", maxNewTokens);
        }
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new InvalidInputException("sampling.repetitionPenalty", String.valueOf(repetitionPenalty));
        }
    }

    /** Settings that stop only on the model's own EOS id. */
    public GenerationSettings(int maxNewTokens, Strategy strategy, double repetitionPenalty, long seed, boolean stopAtEos,
            boolean useCache, KvCache.Layout cacheLayout, int distributionTopN) {
        this(maxNewTokens, strategy, repetitionPenalty, seed, stopAtEos, useCache, cacheLayout, distributionTopN, List.of());
    }

    /** {@code strategy} with no penalty, stopping at EOS, with the (preallocated) KV cache. */
    public static GenerationSettings of(int maxNewTokens, Strategy strategy, long seed) {
        return new GenerationSettings(maxNewTokens, strategy, 1, seed, true, true, KvCache.Layout.PREALLOCATED, 0);
    }

    public static GenerationSettings greedy(int maxNewTokens) {
        return new GenerationSettings(maxNewTokens, Strategy.GREEDY, 1, 0, true, true, KvCache.Layout.PREALLOCATED, 0);
    }

    public static GenerationSettings sampling(int maxNewTokens, double temperature, int topK, double topP, long seed) {
        return new GenerationSettings(maxNewTokens, Strategy.of(temperature, topK, topP), 1, seed, true, true,
                KvCache.Layout.PREALLOCATED, 0);
    }

    public GenerationSettings withCache(boolean on) {
        return new GenerationSettings(maxNewTokens, strategy, repetitionPenalty, seed, stopAtEos, on, cacheLayout,
                distributionTopN, stopTokenIds);
    }

    public GenerationSettings withCacheLayout(KvCache.Layout layout) {
        return new GenerationSettings(maxNewTokens, strategy, repetitionPenalty, seed, stopAtEos, useCache, layout,
                distributionTopN, stopTokenIds);
    }

    public GenerationSettings withStopAtEos(boolean stop) {
        return new GenerationSettings(maxNewTokens, strategy, repetitionPenalty, seed, stop, useCache, cacheLayout,
                distributionTopN, stopTokenIds);
    }

    public GenerationSettings withRepetitionPenalty(double penalty) {
        return new GenerationSettings(maxNewTokens, strategy, penalty, seed, stopAtEos, useCache, cacheLayout,
                distributionTopN, stopTokenIds);
    }

    public GenerationSettings withDistributions(int topN) {
        return new GenerationSettings(maxNewTokens, strategy, repetitionPenalty, seed, stopAtEos, useCache, cacheLayout,
                topN, stopTokenIds);
    }

    public GenerationSettings withStopTokens(List<Long> ids) {
        return new GenerationSettings(maxNewTokens, strategy, repetitionPenalty, seed, stopAtEos, useCache, cacheLayout,
                distributionTopN, ids);
    }

    /** True when {@code id} ends the sequence: the model's EOS or one of {@link #stopTokenIds}. */
    public boolean isStopToken(long id, int modelEos) {
        return id == modelEos || stopTokenIds.contains(id);
    }
}
