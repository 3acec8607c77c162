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

    /**
     * Several tensors of the same width stacked along rows ([q; k; v], [gate; up]): the fused
     * projections one matmul reads. By default each part is loaded, then concatenated.
     */
    default NDArray requireStacked(String[] names, long[][] shapes) {
        NDArray[] parts = new NDArray[names.length];
        for (int i = 0; i < names.length; i++) parts[i] = require(names[i], shapes[i]);
        NDArray fused = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
        for (NDArray p : parts) p.close();
        return fused;
    }
}
