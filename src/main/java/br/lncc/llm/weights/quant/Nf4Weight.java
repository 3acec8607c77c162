package br.lncc.llm.weights.quant;

/**
 * A tensor in bitsandbytes' NF4 layout: the row-major values are cut into blocks of 64, each
 * block is divided by its absmax (so it lies in [−1, 1]) and every value becomes the index of
 * the nearest {@link Nf4Code} value. Two indices share a byte, the first (even position) in the
 * high nibble — bitsandbytes' packing — and an odd count is padded with the zero code.
 *
 * <p>Error bound: a value w in a block with absmax M decodes to c·M where c is the code nearest
 * to w/M, so |w − ŵ| ≤ g·M with g the half-gap around c (at most {@link Nf4Code#maxHalfGap()}
 * ≈ 0.1519, between −1 and −0.6962). With double quantization the decoder uses M' instead of M
 * and the bound becomes g·M + |M' − M|, where |M' − M| ≤ 0.00703·absmax2 (the dynamic code's
 * widest half-gap times the second-level scale).
 */
public final class Nf4Weight implements QuantizedWeight {
    /** bitsandbytes' default blocksize for 4-bit weights. */
    public static final int BLOCK_SIZE = 64;

    private final byte[] packed;
    private final BlockScales scales;
    private final long[] shape;
    private final int size;
    private final int blockSize;

    private Nf4Weight(byte[] packed, BlockScales scales, long[] shape, int size, int blockSize) {
        this.packed = packed;
        this.scales = scales;
        this.shape = shape;
        this.size = size;
        this.blockSize = blockSize;
    }

    public static Nf4Weight quantize(float[] values, long[] shape, int blockSize, boolean doubleQuant) {
        int n = QuantFormat.checkedSize(values, shape);
        if (blockSize < 2 || Integer.bitCount(blockSize) != 1) {
            throw new br.lncc.llm.text.InvalidInputException("weights.quant.nf4Block", blockSize);
        }
        int blocks = (n + blockSize - 1) / blockSize;
        float[] absmax = new float[blocks];
        byte[] packed = new byte[(n + 1) / 2];
        for (int b = 0; b < blocks; b++) {
            int from = b * blockSize;
            int to = Math.min(n, from + blockSize);
            float m = 0;
            for (int i = from; i < to; i++) m = Math.max(m, Math.abs(values[i]));
            absmax[b] = m;
            // bitsandbytes multiplies by the reciprocal and clamps; an all-zero block maps to code 0.0.
            float inv = m == 0 ? 0 : 1f / m;
            for (int i = from; i < to; i++) {
                int code = Nf4Code.nearest(Math.max(-1f, Math.min(1f, values[i] * inv)));
                setNibble(packed, i, code);
            }
        }
        if ((n & 1) == 1) setNibble(packed, n, Nf4Code.ZERO_INDEX);
        BlockScales scales = doubleQuant ? BlockScales.DoubleQuantized.of(absmax) : new BlockScales.Fp32(absmax);
        return new Nf4Weight(packed, scales, shape.clone(), n, blockSize);
    }

    private static void setNibble(byte[] packed, int i, int code) {
        int b = i >> 1;
        packed[b] = (i & 1) == 0
                ? (byte) ((packed[b] & 0x0F) | (code << 4))
                : (byte) ((packed[b] & 0xF0) | code);
    }

    /** The NF4 index (0…15) of weight i. */
    public int code(int i) {
        int b = packed[i >> 1] & 0xFF;
        return (i & 1) == 0 ? b >>> 4 : b & 0x0F;
    }

    /** The packed bytes as bitsandbytes stores them (a copy). */
    public byte[] packed() {
        return packed.clone();
    }

    public BlockScales scales() {
        return scales;
    }

    public int blockSize() {
        return blockSize;
    }

    public boolean doubleQuantized() {
        return scales instanceof BlockScales.DoubleQuantized;
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
        float[] absmax = scales.values();
        float[] code = Nf4Code.values();
        float[] out = new float[size];
        // Block by block, two weights per byte: QLoRA expands the whole base every training step,
        // and a division i / blockSize per weight was most of this loop's time.
        for (int b = 0, from = 0; from < size; b++, from += blockSize) {
            float m = absmax[b];
            int to = Math.min(size, from + blockSize);
            int i = from;
            for (; i + 1 < to; i += 2) {
                int pair = packed[i >> 1] & 0xFF;
                out[i] = code[pair >>> 4] * m;
                out[i + 1] = code[pair & 0x0F] * m;
            }
            if (i < to) out[i] = code[(packed[i >> 1] & 0xFF) >>> 4] * m;
        }
        return out;
    }

    /** The one-weight-at-a-time decoder, kept to check {@link #dequantize()} against. */
    float[] dequantizeEachWeight() {
        float[] absmax = scales.values();
        float[] out = new float[size];
        for (int i = 0; i < size; i++) out[i] = Nf4Code.value(code(i)) * absmax[i / blockSize];
        return out;
    }

    @Override
    public MemoryFootprint footprint() {
        return new MemoryFootprint(size, packed.length, scales.bytes());
    }

    @Override
    public QuantFormat format() {
        return doubleQuantized() ? QuantFormat.NF4_DOUBLE_QUANT : QuantFormat.NF4;
    }
}
