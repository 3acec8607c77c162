package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;

/** Where a model's weights come from while it is built: a checkpoint, or random values for benchmarks. */
interface TensorSource {
    /** The tensor called {@code name} with exactly this shape, in the model's manager. */
    NDArray require(String name, long... shape);

    /** The same tensor as Java floats, without keeping a native copy (loading straight into a packed format). */
    default float[] requireFloats(String name, long... shape) {
        try (NDArray a = require(name, shape)) {
            return a.toFloatArray();
        }
    }
}
