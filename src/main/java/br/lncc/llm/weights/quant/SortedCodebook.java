package br.lncc.llm.weights.quant;

/**
 * A sorted table of code values and the rounding rule both bitsandbytes data types share:
 * a value maps to the nearest code, the lower one on ties (argmin of |x − code|, first index).
 * Searching the midpoints between neighbours gives that in log₂(n) comparisons.
 */
final class SortedCodebook {
    private final float[] values;
    /** Value i+1 is chosen when x &gt; midpoints[i]. */
    private final float[] midpoints;

    SortedCodebook(float[] sortedValues) {
        this.values = sortedValues.clone();
        this.midpoints = new float[values.length - 1];
        for (int i = 0; i < midpoints.length; i++) midpoints[i] = (values[i] + values[i + 1]) / 2f;
    }

    float[] values() {
        return values.clone();
    }

    float value(int index) {
        return values[index];
    }

    int nearest(float x) {
        int lo = 0;
        int hi = values.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x > midpoints[mid]) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Half of the widest gap between neighbours: the worst rounding error of a scaled value. */
    double maxHalfGap() {
        double m = 0;
        for (int i = 0; i + 1 < values.length; i++) m = Math.max(m, (values[i + 1] - values[i]) / 2.0);
        return m;
    }

    /** Half the gap around one code: the rounding error bound for values that map to it. */
    double halfGapAround(int index) {
        double left = index > 0 ? (values[index] - values[index - 1]) / 2.0 : 0;
        double right = index + 1 < values.length ? (values[index + 1] - values[index]) / 2.0 : 0;
        return Math.max(left, right);
    }
}
