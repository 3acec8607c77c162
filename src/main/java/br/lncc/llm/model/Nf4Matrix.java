package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.weights.quant.MemoryFootprint;
import br.lncc.llm.weights.quant.Nf4Code;
import br.lncc.llm.weights.quant.Nf4Weight;

/**
 * A linear layer's weight kept as NF4 in native memory (bitsandbytes' layout from
 * {@link Nf4Weight}: two 4-bit codes per byte, one absmax per block of 64) and turned back
 * into float32 for each forward pass, as bitsandbytes does on the GPU (Cap. 6, QLoRA).
 *
 * <p>Decoding without bit operations: a packed byte b holds codes b>>4 and b&15, so two
 * 256-entry tables (NF4[b>>4] and NF4[b&15]) turn every byte into its two values with two
 * lookups. The tables are indexed with the signed Java byte, which torch's indexing wraps
 * (-1 → 255) to the unsigned value.
 */
final class Nf4Matrix {
    private final NDArray packed; // (N/2) int8
    private final NDArray absmax; // (N/64, 1) float32, as the decoder uses it (after double quantization)
    private final NDArray highTable; // (256)
    private final NDArray lowTable; // (256)
    private final Shape shape;
    private final MemoryFootprint footprint;

    private Nf4Matrix(NDArray packed, NDArray absmax, NDArray highTable, NDArray lowTable, Shape shape,
            MemoryFootprint footprint) {
        this.packed = packed;
        this.absmax = absmax;
        this.highTable = highTable;
        this.lowTable = lowTable;
        this.shape = shape;
        this.footprint = footprint;
    }

    /** Quantizes a float32 matrix whose size is a multiple of the block (64) into manager. */
    static Nf4Matrix quantize(NDArray weight, boolean doubleQuant, NDArray[] tables, NDManager manager) {
        long[] dims = weight.getShape().getShape();
        Nf4Weight q = Nf4Weight.quantize(weight.toFloatArray(), dims, Nf4Weight.BLOCK_SIZE, doubleQuant);
        if (q.size() % Nf4Weight.BLOCK_SIZE != 0) {
            throw new ModelException("NF4: o tensor de forma " + weight.getShape() + " não se divide em blocos de "
                    + Nf4Weight.BLOCK_SIZE);
        }
        float[] scales = q.scales().values();
        return new Nf4Matrix(
                manager.create(q.packed()),
                manager.create(scales, new Shape(scales.length, 1)),
                tables[0], tables[1], weight.getShape(), q.footprint());
    }

    /** The two byte → value tables shared by every NF4 matrix of a model. */
    static NDArray[] tables(NDManager manager) {
        float[] high = new float[256];
        float[] low = new float[256];
        for (int b = 0; b < 256; b++) {
            high[b] = Nf4Code.value(b >>> 4);
            low[b] = Nf4Code.value(b & 0x0F);
        }
        return new NDArray[] {manager.create(high), manager.create(low)};
    }

    /** The float32 matrix (out, in), as an array of scope. */
    NDArray dequantize(NDManager scope) {
        NDArray index = packed.toType(DataType.INT32, false);
        index.attach(scope);
        NDIndex lookup = new NDIndex("{}", index);
        NDArray values = highTable.get(scope, lookup).stack(lowTable.get(scope, lookup), 1); // (N/2, 2): even, odd
        return values.reshape(-1, Nf4Weight.BLOCK_SIZE).mul(absmax).reshape(shape);
    }

    MemoryFootprint footprint() {
        return footprint;
    }
}
