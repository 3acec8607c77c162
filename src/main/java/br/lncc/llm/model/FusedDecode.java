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
 * native matmuls faster than our Java FP32 step (GPT-2 small: 0.27×, machine heavily loaded).
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

    /** Forces the Java step on or off for this model; null returns to automatic. */
    public void setEnabled(Boolean on) {
        forced = on;
    }
}
