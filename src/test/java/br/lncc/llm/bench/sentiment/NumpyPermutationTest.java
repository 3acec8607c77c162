package br.lncc.llm.bench.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Oracles printed by src/test/python/numpy_permutation_reference.py (NumPy 2.4.6). */
class NumpyPermutationTest {

    @Test
    void pcg64SeededLikeDefaultRng() {
        var rng = new NumpyPermutation.Pcg64(42);
        // default_rng(42).bit_generator.random_raw(3)
        assertEquals(Long.parseUnsignedLong("14276969152011380360"), rng.next64());
        assertEquals(Long.parseUnsignedLong("8095878257575067585"), rng.next64());
        assertEquals(Long.parseUnsignedLong("15838336090824644132"), rng.next64());
    }

    @Test
    void permutationMatchesNumpy() {
        int[] p = NumpyPermutation.of(49459, 42);
        assertArrayEquals(new int[] {43231, 21482, 47685, 45298, 26214, 29594, 43139, 16743}, Arrays.copyOf(p, 8));
        assertEquals(12425535L, Arrays.stream(p, 0, 500).asLongStream().sum());
        assertArrayEquals(new int[] {978, 933, 859, 916, 127, 608, 856, 260}, Arrays.copyOf(NumpyPermutation.of(1000, 42), 8));
        assertArrayEquals(new int[] {3, 10, 6, 8, 1, 14, 0, 7, 4, 13, 15, 2, 12, 5, 9, 11}, NumpyPermutation.of(16, 7));
        // a seed above 2^32 enters SeedSequence as two 32-bit words
        assertArrayEquals(new int[] {8, 1, 2, 5, 3, 0, 9, 7, 4, 6}, NumpyPermutation.of(10, (1L << 40) + 5));
    }
}
