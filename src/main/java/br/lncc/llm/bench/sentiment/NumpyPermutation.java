package br.lncc.llm.bench.sentiment;

/**
 * {@code numpy.random.default_rng(seed).permutation(n)}, bit for bit: SeedSequence → PCG64
 * (XSL-RR 128/64) → Fisher-Yates with NumPy's masked rejection for bounded integers. Hugging Face
 * {@code Dataset.shuffle(seed)} is exactly this permutation, so {@code shuffle(seed=42)
 * .select(range(500))} of the seed notebook picks the same reviews here as in Colab.
 */
public final class NumpyPermutation {
    private NumpyPermutation() {}

    public static int[] of(int n, long seed) {
        if (seed < 0) throw new br.lncc.llm.text.InvalidInputException("benchinput.seed", String.valueOf(seed));
        Pcg64 rng = new Pcg64(seed);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) rng.interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** NumPy's PCG64 bit generator seeded through SeedSequence(seed). */
    static final class Pcg64 {
        private static final long MULT_HI = 0x2360ED051FC65DA4L, MULT_LO = 0x4385DF649FCCF645L;
        private long hi, lo;
        private final long incHi, incLo;
        private boolean hasHalf;
        private int half;

        Pcg64(long seed) {
            int[] w = seedSequenceState(seed, 8);
            long s0 = word64(w, 0), s1 = word64(w, 1), i0 = word64(w, 2), i1 = word64(w, 3);
            // pcg_setseq_128_srandom_r: inc = (initseq << 1) | 1; step; state += initstate; step
            incHi = (i0 << 1) | (i1 >>> 63);
            incLo = (i1 << 1) | 1;
            hi = 0;
            lo = 0;
            step();
            long newLo = lo + s1;
            hi = hi + s0 + (Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0);
            lo = newLo;
            step();
        }

        private static long word64(int[] w, int i) {
            return (w[2 * i] & 0xffffffffL) | ((long) w[2 * i + 1] << 32);
        }

        private void step() {
            long pLo = lo * MULT_LO;
            long pHi = unsignedMultiplyHigh(lo, MULT_LO) + hi * MULT_LO + lo * MULT_HI;
            long nLo = pLo + incLo;
            hi = pHi + incHi + (Long.compareUnsigned(nLo, pLo) < 0 ? 1 : 0);
            lo = nLo;
        }

        private static long unsignedMultiplyHigh(long a, long b) {
            return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        }

        long next64() {
            step();
            return Long.rotateRight(hi ^ lo, (int) (hi >>> 58));
        }

        /** Low half first, the high half kept for the next call (numpy's pcg64_next32). */
        int next32() {
            if (hasHalf) {
                hasHalf = false;
                return half;
            }
            long v = next64();
            hasHalf = true;
            half = (int) (v >>> 32);
            return (int) v;
        }

        /** Uniform in [0, max] by masked rejection (numpy's random_interval). */
        long interval(long max) {
            if (max == 0) return 0;
            long mask = max;
            mask |= mask >>> 1;
            mask |= mask >>> 2;
            mask |= mask >>> 4;
            mask |= mask >>> 8;
            mask |= mask >>> 16;
            mask |= mask >>> 32;
            long v;
            if (max <= 0xffffffffL) {
                do {
                    v = (next32() & 0xffffffffL) & mask;
                } while (v > max);
            } else {
                do {
                    v = next64() & mask;
                } while (Long.compareUnsigned(v, max) > 0);
            }
            return v;
        }
    }

    /** SeedSequence(seed).generate_state(words, uint32) with the default pool of 4 words. */
    static int[] seedSequenceState(long seed, int words) {
        final int initA = 0x43b0d7e5, multA = 0x931e8875, initB = 0x8b51f9dd, multB = 0x58f38ded;
        final int mixL = 0xca01f9dd, mixR = 0x4973f715;
        int[] entropy = (seed >>> 32) == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        int[] hashConst = {initA};
        java.util.function.IntUnaryOperator hashmix = v -> {
            v ^= hashConst[0];
            hashConst[0] *= multA;
            v *= hashConst[0];
            return v ^ (v >>> 16);
        };
        java.util.function.IntBinaryOperator mix = (x, y) -> {
            int r = mixL * x - mixR * y;
            return r ^ (r >>> 16);
        };
        int[] pool = new int[4];
        for (int i = 0; i < 4; i++) pool[i] = hashmix.applyAsInt(i < entropy.length ? entropy[i] : 0);
        for (int src = 0; src < 4; src++) {
            for (int dst = 0; dst < 4; dst++) {
                if (src != dst) pool[dst] = mix.applyAsInt(pool[dst], hashmix.applyAsInt(pool[src]));
            }
        }
        int[] state = new int[words];
        int hc = initB;
        for (int i = 0; i < words; i++) {
            int v = pool[i % 4] ^ hc;
            hc *= multB;
            v *= hc;
            state[i] = v ^ (v >>> 16);
        }
        return state;
    }
}
