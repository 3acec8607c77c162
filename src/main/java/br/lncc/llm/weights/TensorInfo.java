package br.lncc.llm.weights;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header. {@code begin}/{@code end} are byte offsets relative
 * to the start of the data area (right after the header), as the format defines them.
 */
public record TensorInfo(String name, TensorDType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public long byteLength() {
        return end - begin;
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
