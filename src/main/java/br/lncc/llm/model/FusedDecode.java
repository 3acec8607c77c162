package br.lncc.llm.model;

/**
 * Whether a model decodes one token at a time (batch 1, with a KV cache) through the pure-Java
 * step over the fused kernels of {@code model/kernel}, or through its libtorch forward pass like
 * any other call. Prompts (prefill), batches and attention captures always take libtorch.
 * On by default where the model has the step; {@code -Dcompanion.decode=libtorch} turns it off
 * for the whole process (to compare, or to rule it out when something looks wrong).
 */
public final class FusedDecode {
    private static final boolean DEFAULT_ON = !"libtorch".equals(System.getProperty("companion.decode"));

    /** For models without a Java decode step (Phi, T5): always off. */
    public static final FusedDecode UNSUPPORTED = new FusedDecode(false);

    private final boolean supported;
    private volatile boolean enabled;

    FusedDecode() {
        this(true);
    }

    private FusedDecode(boolean supported) {
        this.supported = supported;
        this.enabled = supported && DEFAULT_ON;
    }

    public boolean supported() {
        return supported;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Turns the Java step on or off for this model (ignored where it is not supported). */
    public void setEnabled(boolean on) {
        enabled = supported && on;
    }
}
