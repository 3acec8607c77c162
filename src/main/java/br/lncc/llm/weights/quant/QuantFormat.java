package br.lncc.llm.weights.quant;

/**
 * The storage formats of Cap. 6's comparison, each with the parameters the book and bitsandbytes
 * use by default. Shapes are Linear's [out, in]: rows are output features.
 */
public enum QuantFormat {
    /** Reference: no quantization. */
    FP32("FP32"),
    /** One absmax per row, codes round(127·w/absmax) (bitsandbytes' vector-wise INT8). */
    INT8("INT8"),
    /** Symmetric INT4 in groups of 64 along each row, levels −7…7 (Cap. 7.4.9's scheme, per group). */
    INT4("INT4"),
    /** bitsandbytes NF4, blocks of 64, fp32 absmax. */
    NF4("NF4"),
    /** NF4 with the absmax constants quantized again to 8 bits in blocks of 256 (double quantization). */
    NF4_DOUBLE_QUANT("NF4 + DQ");

    private final String label;

    QuantFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public QuantizedWeight quantize(float[] values, long... shape) {
        return switch (this) {
            case FP32 -> new Fp32Weight(values, shape);
            case INT8 -> Int8Weight.quantize(values, shape);
            case INT4 -> IntKWeight.quantize(values, shape, 4, 64);
            case NF4 -> Nf4Weight.quantize(values, shape, Nf4Weight.BLOCK_SIZE, false);
            case NF4_DOUBLE_QUANT -> Nf4Weight.quantize(values, shape, Nf4Weight.BLOCK_SIZE, true);
        };
    }

    static int checkedSize(float[] values, long[] shape) {
        if (shape.length == 0) throw new br.lncc.llm.text.InvalidInputException("weights.quant.noShape");
        long n = 1;
        for (long d : shape) {
            if (d <= 0) throw new br.lncc.llm.text.InvalidInputException("weights.quant.badDimension", d);
            n *= d;
        }
        if (n != values.length) {
            throw new br.lncc.llm.text.InvalidInputException("weights.quant.count", n, values.length);
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new br.lncc.llm.text.InvalidInputException("weights.quant.notFinite");
            }
        }
        return (int) n;
    }
}
