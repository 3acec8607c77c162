package br.lncc.llm.model.kernel;

import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inner loops of a one-token decode step (batch 1): a row of a weight matrix times the
 * activation vector, straight from the stored format (Cap. 6.5–6.6). Decoding reads every weight
 * once per token, so what bounds tokens/s is bytes read; these loops read the packed bytes and
 * their block scales and accumulate in float32, never building a float32 copy of the matrix
 * (what llama.cpp does; bitsandbytes instead dequantizes and then multiplies).
 *
 * <p>Two implementations: one on the JDK's Vector API (an incubator module on JDK 17, present only
 * when the JVM was started with {@code --add-modules jdk.incubator.vector}) sized to the CPU's
 * preferred vector width, detected at run time; and a portable one in plain Java for any JVM.
 * {@link #best()} picks; both are checked against {@link ScalarReference}.
 *
 * <p>Layouts: rows are output features, [out, in] as Linear stores them. INT8 has one float32
 * scale per block of {@link #INT8_BLOCK} along each row (llama.cpp's Q8_0 blocking); INT4 and NF4
 * pack two 4-bit codes per byte with one scale per {@link #NIBBLE_BLOCK} values, rows padded to
 * whole bytes. For the 4-bit formats x arrives split into even and odd positions ({@code xEven[j]
 * = x[2j]}, {@code xOdd[j] = x[2j+1]}, zero past the end) so one byte meets its two values.
 */
public interface MatVecKernels {

    /** Values per INT8 block (one scale each). */
    int INT8_BLOCK = 32;

    /** Values per INT4 group and per NF4 block: bitsandbytes' default 64 for NF4, Cap. 6's INT4 group. */
    int NIBBLE_BLOCK = 64;

    /** "vector-api 512-bit", "portable": what runs, for logs and benchmark reports. */
    String name();

    /** Σ w[i]·x[i] for n float32 weights starting at byte offset {@code at} of a native buffer. */
    float dotFp32(ByteBuffer w, int at, float[] x, int n);

    /** Σ a[aAt + i]·b[bAt + i] for i &lt; n (attention scores). */
    float dot(float[] a, int aAt, float[] b, int bAt, int n);

    /** Σ a[at + i] for i &lt; n, one stream of loads (the STREAM-like read of {@link ReadBandwidth}). */
    float sum(float[] a, int at, int n);

    /** y[yAt + i] += alpha·x[xAt + i] for i &lt; n (attention-weighted values). */
    void axpy(float alpha, float[] x, int xAt, float[] y, int yAt, int n);

    /**
     * Columns {@code from…to} of x·W for a float32 W stored [in, out] (GPT-2's Conv1D layout):
     * y[o] = Σ_i x[i]·W[i, o], reading each row's slice once.
     */
    void columnsFp32(ByteBuffer w, int in, int out, float[] x, float[] y, int from, int to);

    /**
     * y[yAt + o] += Σ_{i ∈ [inFrom, inTo)} x[i]·W[i, o] for every column o &lt; out of a float32 W stored
     * [in, out]: one contiguous slab of input rows, read front to back (see {@link Fp32ColumnMatrix#multiply}).
     */
    void accumulateRowsFp32(ByteBuffer w, int out, float[] x, int inFrom, int inTo, float[] y, int yAt);

    /** One INT8 row: Σ_b scale[b]·Σ_i code[i]·x[i], n values from codes[at], scales from scales[scaleAt]. */
    float dotInt8(byte[] codes, int at, float[] scales, int scaleAt, float[] x, int n);

    /** One INT4 row: codes c = nibble − 7 (low nibble = even position), times its group's scale. */
    float dotInt4(byte[] packed, int at, float[] scales, int scaleAt, float[] xEven, float[] xOdd, int n);

    /** One NF4 row: NF4[nibble] (high nibble = even position, bitsandbytes' order) times its block's absmax. */
    float dotNf4(byte[] packed, int at, float[] absmax, int scaleAt, float[] xEven, float[] xOdd, int n);

    /** x ← x·σ(1.5957691·(x + 0.044715·x³)): GPT-2's gelu_new, the same function as its tanh form. */
    void geluNew(float[] x, int n);

    /** gate ← silu(gate)·up = gate·σ(gate)·up, element-wise over n values (SwiGLU). */
    void swiglu(float[] gate, float[] up, int upAt, int n);

    /** The fastest implementation this JVM can run; logged once. */
    static MatVecKernels best() {
        return Selected.INSTANCE;
    }

    /** The plain-Java implementation (any JVM). */
    static MatVecKernels portable() {
        return PortableMatVecKernels.INSTANCE;
    }

    /** True when the JVM was started with the Vector API module (jdk.incubator.vector). */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Lazily chosen, so a JVM without the module never loads the class that needs it. */
    final class Selected {
        private Selected() {}

        private static final Logger LOG = LoggerFactory.getLogger(MatVecKernels.class);
        /** Read once by the Vector API when its first class loads; 0 = no per-vector checks. */
        static final String VECTOR_CHECKS = "jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK";
        static final MatVecKernels INSTANCE = choose();

        private static MatVecKernels choose() {
            // -Dcompanion.kernels=portable forces the plain loops (to compare, or to work around a JIT bug).
            if ("portable".equals(System.getProperty("companion.kernels")) || !vectorModulePresent()) {
                LOG.info("decode kernels: portable Java (Vector API module absent or disabled)");
                return PortableMatVecKernels.INSTANCE;
            }
            // The Vector API checks every load's bounds and every shuffle's indexes; on JDK 17 the shuffle
            // check alone halves NF4's speed (one per 16-weight table lookup). The kernels check each
            // call's whole range once instead (VectorMatVecKernels), so the per-vector checks go, unless
            // the JVM was started with the property set. Nothing else in the app uses the Vector API.
            if (System.getProperty(VECTOR_CHECKS) == null) System.setProperty(VECTOR_CHECKS, "0");
            try {
                MatVecKernels k = VectorMatVecKernels.create();
                if (k != null) {
                    LOG.info("decode kernels: {}", k.name());
                    return k;
                }
            } catch (LinkageError e) {
                LOG.info("decode kernels: Vector API unusable ({}), portable Java", e.toString());
            }
            return PortableMatVecKernels.INSTANCE;
        }
    }
}
