package br.lncc.llm.model.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A float32 matrix stored [in, out] (GPT-2's Conv1D: y = x·W) read in place, without a transposed
 * copy. {@link #multiply} gives each task a contiguous slab of input rows and sums the slabs'
 * partial outputs; {@link #multiplyRows} (a range of output columns) reads a slice of every row.
 *
 * <p>Why slabs: splitting the output columns made each thread read 1–1.5 KB of every 3–12 KB row —
 * a new page at every step, which the hardware prefetcher never learns — and moved 3–5 GB/s where a
 * row-major matrix of the same size moved 11–19 GB/s (GPT-2 small's c_fc and mlp.c_proj, 2 threads,
 * interleaved rounds on the loaded test machine). A slab is one front-to-back stream.
 */
public record Fp32ColumnMatrix(ByteBuffer data, int in, int out) implements DecodeMatrix {

    /** Each thread's partial outputs, reused across calls (slabs × out floats). */
    private static final ThreadLocal<float[]> PARTIAL = ThreadLocal.withInitial(() -> new float[0]);

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

    /**
     * y = x·W: four slabs of input rows per thread (so a core taken by another process leaves
     * little behind), each summed into its own partial vector, then the partials added in slab
     * order — the same sums whichever thread took which slab.
     */
    @Override
    public void multiply(float[] x, float[] y) {
        MatVecKernels k = MatVecKernels.best();
        RowParallel pool = RowParallel.shared();
        int per = Math.max(4, (in + 4 * pool.threads() - 1) / (4 * pool.threads()));
        int slabs = (in + per - 1) / per;
        float[] partial = PARTIAL.get();
        if (partial.length < slabs * out) {
            partial = new float[slabs * out];
            PARTIAL.set(partial);
        }
        float[] p = partial;
        pool.forRanges(slabs, 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                Arrays.fill(p, s * out, (s + 1) * out, 0f);
                k.accumulateRowsFp32(data, out, x, s * per, Math.min(in, (s + 1) * per), p, s * out);
            }
        });
        System.arraycopy(p, 0, y, 0, out);
        for (int s = 1; s < slabs; s++) k.axpy(1f, p, s * out, y, 0, out);
    }
}
