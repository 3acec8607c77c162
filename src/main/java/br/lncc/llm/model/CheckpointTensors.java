package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import br.lncc.llm.weights.Checkpoint;
import java.util.Arrays;

/**
 * Reads named tensors of a checkpoint into a model's long-lived manager, checking each one exists
 * and has the shape config.json implies, so a mismatched file fails with the tensor's name
 * instead of a broadcasting error deep inside a forward pass.
 */
final class CheckpointTensors implements TensorSource {
    private final Checkpoint checkpoint;
    private final NDManager manager;

    CheckpointTensors(Checkpoint checkpoint, NDManager manager) {
        this.checkpoint = checkpoint;
        this.manager = manager;
    }

    boolean has(String name) {
        return checkpoint.contains(name);
    }

    @Override
    public NDArray require(String name, long... shape) {
        check(name, shape);
        return checkpoint.load(name, manager);
    }

    /** Read from the file into the Java heap (BF16/F16 widened): no native array at all. */
    @Override
    public float[] requireFloats(String name, long... shape) {
        check(name, shape);
        return checkpoint.readFloats(name);
    }

    private void check(String name, long... shape) {
        if (!checkpoint.contains(name)) {
            throw new ModelException("model.missingTensorIn", new Object[] {name, String.valueOf(checkpoint.folder())}, "missing tensor " + name);
        }
        long[] found = checkpoint.info(name).shape();
        if (!Arrays.equals(found, shape)) {
            throw new ModelException("model.tensorShape", new Object[] {name, String.valueOf(checkpoint.folder()), Arrays.toString(found),
                    Arrays.toString(shape)}, "shape mismatch for " + name);
        }
    }

    /** An optional tensor (a bias some exports carry), or null. */
    NDArray optional(String name, long... shape) {
        return has(name) ? require(name, shape) : null;
    }
}
