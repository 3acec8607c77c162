package br.lncc.llm.model.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A float32 matrix stored [in, out] (GPT-2's Conv1D: y = x·W) read in place: the pool splits the
 * output columns, and each thread streams its slice of every input row (no transposed copy).
 */
public record Fp32ColumnMatrix(ByteBuffer data, int in, int out) implements DecodeMatrix {

    public Fp32ColumnMatrix {
        data = data.duplicate().order(ByteOrder.nativeOrder());
        if ((long) in * out * 4 > data.capacity() || (long) in * out * 4 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matrix " + in + "×" + out + " does not fit its " + data.capacity() + "-byte buffer");
        }
    }

    @Override
    public int rows() {
        return out;
    }

    @Override
    public int cols() {
        return in;
    }

    @Override
    public long bytes() {
        return 4L * in * out;
    }

    @Override
    public DecodeFormat format() {
        return DecodeFormat.FP32;
    }

    @Override
    public void multiplyRows(MatVecKernels k, float[] x, float[] xEven, float[] xOdd, float[] y, int from, int to) {
        k.columnsFp32(data, in, out, x, y, from, to);
    }
}
