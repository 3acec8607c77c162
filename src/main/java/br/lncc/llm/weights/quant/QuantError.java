package br.lncc.llm.weights.quant;

/**
 * How far a dequantized tensor is from the original: the numbers of the per-layer error table.
 *
 * @param maxAbs largest |w − ŵ|
 * @param rms root-mean-square error
 * @param relativeRms rms error divided by the rms of the weights (scale-free, comparable across layers)
 */
public record QuantError(double maxAbs, double rms, double relativeRms) {

    public static QuantError between(float[] original, float[] restored) {
        if (original.length != restored.length) {
            throw new IllegalArgumentException("tamanhos diferentes: " + original.length + " e " + restored.length);
        }
        double max = 0;
        double se = 0;
        double ss = 0;
        for (int i = 0; i < original.length; i++) {
            double d = (double) restored[i] - original[i];
            max = Math.max(max, Math.abs(d));
            se += d * d;
            ss += (double) original[i] * original[i];
        }
        int n = Math.max(1, original.length);
        return new QuantError(max, Math.sqrt(se / n), ss == 0 ? 0 : Math.sqrt(se / ss));
    }

    public static QuantError of(float[] original, QuantizedWeight quantized) {
        return between(original, quantized.dequantize());
    }
}
