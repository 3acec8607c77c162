package br.lncc.llm.weights.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A weight tensor held in a compact format that the forward pass expands right before use:
 * the model keeps only the codes and constants, and each matmul asks for a float32 copy in its
 * own short-lived (child) manager, which is closed — and the copy freed — when the step ends.
 */
public sealed interface QuantizedWeight permits Fp32Weight, Int8Weight, IntKWeight, Nf4Weight {

    /** Logical shape, row-major, in the layout that was quantized (Linear's [out, in]). */
    long[] shape();

    /** Number of weights. */
    int size();

    /** The float32 values the forward pass will see. */
    float[] dequantize();

    /** The dequantized weights as a float32 NDArray owned by {@code manager} (use a child manager). */
    default NDArray dequantize(NDManager manager) {
        return manager.create(dequantize(), new Shape(shape()));
    }

    /** Bytes before and after, including the per-block constants. */
    MemoryFootprint footprint();

    QuantFormat format();
}
