package br.lncc.llm.model.kernel;

import br.lncc.llm.weights.quant.BlockScales;
import br.lncc.llm.weights.quant.MemoryFootprint;
import br.lncc.llm.weights.quant.Nf4Code;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A quantized [out, in] matrix kept row by row: each row's codes start on a byte boundary and
 * have their own scales (one per block along the row, the last block possibly short), so rows can
 * be multiplied independently and matrices concatenated by rows (q, k, v → qkv).
 *
 * <p>INT8: one byte per value, scale = absmax/127 per block of 32. INT4: two values per byte (even
 * column in the low nibble), nibble = round(w/scale) + 7 with scale = max(absmax/7, 1e-8) per
 * group of 64. NF4: bitsandbytes' order (even column in the high nibble), nearest NF4 code of
 * w/absmax per block of 64; with double quantization the decoder's absmax is the 8-bit
 * reconstruction, exactly as {@link br.lncc.llm.weights.quant.Nf4Weight} decodes it. When the
 * row length is a multiple of 64 the bytes equal bitsandbytes' flat layout.
 */
public final class PackedRows implements DecodeMatrix {
    private final DecodeFormat format;
    private final int rows;
    private final int cols;
    private final byte[] data;
    private final float[] scales;
    private final long storedConstantBytes;

    private PackedRows(DecodeFormat format, int rows, int cols, byte[] data, float[] scales, long storedConstantBytes) {
        this.format = format;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.scales = scales;
        this.storedConstantBytes = storedConstantBytes;
    }

    static int blockOf(DecodeFormat f) {
        return f == DecodeFormat.INT8 ? MatVecKernels.INT8_BLOCK : MatVecKernels.NIBBLE_BLOCK;
    }

    private static void checkShape(float[] values, int rows, int cols) {
        if (rows <= 0 || cols <= 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("shape " + rows + "×" + cols + " does not match " + values.length + " values");
        }
    }

    static PackedRows int8(float[] w, int rows, int cols) {
        checkShape(w, rows, cols);
        return int8(rows, cols, (r, row) -> System.arraycopy(w, r * cols, row, 0, cols));
    }

    /**
     * INT8 rows quantized from float32 values in a (native) buffer, [rows, cols] row-major, one row at
     * a time: no float32 copy of the whole matrix on the heap. An INT8 lm_head built from a heap copy
     * of the embedding kept that copy's size in the JVM's resident memory for the rest of the run
     * (545 MB for Qwen2.5-0.5B, 1.05 GB for SmolLM3-3B).
     */
    public static PackedRows int8(ByteBuffer floats, int rows, int cols) {
        FloatBuffer f = floats.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        if (rows <= 0 || cols <= 0 || (long) rows * cols > f.capacity()) {
            throw new IllegalArgumentException("shape " + rows + "×" + cols + " does not fit " + f.capacity() + " values");
        }
        return int8(rows, cols, (r, row) -> f.get(r * cols, row));
    }

    /** Fills {@code row} with row r of a matrix. */
    @FunctionalInterface
    private interface RowSource {
        void read(int r, float[] row);
    }

    private static PackedRows int8(int rows, int cols, RowSource source) {
        int per = (cols + MatVecKernels.INT8_BLOCK - 1) / MatVecKernels.INT8_BLOCK;
        byte[] codes = new byte[Math.multiplyExact(rows, cols)];
        float[] scales = new float[rows * per];
        float[] w = new float[cols];
        for (int r = 0; r < rows; r++) {
            source.read(r, w);
            for (int b = 0; b < per; b++) {
                int from = b * MatVecKernels.INT8_BLOCK;
                int to = Math.min(cols, (b + 1) * MatVecKernels.INT8_BLOCK);
                float m = 0;
                for (int i = from; i < to; i++) m = Math.max(m, Math.abs(w[i]));
                scales[r * per + b] = m / 127f;
                float k = m == 0 ? 0 : 127f / m;
                for (int i = from; i < to; i++) codes[r * cols + i] = (byte) Math.max(-127, Math.min(127, Math.rint(w[i] * k)));
            }
        }
        return new PackedRows(DecodeFormat.INT8, rows, cols, codes, scales, 4L * scales.length);
    }

