package br.lncc.llm.weights.quant;

/**
 * The per-block absmax constants of an NF4 tensor, either kept in float32 or double-quantized
 * (QLoRA §3: "quantizing the quantization constants").
 */
public sealed interface BlockScales {

    /** Number of blocks (one constant each). */
    int count();

    /** The constants as the decoder will use them. */
    float[] values();

    /** Bytes to store the constants. */
    long bytes();

    /** One float32 absmax per block: 32 bits per block, 0.5 bit per weight at block 64. */
    record Fp32(float[] absmax) implements BlockScales {
        public Fp32 {
            absmax = absmax.clone();
        }

        @Override
        public float[] absmax() {
            return absmax.clone();
        }

        @Override
        public int count() {
            return absmax.length;
        }

        @Override
        public float[] values() {
            return absmax.clone();
        }

        @Override
        public long bytes() {
            return 4L * absmax.length;
        }
    }

    /**
     * bitsandbytes' compress_statistics: subtract the mean (offset), then quantize blockwise
     * (blocks of 256 constants) to the 8-bit dynamic code, with one float32 absmax per 256.
     * Decoded constant = DynamicCode[code]·absmax2[block] + offset.
     */
    record DoubleQuantized(byte[] codes, float[] absmax2, float offset, int blockSize) implements BlockScales {
        public static final int BLOCK_SIZE = 256;

        public DoubleQuantized {
            codes = codes.clone();
            absmax2 = absmax2.clone();
        }

        @Override
        public byte[] codes() {
            return codes.clone();
        }

        @Override
        public float[] absmax2() {
            return absmax2.clone();
        }

        public static DoubleQuantized of(float[] absmax) {
            double sum = 0;
            for (float a : absmax) sum += a;
            float offset = (float) (sum / absmax.length);
            int blocks = (absmax.length + BLOCK_SIZE - 1) / BLOCK_SIZE;
            byte[] codes = new byte[absmax.length];
            float[] absmax2 = new float[blocks];
            for (int b = 0; b < blocks; b++) {
                int from = b * BLOCK_SIZE;
                int to = Math.min(absmax.length, from + BLOCK_SIZE);
                float m = 0;
                for (int i = from; i < to; i++) m = Math.max(m, Math.abs(absmax[i] - offset));
                absmax2[b] = m;
                float inv = m == 0 ? 0 : 1f / m;
                for (int i = from; i < to; i++) {
                    float scaled = Math.max(-1f, Math.min(1f, (absmax[i] - offset) * inv));
                    codes[i] = (byte) DynamicCode.nearest(scaled);
                }
            }
            return new DoubleQuantized(codes, absmax2, offset, BLOCK_SIZE);
        }

        @Override
        public int count() {
            return codes.length;
        }

        @Override
        public float[] values() {
            float[] out = new float[codes.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = DynamicCode.value(codes[i] & 0xFF) * absmax2[i / blockSize] + offset;
            }
            return out;
        }

        /** 8 bits per constant, a float32 per 256 constants, and the float32 offset. */
        @Override
        public long bytes() {
            return codes.length + 4L * absmax2.length + 4;
        }
    }
}
