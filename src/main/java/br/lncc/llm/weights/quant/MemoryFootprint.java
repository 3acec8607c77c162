package br.lncc.llm.weights.quant;

/**
 * What a tensor costs in memory: the codes themselves and the constants needed to decode them
 * (block scales, second-level scales, offsets). Code tables shared by every tensor of a model
 * (NF4's 16 values, the 256-entry dynamic map) are not counted per tensor.
 */
public record MemoryFootprint(long weights, long codeBytes, long constantBytes) {

    public MemoryFootprint {
        if (weights < 0 || codeBytes < 0 || constantBytes < 0) {
            // A programming error (the counts come from our own shapes), so a technical English text.
            throw new IllegalArgumentException("negative counts in a tensor's memory footprint");
        }
    }

    /** The same weights in float32. */
    public long fp32Bytes() {
        return 4L * weights;
    }

    public long bytes() {
        return codeBytes + constantBytes;
    }

    /** Bits per weight including constants: 32 for FP32, 4.5 for NF4 with fp32 absmax per 64. */
    public double bitsPerWeight() {
        return weights == 0 ? 0 : 8.0 * bytes() / weights;
    }

    /** How many times smaller than float32. */
    public double compression() {
        return bytes() == 0 ? 0 : (double) fp32Bytes() / bytes();
    }

    public MemoryFootprint plus(MemoryFootprint other) {
        return new MemoryFootprint(
                weights + other.weights, codeBytes + other.codeBytes, constantBytes + other.constantBytes);
    }

    public static final MemoryFootprint EMPTY = new MemoryFootprint(0, 0, 0);
}
