package br.lncc.llm.lesson;

/**
 * The position-wise FFN of Cap. 2.9: FFN(x) = GELU(x W₁ + b₁) W₂ + b₂, applied to every token
 * separately (no mixing between tokens). {@code up} expands d → d_ff, {@code down} projects back.
 */
public record FeedForward(Linear up, Linear down) {

    /** The intermediate steps of every token. */
    public record Steps(double[][] input, double[][] expanded, double[][] activated, double[][] output) {}

    public Steps steps(double[][] x) {
        double[][] expanded = up.apply(x);
        double[][] activated = Gelu.apply(expanded);
        return new Steps(Matrices.copy(x), expanded, activated, down.apply(activated));
    }

    public double[][] apply(double[][] x) {
        return down.apply(Gelu.apply(up.apply(x)));
    }

    public double[] apply(double[] x) {
        return apply(new double[][] {x})[0];
    }

    public long parameterCount() {
        return up.parameterCount() + down.parameterCount();
    }

    /** nn.Sequential(Linear(d, dff), GELU(), Linear(dff, d)) drawn from the generator. */
    public static FeedForward initLikeTorch(TorchCpuRandom random, int d, int dff) {
        Linear up = random.linear(d, dff);
        return new FeedForward(up, random.linear(dff, d));
    }
}
