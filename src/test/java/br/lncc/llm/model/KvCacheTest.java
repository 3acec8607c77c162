package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class KvCacheTest {

    /**
     * A preallocated cache reserves room ahead of need, not the whole window: SmolLM3-3B's
     * 8,192-position cache alone is 1.2 GB, more than a short run's decode ever touches.
     */
    @Test
    void aPreallocatedCacheGrowsToWhatTheRunNeedsAndKeepsWhatItHeld() {
        int heads = 2, dim = 4;
        try (NDManager m = NDManager.newBaseManager();
                KvCache cache = new KvCache(m, KvCache.Layout.PREALLOCATED, 1, 1, heads, 8192, dim)) {
            assertEquals(0, cache.bytes(), "nothing before the first step");
            float[] first = new float[heads * 3 * dim];
            for (int i = 0; i < first.length; i++) first[i] = i;
            try (NDManager scope = m.newSubManager()) {
                NDArray k = scope.create(first, new Shape(1, heads, 3, dim));
                cache.append(0, k, k.neg(), scope);
                cache.advance();
            }
            assertEquals(2L * heads * 64 * dim * 4, cache.bytes(), "64 positions reserved, not 8,192");
            NDArray[] all;
            try (NDManager scope = m.newSubManager()) {
                NDArray k = scope.ones(new Shape(1, heads, 70, dim));
                all = cache.append(0, k, k, scope);
                cache.advance();
                assertEquals(new Shape(1, heads, 73, dim), all[0].getShape());
                assertArrayEquals(first, all[0].get(":, :, :3").toFloatArray(), "positions held before the growth are kept");
                assertArrayEquals(scope.create(first).neg().toFloatArray(), all[1].get(":, :, :3").toFloatArray());
            }
            assertEquals(2L * heads * 128 * dim * 4, cache.bytes(), "doubled to 128 positions when the step needed 73");
            assertEquals(73, cache.length());
        }
    }
}
