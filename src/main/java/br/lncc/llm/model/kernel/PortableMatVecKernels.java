package br.lncc.llm.model.kernel;

import br.lncc.llm.weights.quant.Nf4Code;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The kernels in plain Java, for a JVM without the Vector API module. Several independent
 * accumulators let the CPU overlap the additions (a single running sum waits on each add's
 * latency); the JIT does not vectorise float reductions by itself because that reorders sums.
 */
final class PortableMatVecKernels implements MatVecKernels {
    static final PortableMatVecKernels INSTANCE = new PortableMatVecKernels();
    private static final float[] NF4 = Nf4Code.values();

    private PortableMatVecKernels() {}

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public float dotFp32(ByteBuffer w, int at, float[] x, int n) {
        FloatBuffer f = w.duplicate().order(ByteOrder.nativeOrder()).position(at).slice().order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            a0 += f.get(i) * x[i];
            a1 += f.get(i + 1) * x[i + 1];
            a2 += f.get(i + 2) * x[i + 2];
            a3 += f.get(i + 3) * x[i + 3];
        }
        for (; i < n; i++) a0 += f.get(i) * x[i];
        return (a0 + a1) + (a2 + a3);
    }

    @Override
    public float dot(float[] a, int aAt, float[] b, int bAt, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[aAt + i] * b[bAt + i];
            s1 += a[aAt + i + 1] * b[bAt + i + 1];
            s2 += a[aAt + i + 2] * b[bAt + i + 2];
            s3 += a[aAt + i + 3] * b[bAt + i + 3];
        }
        for (; i < n; i++) s0 += a[aAt + i] * b[bAt + i];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float sum(float[] a, int at, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[at + i];
            s1 += a[at + i + 1];
            s2 += a[at + i + 2];
            s3 += a[at + i + 3];
        }
        for (; i < n; i++) s0 += a[at + i];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void axpy(float alpha, float[] x, int xAt, float[] y, int yAt, int n) {
        for (int i = 0; i < n; i++) y[yAt + i] += alpha * x[xAt + i];
    }

    @Override
    public void columnsFp32(ByteBuffer w, int in, int out, float[] x, float[] y, int from, int to) {
        FloatBuffer f = w.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int o = from; o < to; o++) y[o] = 0;
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            int row = i * out;
            for (int o = from; o < to; o++) y[o] += xi * f.get(row + o); // no reduction: the JIT vectorises this
        }
    }

    @Override
    public void accumulateRowsFp32(ByteBuffer w, int out, float[] x, int inFrom, int inTo, float[] y, int yAt) {
        FloatBuffer f = w.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = inFrom; i < inTo; i++) {
            float xi = x[i];
            int row = i * out;
            for (int o = 0; o < out; o++) y[yAt + o] += xi * f.get(row + o);
        }
    }

    @Override
    public float dotInt8(byte[] codes, int at, float[] scales, int scaleAt, float[] x, int n) {
        float acc = 0;
        for (int b = 0, from = 0; from < n; b++, from += INT8_BLOCK) {
            int to = Math.min(n, from + INT8_BLOCK);
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = from;
            for (; i + 4 <= to; i += 4) {
                s0 += codes[at + i] * x[i];
                s1 += codes[at + i + 1] * x[i + 1];
                s2 += codes[at + i + 2] * x[i + 2];
                s3 += codes[at + i + 3] * x[i + 3];
            }
            for (; i < to; i++) s0 += codes[at + i] * x[i];
            acc += ((s0 + s1) + (s2 + s3)) * scales[scaleAt + b];
        }
        return acc;
    }

    @Override
    public float dotInt4(byte[] packed, int at, float[] scales, int scaleAt, float[] xEven, float[] xOdd, int n) {
        int bytes = (n + 1) / 2;
        int half = NIBBLE_BLOCK / 2;
        float acc = 0;
        for (int b = 0, from = 0; from < bytes; b++, from += half) {
            int to = Math.min(bytes, from + half);
            float s0 = 0, s1 = 0;
            for (int j = from; j < to; j++) {
                int v = packed[at + j];
                s0 += ((v & 15) - 7) * xEven[j];
                s1 += (((v >>> 4) & 15) - 7) * xOdd[j];
            }
            acc += (s0 + s1) * scales[scaleAt + b];
        }
        return acc;
    }

    @Override
    public float dotNf4(byte[] packed, int at, float[] absmax, int scaleAt, float[] xEven, float[] xOdd, int n) {
        int bytes = (n + 1) / 2;
        int half = NIBBLE_BLOCK / 2;
        float acc = 0;
        for (int b = 0, from = 0; from < bytes; b++, from += half) {
            int to = Math.min(bytes, from + half);
            float s0 = 0, s1 = 0;
            for (int j = from; j < to; j++) {
                int v = packed[at + j];
                s0 += NF4[(v >>> 4) & 15] * xEven[j];
                s1 += NF4[v & 15] * xOdd[j];
            }
            acc += (s0 + s1) * absmax[scaleAt + b];
        }
        return acc;
    }

    @Override
    public void geluNew(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[i];
            float z = 1.5957691216057308f * (v + 0.044715f * v * v * v);
            x[i] = v / (1f + (float) Math.exp(-z));
        }
    }

    @Override
    public void swiglu(float[] gate, float[] up, int upAt, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[upAt + i];
        }
    }
}