    static PackedRows int4(float[] w, int rows, int cols) {
        checkShape(w, rows, cols);
        int g = MatVecKernels.NIBBLE_BLOCK;
        int per = (cols + g - 1) / g;
        int rowBytes = (cols + 1) / 2;
        byte[] packed = new byte[Math.multiplyExact(rows, rowBytes)];
        float[] scales = new float[rows * per];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < per; b++) {
                int from = b * g, to = Math.min(cols, from + g);
                float m = 0;
                for (int c = from; c < to; c++) m = Math.max(m, Math.abs(w[r * cols + c]));
                // The seed's compression script clamps the scale at 1e-8 so all-zero groups stay finite.
                float scale = Math.max(m / 7f, 1e-8f);
                scales[r * per + b] = scale;
                for (int c = from; c < to; c++) {
                    int q = (int) Math.max(-7, Math.min(7, Math.rint(w[r * cols + c] / scale))) + 7;
                    int at = r * rowBytes + c / 2;
                    packed[at] = (byte) ((c & 1) == 0 ? (packed[at] & 0xF0) | q : (packed[at] & 0x0F) | (q << 4));
                }
            }
            if ((cols & 1) == 1) packed[r * rowBytes + rowBytes - 1] |= (byte) (7 << 4); // padding decodes to 0
        }
        return new PackedRows(DecodeFormat.INT4, rows, cols, packed, scales, 4L * scales.length);
    }

    static PackedRows nf4(float[] w, int rows, int cols, boolean doubleQuant) {
        checkShape(w, rows, cols);
        int g = MatVecKernels.NIBBLE_BLOCK;
        int per = (cols + g - 1) / g;
        int rowBytes = (cols + 1) / 2;
        byte[] packed = new byte[Math.multiplyExact(rows, rowBytes)];
        float[] absmax = new float[rows * per];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < per; b++) {
                int from = b * g, to = Math.min(cols, from + g);
                float m = 0;
                for (int c = from; c < to; c++) m = Math.max(m, Math.abs(w[r * cols + c]));
                absmax[r * per + b] = m;
                // bitsandbytes multiplies by the reciprocal and clamps; an all-zero block maps to code 0.0.
                float inv = m == 0 ? 0 : 1f / m;
                for (int c = from; c < to; c++) {
                    int code = Nf4Code.nearest(Math.max(-1f, Math.min(1f, w[r * cols + c] * inv)));
                    int at = r * rowBytes + c / 2;
                    packed[at] = (byte) ((c & 1) == 0 ? (packed[at] & 0x0F) | (code << 4) : (packed[at] & 0xF0) | code);
                }
            }
            if ((cols & 1) == 1) packed[r * rowBytes + rowBytes - 1] |= (byte) Nf4Code.ZERO_INDEX;
        }
        if (!doubleQuant) return new PackedRows(DecodeFormat.NF4, rows, cols, packed, absmax, 4L * absmax.length);
        BlockScales.DoubleQuantized dq = BlockScales.DoubleQuantized.of(absmax);
        return new PackedRows(DecodeFormat.NF4_DOUBLE_QUANT, rows, cols, packed, dq.values(), dq.bytes());
    }

    /** The rows of several matrices of one format and width, one after the other (q, k, v → qkv). */
    public static PackedRows concatRows(PackedRows... parts) {
        int rows = 0, dataLength = 0, scaleLength = 0;
        long constants = 0;
        for (PackedRows p : parts) {
            if (p.format != parts[0].format || p.cols != parts[0].cols) {
                throw new IllegalArgumentException("only matrices of one format and width concatenate by rows");
            }
            rows += p.rows;
            dataLength = Math.addExact(dataLength, p.data.length);
            scaleLength += p.scales.length;
            constants += p.storedConstantBytes;
        }
        byte[] data = new byte[dataLength];
        float[] scales = new float[scaleLength];
        int d = 0, s = 0;
        for (PackedRows p : parts) {
            System.arraycopy(p.data, 0, data, d, p.data.length);
            System.arraycopy(p.scales, 0, scales, s, p.scales.length);
            d += p.data.length;
            s += p.scales.length;
        }
        return new PackedRows(parts[0].format, rows, parts[0].cols, data, scales, constants);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public DecodeFormat format() {
        return format;
    }

    @Override
    public boolean nibbles() {
        return format != DecodeFormat.INT8;
    }

    /** Codes + the float32 scales the kernel reads (double-quantized scales are read decoded). */
    @Override
    public long bytes() {
        return data.length + 4L * scales.length;
    }

    /** Memory as stored: codes + constants (double-quantized constants at their 8-bit size). */
    public MemoryFootprint footprint() {
        return new MemoryFootprint((long) rows * cols, data.length, storedConstantBytes);
    }

    int rowBytes() {
        return format == DecodeFormat.INT8 ? cols : (cols + 1) / 2;
    }

    int scalesPerRow() {
        int g = blockOf(format);
        return (cols + g - 1) / g;
    }

    byte[] data() {
        return data;
    }

    float[] scales() {
        return scales;
    }

    @Override
    public void multiplyRows(MatVecKernels k, float[] x, float[] xEven, float[] xOdd, float[] y, int from, int to) {
        int rb = rowBytes(), sp = scalesPerRow();
        switch (format) {
            case INT8 -> {
                for (int r = from; r < to; r++) y[r] = k.dotInt8(data, r * rb, scales, r * sp, x, cols);
            }
            case INT4 -> {
                for (int r = from; r < to; r++) y[r] = k.dotInt4(data, r * rb, scales, r * sp, xEven, xOdd, cols);
            }
            default -> {
                for (int r = from; r < to; r++) y[r] = k.dotNf4(data, r * rb, scales, r * sp, xEven, xOdd, cols);
            }
        }
    }

    /**
     * The float32 matrix [rows, cols] the codes stand for (the dequantize-then-multiply path), block
     * by block: each weight is exactly {@link ScalarReference}'s value rounded to float32.
     */
    public float[] dequantize() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        int rb = rowBytes(), sp = scalesPerRow(), g = blockOf(format);
        float[] nf4 = Nf4Code.values();
        for (int r = 0; r < rows; r++) {
            int o = r * cols, d = r * rb;
            for (int b = 0; b < sp; b++) {
                float scale = scales[r * sp + b];
                int to = Math.min(cols, (b + 1) * g);
                switch (format) {
                    case INT8 -> {
                        for (int c = b * g; c < to; c++) out[o + c] = (float) (data[d + c] * (double) scale);
                    }
                    case INT4 -> {
                        for (int c = b * g; c < to; c++) {
                            int v = data[d + c / 2] & 0xFF;
                            out[o + c] = (float) ((((c & 1) == 0 ? v & 15 : v >>> 4) - 7) * (double) scale);
                        }
                    }
                    default -> {
                        for (int c = b * g; c < to; c++) {
                            int v = data[d + c / 2] & 0xFF;
                            out[o + c] = (float) (nf4[(c & 1) == 0 ? v >>> 4 : v & 15] * (double) scale);
                        }
                    }
                }
            }
        }
        return out;
    }
}
