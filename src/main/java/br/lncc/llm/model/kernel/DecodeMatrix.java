package br.lncc.llm.model.kernel;

/**
 * A weight matrix as the decode step multiplies it by one activation vector: y = W·x with W
 * [rows = out, cols = in]. Each implementation reads its own storage directly (see
 * {@link MatVecKernels}); {@link #multiply} spreads the output rows over the {@link RowParallel} pool.
 */
public sealed interface DecodeMatrix permits Fp32RowMatrix, Fp32ColumnMatrix, PackedRows {

    /** Output features. */
    int rows();

    /** Input features. */
    int cols();

    /** Bytes one multiplication reads (codes + scales): the memory traffic per token. */
    long bytes();

    DecodeFormat format();

    /** Rows {@code from…to} of y = W·x; {@code xEven}/{@code xOdd} are x split for the 4-bit formats. */
    void multiplyRows(MatVecKernels k, float[] x, float[] xEven, float[] xOdd, float[] y, int from, int to);

    /** True for formats that pack two values per byte and want x split into even and odd positions. */
    default boolean nibbles() {
        return false;
    }

    /** y (rows) = W·x (cols), all rows, on the shared pool. */
    default void multiply(float[] x, float[] y) {
        MatVecKernels k = MatVecKernels.best();
        float[] even = null, odd = null;
        if (nibbles()) {
            int half = (cols() + 1) / 2;
            even = new float[half];
            odd = new float[half];
            for (int j = 0; j < cols() / 2; j++) {
                even[j] = x[2 * j];
                odd[j] = x[2 * j + 1];
            }
            if ((cols() & 1) == 1) even[half - 1] = x[cols() - 1];
        }
        float[] e = even, o = odd;
        RowParallel.shared().forRanges(rows(), 64, (from, to) -> multiplyRows(k, x, e, o, y, from, to));
    }
}
