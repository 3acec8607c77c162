package br.lncc.llm.model.kernel;

import br.lncc.llm.weights.quant.Nf4Code;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the JDK's Vector API, at the CPU's preferred width (256 bits on AVX2, 512 on
 * AVX-512), detected when the class loads; {@code -Dcompanion.kernels.bits=256} caps it. Only
 * loaded when the jdk.incubator.vector module is present (see {@link MatVecKernels#best()}).
 *
 * <p>Why these shapes (measured on the 2-core test machine, loaded): a species wider than the
 * hardware runs ~20× slower (emulated), so the byte species is chosen so that its lanes widen to
 * exactly one float vector (16 bytes → 16 floats at 512 bits, 8 → 8 at 256). NF4 decodes through a
 * 16-entry table held in int vectors (a lane permute); a float-vector shuffle cast was 15× slower on
 * JDK 17, a compare-and-blend tree 15× slower still, and a gather from the float table 9× slower.
 *
 * <p>NF4 at 256 bits (AVX2) stays ≈3× slower than INT4 (4.0–5.0 against 15.1–15.7 G weights/s per
 * thread, CPU time, 3072×768, this JVM with -XX:UseAVX=2 on an AVX-512 machine): the lookup, not the
 * index arithmetic, is the cost. Measured in one run: the same loop with a constant shuffle (no
 * index conversion at all, wrong results) reached only 4.5–6.2, and a single 8-lane permute per code
 * without the blend (half a lookup) 6.2–7.0 — the ceiling of any scheme built on 8-lane permutes
 * here. Shuffles made from byte vectors and cast to int lanes ran 0.6 (the cast is not intrinsified
 * on JDK 17), float-lane rearranges 0.6, a scalar 256-entry (high, low) pair table 2.6, an xor/and
 * select in place of the blend 4.1; JDK 25 with the same kernel ran 4.3.
 *
 * <p>Bounds: every method checks the whole range it will touch once, on entry, because the
 * Vector API's own per-vector checks are switched off for this JVM ({@link MatVecKernels.Selected}):
 * on JDK 17 the check that every lookup's shuffle indexes are in range cost NF4 half its speed
 * (9.5 → 17.7 G weights/s per thread at 512 bits, measured in one run on the loaded test machine).
 */
final class VectorMatVecKernels implements MatVecKernels {
    private static final VectorSpecies<Float> F = floatSpecies();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));
    private static final int L = F.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** NF4's 16 values as float bits, in one (512-bit) or two (256-bit) int vectors. */
    private static final int[] NF4_BITS = nf4Bits();

    private VectorMatVecKernels() {}

    /** Null when the hardware's vectors are narrower than 8 floats (no gain over plain loops). */
    static MatVecKernels create() {
        return L >= 8 && (L == 8 || L == 16) ? new VectorMatVecKernels() : null;
    }

    private static VectorSpecies<Float> floatSpecies() {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        int cap = Integer.getInteger("companion.kernels.bits", 0);
        if (cap > 0 && cap < preferred.vectorBitSize()) return VectorSpecies.of(float.class, VectorShape.forBitSize(cap));
        return preferred;
    }

    private static int[] nf4Bits() {
        float[] v = Nf4Code.values();
        int[] bits = new int[16];
        for (int i = 0; i < 16; i++) bits[i] = Float.floatToRawIntBits(v[i]);
        return bits;
    }

    @Override
    public String name() {
        return "vector-api " + F.vectorBitSize() + "-bit";
    }

    @Override
    public float dotFp32(ByteBuffer w, int at, float[] x, int n) {
        Objects.checkFromIndexSize(at, Math.multiplyExact(4, n), w.limit());
        Objects.checkFromIndexSize(0, n, x.length);
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            int o = at + 4 * i;
            a0 = FloatVector.fromByteBuffer(F, w, o, ORDER).fma(FloatVector.fromArray(F, x, i), a0);
            a1 = FloatVector.fromByteBuffer(F, w, o + 4 * L, ORDER).fma(FloatVector.fromArray(F, x, i + L), a1);
            a2 = FloatVector.fromByteBuffer(F, w, o + 8 * L, ORDER).fma(FloatVector.fromArray(F, x, i + 2 * L), a2);
            a3 = FloatVector.fromByteBuffer(F, w, o + 12 * L, ORDER).fma(FloatVector.fromArray(F, x, i + 3 * L), a3);
        }
        for (; i + L <= n; i += L) a0 = FloatVector.fromByteBuffer(F, w, at + 4 * i, ORDER).fma(FloatVector.fromArray(F, x, i), a0);
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += w.getFloat(at + 4 * i) * x[i];
        return s;
    }

    @Override
    public float dot(float[] a, int aAt, float[] b, int bAt, int n) {
        Objects.checkFromIndexSize(aAt, n, a.length);
        Objects.checkFromIndexSize(bAt, n, b.length);
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            a0 = FloatVector.fromArray(F, a, aAt + i).fma(FloatVector.fromArray(F, b, bAt + i), a0);
            a1 = FloatVector.fromArray(F, a, aAt + i + L).fma(FloatVector.fromArray(F, b, bAt + i + L), a1);
        }
        for (; i + L <= n; i += L) a0 = FloatVector.fromArray(F, a, aAt + i).fma(FloatVector.fromArray(F, b, bAt + i), a0);
        float s = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[aAt + i] * b[bAt + i];
        return s;
    }

    @Override
    public float sum(float[] a, int at, int n) {
        Objects.checkFromIndexSize(at, n, a.length);
        // Four independent sums: one would wait on each add's latency and measure that, not memory.
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(F, a, at + i));
            s1 = s1.add(FloatVector.fromArray(F, a, at + i + L));
            s2 = s2.add(FloatVector.fromArray(F, a, at + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(F, a, at + i + 3 * L));
        }
        for (; i + L <= n; i += L) s0 = s0.add(FloatVector.fromArray(F, a, at + i));
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[at + i];
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xAt, float[] y, int yAt, int n) {
        Objects.checkFromIndexSize(xAt, n, x.length);
        Objects.checkFromIndexSize(yAt, n, y.length);
        FloatVector va = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(F, x, xAt + i).fma(va, FloatVector.fromArray(F, y, yAt + i)).intoArray(y, yAt + i);
        }
        for (; i < n; i++) y[yAt + i] += alpha * x[xAt + i];
    }

    @Override
    public void columnsFp32(ByteBuffer w, int in, int out, float[] x, float[] y, int from, int to) {
        Objects.checkFromToIndex(from, to, out);
        Objects.checkFromIndexSize(0, Math.toIntExact(4L * in * out), w.limit());
        Objects.checkFromIndexSize(0, in, x.length);
        Objects.checkFromIndexSize(0, out, y.length);
        for (int o = from; o < to; o++) y[o] = 0;
        int end = from + (to - from) / L * L;
        int i = 0;
        // Four input rows per pass over y: one load and one store of y per four fmas.
        for (; i + 4 <= in; i += 4) {
            FloatVector x0 = FloatVector.broadcast(F, x[i]), x1 = FloatVector.broadcast(F, x[i + 1]);
            FloatVector x2 = FloatVector.broadcast(F, x[i + 2]), x3 = FloatVector.broadcast(F, x[i + 3]);
            int r0 = 4 * i * out, r1 = r0 + 4 * out, r2 = r1 + 4 * out, r3 = r2 + 4 * out;
            for (int o = from; o < end; o += L) {
                FloatVector acc = FloatVector.fromArray(F, y, o);
                acc = FloatVector.fromByteBuffer(F, w, r0 + 4 * o, ORDER).fma(x0, acc);
                acc = FloatVector.fromByteBuffer(F, w, r1 + 4 * o, ORDER).fma(x1, acc);
                acc = FloatVector.fromByteBuffer(F, w, r2 + 4 * o, ORDER).fma(x2, acc);
                acc = FloatVector.fromByteBuffer(F, w, r3 + 4 * o, ORDER).fma(x3, acc);
                acc.intoArray(y, o);
            }
            for (int o = end; o < to; o++) {
                y[o] += x[i] * w.getFloat(r0 + 4 * o) + x[i + 1] * w.getFloat(r1 + 4 * o)
                        + x[i + 2] * w.getFloat(r2 + 4 * o) + x[i + 3] * w.getFloat(r3 + 4 * o);
            }
        }
        for (; i < in; i++) {
            FloatVector xi = FloatVector.broadcast(F, x[i]);
            int r = 4 * i * out;
            for (int o = from; o < end; o += L) {
                FloatVector.fromByteBuffer(F, w, r + 4 * o, ORDER).fma(xi, FloatVector.fromArray(F, y, o)).intoArray(y, o);
            }
            for (int o = end; o < to; o++) y[o] += x[i] * w.getFloat(r + 4 * o);
        }
    }

    @Override
    public void accumulateRowsFp32(ByteBuffer w, int out, float[] x, int inFrom, int inTo, float[] y, int yAt) {
        Objects.checkFromToIndex(inFrom, inTo, x.length);
        Objects.checkFromIndexSize(0, Math.toIntExact(4L * inTo * out), w.limit());
        Objects.checkFromIndexSize(yAt, out, y.length);
        int end = out / L * L;
        // One input row per pass over y (which stays in L1). Four rows per pass (one load and store of
        // y per four fmas, as columnsFp32 does) read 2–5× slower here: four interleaved streams.
        for (int i = inFrom; i < inTo; i++) {
            FloatVector xi = FloatVector.broadcast(F, x[i]);
            int r = 4 * i * out;
            for (int o = 0; o < end; o += L) {
                FloatVector.fromByteBuffer(F, w, r + 4 * o, ORDER).fma(xi, FloatVector.fromArray(F, y, yAt + o)).intoArray(y, yAt + o);
            }
            for (int o = end; o < out; o++) y[yAt + o] += x[i] * w.getFloat(r + 4 * o);
        }
    }

    @Override
    public float dotInt8(byte[] codes, int at, float[] scales, int scaleAt, float[] x, int n) {
        Objects.checkFromIndexSize(at, n, codes.length);
        Objects.checkFromIndexSize(scaleAt, (n + INT8_BLOCK - 1) / INT8_BLOCK, scales.length);
        Objects.checkFromIndexSize(0, n, x.length);
        FloatVector acc = FloatVector.zero(F);
        int full = n / INT8_BLOCK;
        for (int b = 0; b < full; b++) {
            int from = b * INT8_BLOCK;
            FloatVector s = FloatVector.zero(F);
            for (int j = 0; j < INT8_BLOCK; j += L) {
                FloatVector w = (FloatVector) ByteVector.fromArray(B, codes, at + from + j).convertShape(VectorOperators.B2F, F, 0);
                s = w.fma(FloatVector.fromArray(F, x, from + j), s);
            }
            acc = s.fma(FloatVector.broadcast(F, scales[scaleAt + b]), acc);
        }
        float total = acc.reduceLanes(VectorOperators.ADD);
        int from = full * INT8_BLOCK;
        if (from < n) {
            float s = 0;
            for (int i = from; i < n; i++) s += codes[at + i] * x[i];
            total += s * scales[scaleAt + full];
        }
        return total;
    }

    @Override
    public float dotInt4(byte[] packed, int at, float[] scales, int scaleAt, float[] xEven, float[] xOdd, int n) {
        int half = NIBBLE_BLOCK / 2;
        int bytes = (n + 1) / 2;
        checkNibbleRow(packed, at, scales, scaleAt, xEven, xOdd, n);
        int full = bytes / half;
        IntVector seven = IntVector.broadcast(I, 7);
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < full; b++) {
            int from = b * half;
            FloatVector s = FloatVector.zero(F);
            for (int j = 0; j < half; j += L) {
                IntVector v = (IntVector) ByteVector.fromArray(B, packed, at + from + j).convertShape(VectorOperators.B2I, I, 0);
                FloatVector lo = (FloatVector) v.and(15).sub(seven).convert(VectorOperators.I2F, 0);
                FloatVector hi = (FloatVector) v.lanewise(VectorOperators.LSHR, 4).and(15).sub(seven).convert(VectorOperators.I2F, 0);
                s = lo.fma(FloatVector.fromArray(F, xEven, from + j), s);
                s = hi.fma(FloatVector.fromArray(F, xOdd, from + j), s);
            }
            acc = s.fma(FloatVector.broadcast(F, scales[scaleAt + b]), acc);
        }
        float total = acc.reduceLanes(VectorOperators.ADD);
        int from = full * half;
        if (from < bytes) {
            float s = 0;
            for (int j = from; j < bytes; j++) {
                int v = packed[at + j];
                s += ((v & 15) - 7) * xEven[j] + (((v >>> 4) & 15) - 7) * xOdd[j];
            }
            total += s * scales[scaleAt + full];
        }
        return total;
    }

    @Override
    public float dotNf4(byte[] packed, int at, float[] absmax, int scaleAt, float[] xEven, float[] xOdd, int n) {
        int half = NIBBLE_BLOCK / 2;
        int bytes = (n + 1) / 2;
        int full = bytes / half;
        checkNibbleRow(packed, at, absmax, scaleAt, xEven, xOdd, n);
        IntVector table = IntVector.fromArray(I, NF4_BITS, 0);
        IntVector upper = L == 16 ? table : IntVector.fromArray(I, NF4_BITS, 8); // codes 8…15 when 8 lanes
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < full; b++) {
            int from = b * half;
            FloatVector s = FloatVector.zero(F);
            for (int j = 0; j < half; j += L) {
                IntVector v = (IntVector) ByteVector.fromArray(B, packed, at + from + j).convertShape(VectorOperators.B2I, I, 0);
                FloatVector even = lookup(table, upper, v.lanewise(VectorOperators.LSHR, 4).and(15));
                FloatVector odd = lookup(table, upper, v.and(15));
                s = even.fma(FloatVector.fromArray(F, xEven, from + j), s);
                s = odd.fma(FloatVector.fromArray(F, xOdd, from + j), s);
            }
            acc = s.fma(FloatVector.broadcast(F, absmax[scaleAt + b]), acc);
        }
        float total = acc.reduceLanes(VectorOperators.ADD);
        int from = full * half;
        if (from < bytes) {
            float[] nf4 = Nf4Code.values();
            float s = 0;
            for (int j = from; j < bytes; j++) {
                int v = packed[at + j];
                s += nf4[(v >>> 4) & 15] * xEven[j] + nf4[v & 15] * xOdd[j];
            }
            total += s * absmax[scaleAt + full];
        }
        return total;
    }

    private static void checkNibbleRow(byte[] packed, int at, float[] scales, int scaleAt, float[] xEven, float[] xOdd, int n) {
        int bytes = (n + 1) / 2;
        Objects.checkFromIndexSize(at, bytes, packed.length);
        Objects.checkFromIndexSize(scaleAt, (n + NIBBLE_BLOCK - 1) / NIBBLE_BLOCK, scales.length);
        Objects.checkFromIndexSize(0, bytes, xEven.length);
        Objects.checkFromIndexSize(0, bytes, xOdd.length);
    }

    /**
     * NF4[code] per lane: one permute at 16 lanes. At 8 lanes, the low three bits pick from each half
     * and bit 3 chooses the half: every shuffle index stays in range, so the result never depends on
     * how an out-of-range index is wrapped (JDK 17's compiled and interpreted paths disagree there).
     */
    private static FloatVector lookup(IntVector table, IntVector upper, IntVector codes) {
        if (L == 16) return table.rearrange(codes.toShuffle()).reinterpretAsFloats();
        VectorShuffle<Integer> low = codes.and(7).toShuffle();
        VectorMask<Integer> high = codes.and(8).compare(VectorOperators.NE, 0);
        return table.rearrange(low).blend(upper.rearrange(low), high).reinterpretAsFloats();
    }

    @Override
    public void geluNew(float[] x, int n) {
        Objects.checkFromIndexSize(0, n, x.length);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            FloatVector z = v.mul(v).mul(v).mul(0.044715f).add(v).mul(-1.5957691216057308f);
            v.div(z.lanewise(VectorOperators.EXP).add(one)).intoArray(x, i);
        }
        for (; i < n; i++) {
            float v = x[i];
            x[i] = v / (1f + (float) Math.exp(-1.5957691216057308f * (v + 0.044715f * v * v * v)));
        }
    }

    @Override
    public void swiglu(float[] gate, float[] up, int upAt, int n) {
        Objects.checkFromIndexSize(0, n, gate.length);
        Objects.checkFromIndexSize(upAt, n, up.length);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector g = FloatVector.fromArray(F, gate, i);
            g.div(g.neg().lanewise(VectorOperators.EXP).add(one)).mul(FloatVector.fromArray(F, up, upAt + i)).intoArray(gate, i);
        }
        for (; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[upAt + i];
        }
    }
}
