package br.lncc.llm.model.kernel;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a model's projection matrices are stored for decoding (Cap. 6.5–6.6). The name is what
 * {@code bench decode --format} and the JSON reports use.
 */
public enum DecodeFormat {
    /** Float32, read in place from the model's native arrays. */
    FP32("fp32"),
    /** One float32 scale per block of 32 along each row, codes round(127·w/absmax) (llama.cpp's Q8_0 blocking). */
    INT8("int8"),
    /** Symmetric, groups of 64 along each row, levels −7…7 (Cap. 6's INT4). */
    INT4("int4"),
    /** bitsandbytes NF4, blocks of 64, float32 absmax. */
    NF4("nf4"),
    /** NF4 with the absmax constants quantized again to 8 bits (QLoRA's double quantization). */
    NF4_DOUBLE_QUANT("nf4-dq");

    private final String cliName;

    DecodeFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static DecodeFormat fromCliName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (DecodeFormat f : values()) if (f.cliName.equals(n)) return f;
        throw new IllegalArgumentException("format '" + name + "' unknown; expected one of "
                + Arrays.stream(values()).map(DecodeFormat::cliName).toList());
    }

    /** Quantizes a row-major [rows, cols] float32 matrix into this format (not FP32). */
    public PackedRows quantize(float[] values, int rows, int cols) {
        return switch (this) {
            case FP32 -> throw new IllegalArgumentException("FP32 is read in place, not packed");
            case INT8 -> PackedRows.int8(values, rows, cols);
            case INT4 -> PackedRows.int4(values, rows, cols);
            case NF4 -> PackedRows.nf4(values, rows, cols, false);
            case NF4_DOUBLE_QUANT -> PackedRows.nf4(values, rows, cols, true);
        };
    }
}
