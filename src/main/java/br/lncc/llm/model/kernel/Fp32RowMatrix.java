package br.lncc.llm.model.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A float32 [out, in] matrix read in place from native memory (a Linear weight of the Llama family). */
public record Fp32RowMatrix(ByteBuffer data, int rows, int cols) implements DecodeMatrix {

    public Fp32RowMatrix {
        data = data.duplicate().order(ByteOrder.nativeOrder());
        if ((long) rows * cols * 4 > data.capacity() || (long) rows * cols * 4 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matrix " + rows + "×" + cols + " does not fit its " + data.capacity() + "-byte buffer");
        }
    }

    @Override
    public long bytes() {
        return 4L * rows * cols;
    }

    @Override
    public DecodeFormat format() {
        return DecodeFormat.FP32;
    }

    @Override
    public void multiplyRows(MatVecKernels k, float[] x, float[] xEven, float[] xOdd, float[] y, int from, int to) {
        for (int r = from; r < to; r++) y[r] = k.dotFp32(data, 4 * r * cols, x, cols);
    }
}
