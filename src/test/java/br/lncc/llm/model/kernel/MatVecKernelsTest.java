package br.lncc.llm.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every decode kernel, Vector API and portable, against the one-weight-at-a-time float64
 * reference, on random shapes with odd widths and short last blocks. "1e-5 relative" is measured
 * against Σ|wᵢ·xᵢ| (the size of the terms), since a sum of signed terms can cancel to ~0.
 */
class MatVecKernelsTest {
    private static final int[] WIDTHS = {1, 7, 31, 32, 33, 63, 64, 65, 127, 200, 768, 899};

    private static List<MatVecKernels> kernels() {
        return MatVecKernels.best() == MatVecKernels.portable()
                ? List.of(MatVecKernels.portable())
                : List.of(MatVecKernels.best(), MatVecKernels.portable());
    }

    private static float[] gaussian(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale * (i % 11 == 0 ? 4 : 1));
        return v;
    }

    private static void assertClose(double expected, double magnitude, float actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-5 * magnitude + 1e-30,
                what + ": expected " + expected + " got " + actual + " (terms " + magnitude + ")");
    }

    @Test
    void theVectorApiIsUsedWhenItsModuleIsPresent() {
        assertEquals(MatVecKernels.vectorModulePresent() && !"portable".equals(System.getProperty("companion.kernels")),
                MatVecKernels.best().name().startsWith("vector-api"), MatVecKernels.best().name());
    }

    @Test
    void packedRowsEqualTheScalarReferenceForEveryFormatAndWidth() {
        Random r = new Random(1);
        for (MatVecKernels k : kernels()) assertPackedRowsMatchTheReference(k, r);
    }

    /**
     * The narrower vector width of this CPU (256 bits where the JVM prefers 512) runs other code
     * paths (NF4's two-half lookup): a child JVM capped at 256 bits checks them against the same reference.
     */
    @Test
    void theNarrowerVectorWidthEqualsTheReferenceToo() throws Exception {
        assumeTrue(MatVecKernels.best().name().equals("vector-api 512-bit"), "the CPU runs 512-bit vectors");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Dcompanion.kernels.bits=256",
                "-cp", System.getProperty("java.class.path"), NarrowWidthProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("checked vector-api 256-bit"), out);
    }

    /** The child JVM of {@link #theNarrowerVectorWidthEqualsTheReferenceToo}. */
    static final class NarrowWidthProbe {
        public static void main(String[] args) {
            assertPackedRowsMatchTheReference(MatVecKernels.best(), new Random(1));
            System.out.println("checked " + MatVecKernels.best().name());
            System.exit(0);
        }
    }

    static void assertPackedRowsMatchTheReference(MatVecKernels k, Random r) {
        for (DecodeFormat f : List.of(DecodeFormat.INT8, DecodeFormat.INT4, DecodeFormat.NF4, DecodeFormat.NF4_DOUBLE_QUANT)) {
            for (int cols : WIDTHS) {
                int rows = 1 + r.nextInt(40);
                PackedRows m = f.quantize(gaussian(r, rows * cols, 0.05), rows, cols);
                float[] x = gaussian(r, cols, 1);
                float[] w = m.dequantize();
                float[] even = new float[(cols + 1) / 2], odd = new float[(cols + 1) / 2];
                for (int c = 0; c < cols; c++) (c % 2 == 0 ? even : odd)[c / 2] = x[c];
                float[] y = new float[rows];
                m.multiplyRows(k, x, even, odd, y, 0, rows);
                for (int row = 0; row < rows; row++) {
                    int rb = m.rowBytes() * row, sb = m.scalesPerRow() * row;
                    double ref = switch (f) {
                        case INT8 -> ScalarReference.dotInt8(m.data(), rb, m.scales(), sb, x, cols);
                        case INT4 -> ScalarReference.dotInt4(m.data(), rb, m.scales(), sb, x, cols);
                        default -> ScalarReference.dotNf4(m.data(), rb, m.scales(), sb, x, cols);
                    };
                    double mag = 0;
                    for (int c = 0; c < cols; c++) mag += Math.abs((double) w[row * cols + c] * x[c]);
                    assertClose(ref, mag, y[row], k.name() + " " + f + " " + rows + "×" + cols + " row " + row);
                    assertEquals(ref, ScalarReference.dot(w, row * cols, x, cols), 1e-6 * mag + 1e-30,
                            "dequantize() decodes what the kernel multiplies");
                }
                float[] pooled = new float[rows];
                m.multiply(x, pooled);
                float[] single = new float[rows];
                m.multiplyRows(MatVecKernels.best(), x, even, odd, single, 0, rows);
                assertArrayEquals(single, pooled, "the pool splits rows without changing any sum");
            }
        }
    }

    /**
     * The Vector API's own per-vector bounds checks are off (they halved NF4's speed), so each kernel
     * checks its range on entry: a call past the end of its arrays is an exception, never a read or
     * write beyond them.
     */
    @Test
    void aCallPastTheEndOfItsArraysThrowsInsteadOfReadingBeyondThem() {
        PackedRows m = DecodeFormat.NF4.quantize(gaussian(new Random(5), 2 * 128, 1), 2, 128);
        float[] half = new float[64];
        for (MatVecKernels k : kernels()) {
            assertThrows(IndexOutOfBoundsException.class, () -> k.dotNf4(m.data(), 64, m.scales(), 2, half, half, 256));
            assertThrows(IndexOutOfBoundsException.class, () -> k.dotInt4(m.data(), 0, m.scales(), 0, half, new float[3], 128));
            assertThrows(IndexOutOfBoundsException.class, () -> k.dotInt8(new byte[40], 0, new float[2], 0, new float[41], 41));
            assertThrows(IndexOutOfBoundsException.class, () -> k.dot(half, 60, half, 0, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> k.axpy(1f, half, 0, new float[7], 0, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> k.geluNew(new float[7], 8));
            ByteBuffer w = ByteBuffer.allocateDirect(4 * 30).order(ByteOrder.nativeOrder());
            assertThrows(IndexOutOfBoundsException.class, () -> k.dotFp32(w, 0, new float[32], 32));
        }
    }

    @Test
    void fp32RowsAndColumnsReadNativeBuffersLikeTheReference() {
        Random r = new Random(2);
        for (MatVecKernels k : kernels()) {
            for (int cols : WIDTHS) {
                int rows = 1 + r.nextInt(70);
                float[] w = gaussian(r, rows * cols, 0.1);
                ByteBuffer buf = ByteBuffer.allocateDirect(4 * w.length).order(ByteOrder.nativeOrder());
                buf.asFloatBuffer().put(w);
                float[] x = gaussian(r, cols, 1);
                Fp32RowMatrix rowsMatrix = new Fp32RowMatrix(buf, rows, cols);
                float[] y = new float[rows];
                rowsMatrix.multiplyRows(k, x, null, null, y, 0, rows);
                for (int row = 0; row < rows; row++) {
                    double mag = 0;
                    for (int c = 0; c < cols; c++) mag += Math.abs((double) w[row * cols + c] * x[c]);
                    assertClose(ScalarReference.dot(w, row * cols, x, cols), mag, y[row], k.name() + " fp32 row " + cols);
                }
                // The same buffer read as [in = rows, out = cols] (GPT-2's Conv1D), x of length rows.
                float[] xin = gaussian(r, rows, 1);
                Fp32ColumnMatrix columns = new Fp32ColumnMatrix(buf, rows, cols);
                float[] out = new float[cols];
                int from = cols > 3 ? 1 : 0;
                columns.multiplyRows(k, xin, null, null, out, from, cols);
                for (int o = from; o < cols; o++) {
                    double mag = 0;
                    for (int i = 0; i < rows; i++) mag += Math.abs((double) xin[i] * w[i * cols + o]);
                    assertClose(ScalarReference.column(w, rows, cols, xin, o), mag, out[o], k.name() + " fp32 column " + o);
                }
            }
        }
    }

    @Test
    void aColumnMatrixSummedBySlabsOfInputRowsEqualsTheReference() {
        Random r = new Random(5);
        int[][] shapes = {{1, 7}, {3, 33}, {5, 64}, {33, 17}, {200, 899}, {768, 65}, {97, 2304}};
        for (int[] shape : shapes) {
            int in = shape[0], out = shape[1];
            float[] w = gaussian(r, in * out, 0.1);
            ByteBuffer buf = ByteBuffer.allocateDirect(4 * w.length).order(ByteOrder.nativeOrder());
            buf.asFloatBuffer().put(w);
            float[] x = gaussian(r, in, 1);
            for (MatVecKernels k : kernels()) {
                // One slab [from, to) added to what y already holds, at an offset.
                int from = in / 3, to = in - in / 4;
                float[] y = gaussian(r, out + 5, 1), before = y.clone();
                k.accumulateRowsFp32(buf, out, x, from, to, y, 5);
                for (int o = 0; o < out; o++) {
                    double ref = before[5 + o], mag = Math.abs(before[5 + o]);
                    for (int i = from; i < to; i++) {
                        ref += (double) x[i] * w[i * out + o];
                        mag += Math.abs((double) x[i] * w[i * out + o]);
                    }
                    assertClose(ref, mag, y[5 + o], k.name() + " slab of " + in + "×" + out + " column " + o);
                }
                assertEquals(before[0], y[0], "nothing before yAt is touched");
            }
            float[] y = new float[out], again = new float[out];
            new Fp32ColumnMatrix(buf, in, out).multiply(x, y);
            new Fp32ColumnMatrix(buf, in, out).multiply(x, again);
            for (int o = 0; o < out; o++) {
                double mag = 0;
                for (int i = 0; i < in; i++) mag += Math.abs((double) x[i] * w[i * out + o]);
                assertClose(ScalarReference.column(w, in, out, x, o), mag, y[o], "pooled " + in + "×" + out + " column " + o);
            }
            assertArrayEquals(y, again, "slabs are summed in one order whichever thread took them");
        }
    }

    /** The INT8 lm_head is quantized row by row from the embedding's native memory: the same bytes as from a heap copy. */
    @Test
    void int8RowsFromANativeBufferEqualTheHeapCopysRows() {
        Random r = new Random(6);
        for (int cols : new int[] {1, 31, 32, 33, 768}) {
            int rows = 1 + r.nextInt(50);
            float[] w = gaussian(r, rows * cols, 0.05);
            ByteBuffer buf = ByteBuffer.allocateDirect(4 * w.length + 12).order(ByteOrder.nativeOrder());
            buf.asFloatBuffer().put(w);
            PackedRows heap = DecodeFormat.INT8.quantize(w, rows, cols), fromBuffer = PackedRows.int8(buf, rows, cols);
            assertArrayEquals(heap.data(), fromBuffer.data(), rows + "×" + cols);
            assertArrayEquals(heap.scales(), fromBuffer.scales(), rows + "×" + cols);
        }
        assertThrows(IllegalArgumentException.class, () -> PackedRows.int8(ByteBuffer.allocateDirect(16), 2, 3));
    }

    @Test
    void vectorHelpersMatchTheirDefinitions() {
        Random r = new Random(3);
        for (MatVecKernels k : kernels()) {
            for (int n : WIDTHS) {
                float[] a = gaussian(r, n + 3, 1), b = gaussian(r, n + 5, 1);
                double mag = 0, ref = 0;
                for (int i = 0; i < n; i++) {
                    ref += (double) a[i + 3] * b[i + 5];
                    mag += Math.abs((double) a[i + 3] * b[i + 5]);
                }
                assertClose(ref, mag, k.dot(a, 3, b, 5, n), k.name() + " dot " + n);
                double sum = 0, sumMag = 0;
                for (int i = 0; i < n; i++) {
                    sum += a[i + 3];
                    sumMag += Math.abs(a[i + 3]);
                }
                assertClose(sum, sumMag, k.sum(a, 3, n), k.name() + " sum " + n);
                float[] y = b.clone();
                k.axpy(0.7f, a, 3, y, 5, n);
                for (int i = 0; i < n; i++) assertEquals(b[i + 5] + 0.7f * a[i + 3], y[i + 5], 1e-6f);
                float[] g = gaussian(r, n, 2);
                float[] gelu = g.clone();
                k.geluNew(gelu, n);
                for (int i = 0; i < n; i++) assertEquals(ScalarReference.geluNew(g[i]), gelu[i], 1e-5 * (1 + Math.abs(g[i])));
                float[] up = gaussian(r, n + 2, 1);
                float[] swiglu = g.clone();
                k.swiglu(swiglu, up, 2, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(ScalarReference.silu(g[i]) * up[i + 2], swiglu[i], 1e-5 * (1 + Math.abs(g[i] * up[i + 2])));
                }
            }
        }
    }

    @Test
    void concatenatedRowsMultiplyLikeTheirParts() {
        Random r = new Random(4);
        for (DecodeFormat f : List.of(DecodeFormat.INT8, DecodeFormat.INT4, DecodeFormat.NF4)) {
            PackedRows a = f.quantize(gaussian(r, 5 * 77, 0.1), 5, 77);
            PackedRows b = f.quantize(gaussian(r, 3 * 77, 0.1), 3, 77);
            PackedRows ab = PackedRows.concatRows(a, b);
            float[] x = gaussian(r, 77, 1);
            float[] ya = new float[5], yb = new float[3], yab = new float[8];
            a.multiply(x, ya);
            b.multiply(x, yb);
            ab.multiply(x, yab);
            for (int i = 0; i < 5; i++) assertEquals(ya[i], yab[i], 0f);
            for (int i = 0; i < 3; i++) assertEquals(yb[i], yab[5 + i], 0f);
            assertEquals(a.footprint().plus(b.footprint()), ab.footprint());
        }
    }
}
