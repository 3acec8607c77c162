package br.lncc.llm.weights.quant;

/** The float32 reference, so that tables and views treat every format alike. */
public final class Fp32Weight implements QuantizedWeight {
    private final float[] values;
    private final long[] shape;

    public Fp32Weight(float[] values, long... shape) {
        QuantFormat.checkedSize(values, shape);
        this.values = values.clone();
        this.shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public float[] dequantize() {
        return values.clone();
    }

    @Override
    public MemoryFootprint footprint() {
        return new MemoryFootprint(values.length, 4L * values.length, 0);
    }

    @Override
    public QuantFormat format() {
        return QuantFormat.FP32;
    }
}
