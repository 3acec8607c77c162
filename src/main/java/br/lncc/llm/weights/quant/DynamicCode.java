package br.lncc.llm.weights.quant;

import java.util.Arrays;

/**
 * bitsandbytes' signed 8-bit "dynamic" data type (create_dynamic_map, after Dettmers 2015), the
 * code its double quantization uses for the absmax constants: 256 sorted values in [−1, 1] whose
 * spacing shrinks tenfold per decade, so small and large constants keep similar relative error.
 *
 * <p>For exponent i = 0…6 it holds the 2^i midpoints of linspace(0.1, 1, 2^i + 1) scaled by
 * 10^(i−6), with both signs (127 + 127 values), plus 0 and 1. Built in float32 the way torch does
 * (linspace fills the first half from the start and the second half from the end).
 */
public final class DynamicCode {
    private DynamicCode() {}

    private static final SortedCodebook CODE = new SortedCodebook(build());

    private static float[] build() {
        float[] data = new float[256];
        int n = 0;
        for (int i = 0; i < 7; i++) {
            int items = (1 << i) + 1;
            float[] b = linspace(0.1f, 1f, items);
            float scale = (float) Math.pow(10, -6 + i);
            for (int j = 0; j + 1 < items; j++) {
                float mean = (b[j] + b[j + 1]) / 2.0f;
                data[n++] = scale * mean;
                data[n++] = -scale * mean;
            }
        }
        data[n++] = 0f;
        data[n++] = 1f;
        if (n != 256) throw new AssertionError("dynamic map has " + n + " values");
        Arrays.sort(data);
        return data;
    }

    /** torch.linspace for float32: the first half counts up from start, the rest down from end. */
    static float[] linspace(float start, float end, int steps) {
        float[] out = new float[steps];
        if (steps == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (steps - 1);
        int half = steps / 2;
        for (int i = 0; i < steps; i++) out[i] = i < half ? start + step * i : end - step * (steps - i - 1);
        return out;
    }

    public static float[] values() {
        return CODE.values();
    }

    public static float value(int index) {
        return CODE.value(index);
    }

    /** Nearest of the 256 values to x ∈ [−1, 1], first index on ties. */
    public static int nearest(float x) {
        return CODE.nearest(x);
    }

    /** Half of the widest gap: the worst rounding error of a scaled constant. */
    public static double maxHalfGap() {
        return CODE.maxHalfGap();
    }
}
