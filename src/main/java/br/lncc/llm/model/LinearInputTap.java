package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Sees the input of the linear layers during a forward pass, the way the seed 004 study's PyTorch
 * forward hooks do: Wanda's calibration (Cap. 6.6) needs ‖X_j‖₂ per input feature j of each
 * linear. Modules that multiply the same input (q/k/v after one norm) are reported together, so
 * the input is read once. Passing null to a forward pass costs nothing.
 */
@FunctionalInterface
public interface LinearInputTap {

    /** The name of the head's weight in {@link #record} calls, whatever the architecture calls it. */
    String LM_HEAD = "lm_head.weight";

    /**
     * @param modules parameter names (as in {@link CausalLm#parameters()}) of the weights that multiply
     *     {@code input}, or {@link #LM_HEAD} for the output projection
     * @param input (B, T, in) in the forward pass's scope; read it, do not keep it
     */
    void record(List<String> modules, NDArray input);
}
