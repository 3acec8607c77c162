package br.lncc.llm.lesson;

/**
 * The random numbers PyTorch's CPU generator produces after {@code torch.manual_seed(seed)}:
 * a 32-bit Mersenne Twister (MT19937), floats built from its low 24 bits, {@code randn} by the
 * Box–Muller pairing torch uses for tensors of 16 or more elements, and {@code nn.Linear}'s
 * default initialisation. With it the app reproduces the notebook N1 numbers that come from
 * seeded random weights (dense FFN, MoE gate and experts) instead of only their invariants.
 * Written from the published algorithms; tests pin it against values printed by torch.
 */
public final class TorchCpuRandom {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] state = new int[N];
    private int index;

    public TorchCpuRandom(long seed) {
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** Next raw 32-bit output, as an unsigned value. */
    public long nextUint32() {
        if (index >= N) twist();
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
            int next = state[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) next ^= 0x9908b0df;
            state[i] = next;
        }
        index = 0;
    }

    /**
     * torch's uniform_real_distribution&lt;float&gt;: 24 random bits; the bounds are floats but
     * the arithmetic runs in the CPU accumulation type (double) before rounding to float.
     */
    public float nextUniform(float from, float to) {
        double x = (nextUint32() & ((1 << 24) - 1)) * (1.0 / (1 << 24));
        return (float) (x * ((double) to - (double) from) + from);
    }

    /** {@code torch.rand(count)} then {@code uniform_(from, to)} element by element. */
    public float[] uniform(int count, double from, double to) {
        var out = new float[count];
        for (int i = 0; i < count; i++) out[i] = nextUniform((float) from, (float) to);
        return out;
    }

    /**
     * {@code torch.randn(count)} for count ≥ 16: fill with uniforms, then Box–Muller on blocks
     * of 16 pairing element j with j + 8; a ragged tail recomputes the last 16 values.
     */
    public float[] normal(int count) {
        if (count < 16) {
            throw new IllegalArgumentException("torch uses a different path below 16 elements");
        }
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = nextUniform(0f, 1f);
        for (int i = 0; i + 16 <= count; i += 16) boxMuller16(data, i);
        if (count % 16 != 0) {
            int start = count - 16;
            for (int i = 0; i < 16; i++) data[start + i] = nextUniform(0f, 1f);
            boxMuller16(data, start);
        }
        return data;
    }

    private static void boxMuller16(float[] data, int at) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1 - data[at + j];
            float u2 = data[at + j + 8];
            float radius = (float) Math.sqrt(-2 * (float) Math.log(u1));
            float theta = (float) (2.0 * Math.PI * u2);
            data[at + j] = radius * (float) Math.cos(theta);
            data[at + j + 8] = radius * (float) Math.sin(theta);
        }
    }

    /** (rows, cols) standard normal matrix, row-major like torch.randn(rows, cols). */
    public double[][] normalMatrix(int rows, int cols) {
        float[] flat = normal(rows * cols);
        var out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i][j] = flat[i * cols + j];
        }
        return out;
    }

    /**
     * nn.Linear(in, out) as constructed by torch: weight by kaiming_uniform_(a=√5), which is
     * U(−1/√in, 1/√in) after the gain algebra, then the bias from the same range.
     */
    public Linear linear(int in, int out) {
        double a = Math.sqrt(5.0);
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double weightBound = Math.sqrt(3.0) * (gain / Math.sqrt(in));
        double biasBound = 1 / Math.sqrt(in);
        float[] w = uniform(in * out, -weightBound, weightBound);
        float[] b = uniform(out, -biasBound, biasBound);
        var weight = new double[out][in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) weight[o][i] = w[o * in + i];
        }
        var bias = new double[out];
        for (int o = 0; o < out; o++) bias[o] = b[o];
        return new Linear(weight, bias);
    }
}
