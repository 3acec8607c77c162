package br.lncc.llm.model;

/**
 * Whether a model decodes one token at a time (batch 1, with a KV cache) through the pure-Java
 * step over the fused kernels of {@code model/kernel}, or through its libtorch forward pass like
 * any other call. Prompts (prefill), batches, attention captures and calibration taps always take
 * libtorch.
 *
 * <p>Automatic by default: the Java step for quantized weights (libtorch would expand every
 * packed matrix to float32 before each product — the dequantize-then-multiply path), libtorch for
 * float32 weights, where the same-run A/B on the 2-core test machine measured libtorch's batched
 * native matmuls faster than our Java FP32 step (GPT-2 small: 0.27×, machine heavily loaded). Since
 * GPT-2's [in, out] matrices are read in contiguous slabs the two are level (Java ÷ libtorch per round
 * 0.96, 1.11, 0.64; 3 Dec 2026, load 15–21), not a clear enough gain to change the default.
 * {@code -Dcompanion.decode=fused|libtorch} forces one path for the whole process;
 * {@link #setEnabled} forces one for a model (the benchmark's --compare-libtorch, the tests).
 */
public final class FusedDecode {
    private static final String FORCED = System.getProperty("companion.decode", "auto");

    /** For models without a Java decode step (Phi, T5): always off. */
    public static final FusedDecode UNSUPPORTED = new FusedDecode(false);

    private final boolean supported;
    private volatile Boolean forced;

    FusedDecode() {
        this(true);
    }

    private FusedDecode(boolean supported) {
        this.supported = supported;
    }

    public boolean supported() {
        return supported;
    }

    /** Whether the next one-token step takes the Java path, for a model whose weights are (or not) quantized. */
    public boolean enabled(boolean quantized) {
        if (!supported) return false;
        if (forced != null) return forced;
        if (FORCED.equals("fused")) return true;
        if (FORCED.equals("libtorch")) return false;
        return quantized;
    }

    /**
     * Prompts up to this many tokens go through the Java step one token at a time when the
     * weights are quantized: libtorch would first expand every packed matrix to float32 (seconds
     * for GPT-2 small on the 2-core machine, more than 64 one-token steps), so only longer prompts
     * take the dequantize-then-multiply prefill.
     */
    public static final int STEPWISE_PREFILL_TOKENS = 64;

    /** Whether a (1, T) input with a cache of batch 1 takes the Java step (T == 1, or a short prompt of a quantized model). */
    boolean takes(int tokens, boolean quantized) {
        return enabled(quantized) && (tokens == 1 || (quantized && tokens <= STEPWISE_PREFILL_TOKENS));
    }

    /** One token through a model's Java step: its logits (V), or null when {@code logits} is false. */
    @FunctionalInterface
    interface Step {
        float[] forward(long id, KvCache cache, boolean logits);
    }

    /** The (1, T, V) or (1, 1, V) logits of feeding {@code ids} one at a time through {@code step}. */
    static ai.djl.ndarray.NDArray stepwise(ai.djl.ndarray.NDManager scope, ai.djl.ndarray.NDArray inputIds, KvCache cache,
            boolean lastPositionOnly, int vocab, Step step) {
        long[] ids = inputIds.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        int t = ids.length;
        float[] out = new float[(lastPositionOnly ? 1 : t) * vocab];
        for (int i = 0; i < t; i++) {
            boolean wanted = !lastPositionOnly || i == t - 1;
            float[] logits = step.forward(ids[i], cache, wanted);
            if (wanted) System.arraycopy(logits, 0, out, lastPositionOnly ? 0 : i * vocab, vocab);
        }
        return scope.create(out, new ai.djl.ndarray.types.Shape(1, lastPositionOnly ? 1 : t, vocab));
    }

    /** Forces the Java step on or off for this model; null returns to automatic. */
    public void setEnabled(Boolean on) {
        forced = on;
    }
}
