package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import br.lncc.llm.weights.Checkpoint;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads named tensors of a checkpoint into a model's long-lived manager, checking each one exists
 * and has the shape config.json implies, so a mismatched file fails with the tensor's name
 * instead of a broadcasting error deep inside a forward pass.
 */
final class CheckpointTensors implements TensorSource {
    private final Checkpoint checkpoint;
    private final NDManager manager;
    private ByteBuffer scratch; // reused by requireStacked: one part at a time

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

    /**
     * The parts are written straight into one array libtorch allocates, through one reused direct
     * buffer. Loading each part and concatenating left every part's direct buffer alive until a
     * garbage collection that may never come (closing a DJL array does not free the Java buffer
     * it wraps): on a 0.5B Qwen2 that was 900 MB of q/k/v and gate/up copies resident through a
     * whole compression run (#14).
     */
    @Override
    public NDArray requireStacked(String[] names, long[][] shapes) {
        long[] fusedShape = shapes[0].clone();
        fusedShape[0] = 0;
        long largest = 0;
        for (int i = 0; i < names.length; i++) {
            check(names[i], shapes[i]);
            fusedShape[0] += shapes[i][0];
            largest = Math.max(largest, new Shape(shapes[i]).size());
        }
        NDArray fused = manager.zeros(new Shape(fusedShape), DataType.FLOAT32); // libtorch's memory, not a Java buffer
        if (scratch == null || scratch.capacity() < 4 * largest) {
            scratch = ByteBuffer.allocateDirect(Math.toIntExact(4 * largest)).order(ByteOrder.nativeOrder());
        }
        long row = 0;
        for (int i = 0; i < names.length; i++) {
            scratch.clear();
            checkpoint.readFloats(names[i], scratch.asFloatBuffer());
            scratch.limit(Math.toIntExact(4 * new Shape(shapes[i]).size()));
            try (NDManager wrap = manager.newSubManager()) {
                fused.set(new NDIndex("{}:{}", row, row + shapes[i][0]), wrap.create(scratch, new Shape(shapes[i]), DataType.FLOAT32));
            }
            row += shapes[i][0];
        }
        return fused;
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
