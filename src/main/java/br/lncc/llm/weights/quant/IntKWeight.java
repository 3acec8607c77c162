package br.lncc.llm.weights.quant;

/**
 * Symmetric group-wise INT-k: each row is cut into groups of g values; a group's scale is
 * absmax/qmax with qmax = 2^(k−1) − 1 (7 for INT4, the levels −7…+7 of Cap. 7.4.9), and a value
 * becomes clamp(round(w/scale), −qmax, qmax). Codes are bit-packed, k bits each, little end
 * first. Error ≤ scale/2 = absmax_group/(2·qmax).
 */
public final class IntKWeight implements QuantizedWeight {
    private final byte[] packed;
    private final float[] scales;
    private final long[] shape;
    private final int size;
    private final int bits;
    private final int groupSize;
    private final int cols;

    private IntKWeight(byte[] packed, float[] scales, long[] shape, int size, int bits, int groupSize, int cols) {
        this.packed = packed;
        this.scales = scales;
        this.shape = shape;
        this.size = size;
        this.bits = bits;
        this.groupSize = groupSize;
        this.cols = cols;
    }

    public static IntKWeight quantize(float[] values, long[] shape, int bits, int groupSize) {
        int n = QuantFormat.checkedSize(values, shape);
        if (bits < 2 || bits > 8) throw new br.lncc.llm.text.InvalidInputException("weights.quant.bits", bits);
        if (groupSize < 1) throw new br.lncc.llm.text.InvalidInputException("weights.quant.group", groupSize);
        int cols = (int) shape[shape.length - 1];
        int rows = n / cols;
        int groupsPerRow = (cols + groupSize - 1) / groupSize;
        int qmax = (1 << (bits - 1)) - 1;
        float[] scales = new float[rows * groupsPerRow];
        byte[] packed = new byte[(int) (((long) n * bits + 7) / 8)];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < groupsPerRow; g++) {
                int from = r * cols + g * groupSize;
                int to = r * cols + Math.min(cols, (g + 1) * groupSize);
                float m = 0;
                for (int i = from; i < to; i++) m = Math.max(m, Math.abs(values[i]));
                // The seed's compression script clamps the scale at 1e-8 so all-zero groups stay finite.
                float scale = Math.max(m / qmax, 1e-8f);
                scales[r * groupsPerRow + g] = scale;
                for (int i = from; i < to; i++) {
                    int q = (int) Math.max(-qmax, Math.min(qmax, Math.rint(values[i] / scale)));
                    writeBits(packed, (long) i * bits, bits, q + qmax);
                }
            }
        }
        return new IntKWeight(packed, scales, shape.clone(), n, bits, groupSize, cols);
    }

    private static void writeBits(byte[] out, long bitPos, int bits, int value) {
        for (int k = 0; k < bits; k++) {
            long p = bitPos + k;
            if (((value >>> k) & 1) != 0) out[(int) (p >>> 3)] |= (byte) (1 << (p & 7));
        }
    }

    private int readBits(long bitPos) {
        int v = 0;
        for (int k = 0; k < bits; k++) {
            long p = bitPos + k;
            v |= ((packed[(int) (p >>> 3)] >>> (p & 7)) & 1) << k;
        }
        return v;
    }

    /** The signed code of weight i, in −qmax…qmax. */
    public int code(int i) {
        return readBits((long) i * bits) - ((1 << (bits - 1)) - 1);
    }

    public int bits() {
        return bits;
    }

    public int groupSize() {
        return groupSize;
    }

    public float scaleOf(int i) {
        int groupsPerRow = (cols + groupSize - 1) / groupSize;
        return scales[(i / cols) * groupsPerRow + (i % cols) / groupSize];
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public float[] dequantize() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) out[i] = code(i) * scaleOf(i);
        return out;
    }

    @Override
    public MemoryFootprint footprint() {
        return new MemoryFootprint(size, packed.length, 4L * scales.length);
    }

    @Override
    public QuantFormat format() {
        return QuantFormat.INT4;
    }
}
