package br.lncc.llm.lesson;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import java.util.Arrays;

/**
 * Perplexity of a causal LM on a text (Cap. 6: the pre-training loss, exponentiated), the one
 * function the pre-training page, the compression lab and {@code companion eval ppl} share.
 *
 * <p>ppl = exp( (1/N) Σᵢ −log p(xᵢ | x₍&lt;ᵢ₎) ) over the N = n − 1 predicted tokens (the first
 * token has no context and is not scored). Texts longer than the context window are read with a
 * sliding window, as Hugging Face's "perplexity of fixed-length models" guide does: windows of
 * {@code window} tokens that advance by {@code stride}; each window scores only the tokens not
 * scored by an earlier window, so every token is counted exactly once and sees at least
 * {@code window − stride} tokens of context (except at the start). The mean is token-weighted:
 * the sum of all NLLs divided by N, never a mean of per-window means.
 */
public final class Perplexity {

    private Perplexity() {}

    /** Total NLL (nats) over {@code tokens} predicted tokens; ppl = exp(nll). */
    public record Result(long tokens, double nll, double ppl) {
        static Result of(double sumNll, long tokens) {
            double mean = sumNll / tokens;
            return new Result(tokens, mean, Math.exp(mean));
        }
    }

    /**
     * How the text is cut: {@code window} positions per forward pass (at most the model's context)
     * and {@code stride} new tokens per window (1 ≤ stride ≤ window − 1; window − 1 means no overlap).
     */
    public record Windowing(int window, int stride) {
        public Windowing {
            if (window < 2) throw new IllegalArgumentException("window must be ≥ 2, got " + window);
            if (stride < 1 || stride > window - 1) {
                throw new IllegalArgumentException("stride must be in [1, window-1], got " + stride + " for window " + window);
            }
        }

        /**
         * The default for a model: its whole context, capped at {@code cap} positions (a Qwen's
         * 32k window would make one forward pass cost gigabytes of logits), half of it new per window.
         */
        public static Windowing forModel(CausalLm model, int cap) {
            int w = Math.max(2, Math.min(model.maxPositions(), cap));
            return new Windowing(w, Math.max(1, w / 2));
        }

        /**
         * What {@code companion eval ppl --window --stride} asks for (null: not given): by default
         * the model's context up to 1,024 positions and half a window new each time; a window above
         * the context or a stride that leaves no new token is refused by name.
         */
        public static Windowing chosen(int maxPositions, Integer window, Integer stride) {
            int win = window == null ? Math.min(maxPositions, 1024) : window;
            if (win < 2 || win > maxPositions) {
                throw new ModelException("cli.ppl.window", new Object[] {win, maxPositions}, "--window " + win);
            }
            int st = stride == null ? Math.max(1, win / 2) : stride;
            if (st < 1 || st > win - 1) {
                throw new ModelException("cli.ppl.stride", new Object[] {st, win - 1}, "--stride " + st);
            }
            return new Windowing(win, st);
        }
    }

    /** Rows of logits turned into log-probabilities at a time (each block is rows × vocabulary floats). */
    static final int ROWS_PER_BLOCK = 64;

    /** Token-weighted perplexity of {@code ids} (at least 2 tokens) with the model's default windowing. */
    public static Result of(CausalLm model, long[] ids) {
        return of(model, ids, Windowing.forModel(model, 1024), ProgressSink.NONE);
    }

    /**
     * Token-weighted perplexity of one token sequence read with {@code windowing}; progress counts
     * scored tokens. Checks for Cancel between windows.
     */
    public static Result of(CausalLm model, long[] ids, Windowing windowing, ProgressSink progress) {
        if (ids.length < 2) throw new IllegalArgumentException("perplexity needs at least 2 tokens, got " + ids.length);
        if (windowing.window() > model.maxPositions()) {
            throw new IllegalArgumentException("window " + windowing.window() + " exceeds the model's "
                    + model.maxPositions() + " positions");
        }
        double sum = 0;
        long scored = 0;
        long total = ids.length - 1L;
        int scoredUpTo = 1; // tokens [1, scoredUpTo) already have their NLL
        for (int begin = 0; scoredUpTo < ids.length; begin += windowing.stride()) {
            progress.checkCancelled();
            int end = Math.min(begin + windowing.window(), ids.length);
            if (end <= scoredUpTo) continue;
            int firstTarget = Math.max(scoredUpTo, begin + 1);
            sum += windowNll(model, Arrays.copyOfRange(ids, begin, end), firstTarget - begin);
            scored += end - firstTarget;
            scoredUpTo = end;
            progress.update(scored, total, "");
        }
        return Result.of(sum, scored);
    }

    /** Pools several token sequences (documents): one sum of NLLs over all of their predicted tokens. */
    public static Result ofDocuments(CausalLm model, Iterable<long[]> documents, Windowing windowing, ProgressSink progress) {
        double sum = 0;
        long tokens = 0;
        for (long[] doc : documents) {
            if (doc.length < 2) continue;
            Result r = of(model, doc, windowing, progress);
            sum += r.nll() * r.tokens();
            tokens += r.tokens();
        }
        if (tokens == 0) throw new IllegalArgumentException("no document has 2 tokens or more");
        return Result.of(sum, tokens);
    }

    /**
     * Σ −log p(ids[j] | ids[..j)) for j in [firstTarget, len): one forward pass, then log-softmax
     * and a gather of the target column on the native side (the (L, V) logits of a 50k vocabulary
     * are never copied to Java), {@link #ROWS_PER_BLOCK} rows at a time. A model that splits its
     * forward pass at lm_head ({@link CausalLm#hiddenStates}) turns only one block of hidden rows
     * into logits at a time: with a 152k vocabulary a 1,024-row window's logits are 600 MB, and
     * their log-probabilities another 600 MB (#14).
     */
    static double windowNll(CausalLm model, long[] window, int firstTarget) {
        int len = window.length;
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray ids = scope.create(window).reshape(1, len);
            NDArray hidden = model.hiddenStates(ids, null);                               // (1,L,C) or null
            NDArray rows = hidden != null ? hidden.get(0) : model.forward(ids, null, false, null).get(0); // (L,C) or (L,V)
            double sum = 0;
            // Position j−1 predicts token j.
            for (int from = firstTarget - 1; from < len - 1; from += ROWS_PER_BLOCK) {
                int to = Math.min(from + ROWS_PER_BLOCK, len - 1);
                try (NDManager block = scope.newSubManager()) {
                    NDArray predicting = rows.get("{}:{}", from, to);                        // (n,C) or (n,V)
                    predicting.attach(block);
                    NDArray logits = hidden != null ? model.headLogits(predicting) : predicting; // (n,V)
                    NDArray logp = logits.toType(DataType.FLOAT32, false).logSoftmax(-1);
                    long[] targets = Arrays.copyOfRange(window, from + 1, to + 1);
                    NDArray picked = logp.gather(block.create(targets).reshape(targets.length, 1), 1); // (n,1)
                    for (float f : picked.toFloatArray()) sum -= f;
                }
            }
            return sum;
        }
    }
}
