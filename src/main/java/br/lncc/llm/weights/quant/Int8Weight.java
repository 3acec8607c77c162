package br.lncc.llm.weights.quant;

/**
 * INT8 with one absmax per row (bitsandbytes' vector-wise LLM.int8() quantization without the
 * outlier split): q = round(127·w/absmax_row), ŵ = q·absmax_row/127. Error ≤ absmax_row/254.
 */
public final class Int8Weight implements QuantizedWeight {
    private final byte[] codes;
    private final float[] rowAbsmax;
    private final long[] shape;
    private final int cols;

    private Int8Weight(byte[] codes, float[] rowAbsmax, long[] shape, int cols) {
        this.codes = codes;
        this.rowAbsmax = rowAbsmax;
        this.shape = shape;
        this.cols = cols;
    }

    public static Int8Weight quantize(float[] values, long[] shape) {
        int n = QuantFormat.checkedSize(values, shape);
        int cols = (int) shape[shape.length - 1];
        int rows = n / cols;
        byte[] codes = new byte[n];
        float[] absmax = new float[rows];
        for (int r = 0; r < rows; r++) {
            float m = 0;
            for (int j = 0; j < cols; j++) m = Math.max(m, Math.abs(values[r * cols + j]));
            absmax[r] = m;
            float k = m == 0 ? 0 : 127f / m;
            for (int j = 0; j < cols; j++) codes[r * cols + j] = (byte) Math.rint(values[r * cols + j] * k);
        }
        return new Int8Weight(codes, absmax, shape.clone(), cols);
    }

    public float[] rowAbsmax() {
        return rowAbsmax.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int size() {
        return codes.length;
    }

    @Override
    public float[] dequantize() {
        float[] out = new float[codes.length];
        for (int i = 0; i < out.length; i++) out[i] = codes[i] * (rowAbsmax[i / cols] / 127f);
        return out;
    }

    @Override
    public MemoryFootprint footprint() {
        return new MemoryFootprint(codes.length, codes.length, 4L * rowAbsmax.length);
    }

    @Override
    public QuantFormat format() {
        return QuantFormat.INT8;
    }
}
