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

    /**
     * Widens every part straight into its rows of one buffer: no per-part float32 copy that a
     * concatenation would leave behind until the garbage collector frees it (about 1 GB while a
     * 0.5B Qwen2 loads, issue #14).
     */
    @Override
    public NDArray requireStacked(String[] names, long[][] shapes) {
        long rows = 0, elements = 0;
        for (int i = 0; i < names.length; i++) {
            check(names[i], shapes[i]);
            rows += shapes[i][0];
            long n = 1;
            for (long d : shapes[i]) n *= d;
            elements += n;
        }
        if (4 * elements > Integer.MAX_VALUE) return TensorSource.super.requireStacked(names, shapes);
        var direct = java.nio.ByteBuffer.allocateDirect(Math.toIntExact(4 * elements)).order(java.nio.ByteOrder.nativeOrder());
        var floats = direct.asFloatBuffer();
        for (String name : names) checkpoint.readInto(name, floats);
        long[] shape = shapes[0].clone();
        shape[0] = rows;
        return manager.create(direct, new ai.djl.ndarray.types.Shape(shape), ai.djl.ndarray.types.DataType.FLOAT32);
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
