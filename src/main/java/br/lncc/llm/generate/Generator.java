package br.lncc.llm.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.KvCache;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The autoregressive loop (Cap. 4.8, 4.11): forward, choose a token, append, repeat until EOS,
 * the token budget or the context window. With the KV cache the prompt is run once (prefill) and
 * each step feeds only the newest token; without it every step re-runs the whole sequence —
 * the O(n) vs O(n²) comparison of the generation lab. Every step's arrays live in a child
 * manager closed at the end of the step.
 */
public final class Generator {

    /** Called after each new token, on the generating thread. */
    @FunctionalInterface
    public interface TokenListener {
        /** @param distribution the step's description, or null unless settings asked for it */
        void onToken(int step, long tokenId, StepDistribution distribution);

        TokenListener NONE = (step, id, d) -> {};
    }

    private final CausalLm model;

    public Generator(CausalLm model) {
        this.model = model;
    }

    /**
     * Generates after {@code promptIds}. The prompt must fit the context window with room for one
     * token (callers truncate, and say so, before calling). Cancelling through {@code progress}
     * stops between tokens and keeps what was generated ({@link Generation.StopReason#CANCELLED}).
     */
    public Generation generate(long[] promptIds, GenerationSettings settings, TokenListener listener, ProgressSink progress) {
        if (promptIds.length == 0) {
            throw new ModelException("generate.prompt.empty", new Object[0], "no prompt ids");
        }
        if (promptIds.length >= model.maxPositions()) {
            throw new ModelException("generate.prompt.noRoom", new Object[] {String.valueOf(promptIds.length),
                    String.valueOf(model.maxPositions())}, "prompt length >= max positions");
        }
        model.requireKnownIds(promptIds);
        Sampler sampler = new Sampler(settings.strategy(), settings.repetitionPenalty(), settings.seed());
        // long: prompt + 2^31-1 new tokens must not wrap around to a negative array size
        long[] ids = Arrays.copyOf(promptIds, (int) Math.min(model.maxPositions(), (long) promptIds.length + settings.maxNewTokens()));
        int length = promptIds.length;
        List<StepDistribution> distributions = new ArrayList<>();
        double[] stepMs = new double[Math.min(settings.maxNewTokens(), model.maxPositions())];
        double prefillMs = 0;
        Generation.StopReason reason = Generation.StopReason.MAX_TOKENS;
        int produced = 0;
        try (KvCache cache = settings.useCache() ? model.newCache(settings.cacheLayout(), 1) : null) {
            while (produced < settings.maxNewTokens()) {
                if (progress.isCancelled()) {
                    reason = Generation.StopReason.CANCELLED;
                    break;
                }
                if (length >= model.maxPositions()) {
                    reason = Generation.StopReason.CONTEXT_FULL;
                    break;
                }
                long start = System.nanoTime();
                float[] logits = nextLogits(ids, length, cache);
                requireFinite(logits, produced);
                long[] seen = settings.repetitionPenalty() == 1 ? null : Arrays.copyOf(ids, length);
                StepDistribution d = settings.distributionTopN() > 0
                        ? sampler.describe(logits, seen, produced, settings.distributionTopN())
                        : null;
                int next = d != null ? d.chosenId() : sampler.next(logits, seen);
                double ms = (System.nanoTime() - start) / 1e6;
                if (produced == 0) prefillMs = ms;
                else stepMs[produced - 1] = ms;
                ids[length++] = next;
                produced++;
                if (d != null) distributions.add(d);
                listener.onToken(produced - 1, next, d);
                progress.update(produced, settings.maxNewTokens(), (String) null);
                if (settings.stopAtEos() && settings.isStopToken(next, model.eosTokenId())) {
                    reason = Generation.StopReason.EOS;
                    break;
                }
            }
        }
        return new Generation(promptIds.clone(), Arrays.copyOfRange(ids, promptIds.length, length), reason, prefillMs,
                Arrays.copyOf(stepMs, Math.max(0, produced - 1)), List.copyOf(distributions));
    }

    /** Logits of the last position: all new positions through the cache, or the whole sequence without it. */
    private float[] nextLogits(long[] ids, int length, KvCache cache) {
        try (NDManager scope = model.manager().newSubManager()) {
            int from = cache == null ? 0 : cache.length();
            long[] input = Arrays.copyOfRange(ids, from, length);
            NDArray x = scope.create(input).reshape(1, input.length);
            return model.forward(x, cache, true, null).toFloatArray();
        }
    }

    /**
     * NaN logits (NaN/Inf weights from a bad conversion, an impossible config value) make every
     * sampler pick an arbitrary token; the student would read garbage as the model's answer.
     */
    private static void requireFinite(float[] logits, int step) {
        for (float v : logits) {
            if (Float.isNaN(v)) {
                throw new ModelException("generate.nanLogits", new Object[] {String.valueOf(step + 1)}, "NaN logits at step " + (step + 1));
            }
        }
    }
}
