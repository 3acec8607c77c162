package br.lncc.llm.lesson;

/**
 * y = x Wᵀ + b with W stored (out, in), the layout of torch's nn.Linear, so weights created by
 * {@link TorchCpuRandom#linear} line up with the notebook's.
 */
public record Linear(double[][] weight, double[] bias) {

    public int inFeatures() {
        return weight[0].length;
    }

    public int outFeatures() {
        return weight.length;
    }

    public double[] apply(double[] x) {
        var y = new double[weight.length];
        for (int o = 0; o < weight.length; o++) y[o] = Matrices.dot(weight[o], x) + bias[o];
        return y;
    }

    public double[][] apply(double[][] rows) {
        var out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = apply(rows[i]);
        return out;
    }

    public long parameterCount() {
        return (long) weight.length * weight[0].length + bias.length;
    }
}
