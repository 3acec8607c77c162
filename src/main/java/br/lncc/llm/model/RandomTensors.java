package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Random weights shaped like a real checkpoint, for speed benchmarks of models that are not on
 * this machine (a SmolLM2-135M-shaped model reads the same bytes per token as SmolLM2-135M).
 * Norm weights are 1, biases 0, matrices N(0, 0.02) as the Hugging Face initialisers.
 */
final class RandomTensors implements TensorSource {
    private final NDManager manager;

    RandomTensors(NDManager manager, long seed) {
        this.manager = manager;
        manager.getEngine().setRandomSeed((int) seed);
    }

    @Override
    public NDArray require(String name, long... shape) {
        Shape s = new Shape(shape);
        if (name.endsWith("norm.weight")) return manager.ones(s);
        if (name.endsWith(".bias")) return manager.zeros(s);
        return manager.randomNormal(0f, 0.02f, s, DataType.FLOAT32);
    }
}
