package br.lncc.llm.lesson.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pruning, GroupQuantization and CompressionBudget against seed 004's own functions run in plain
 * torch (src/test/python/seed004_compression_reference.py, outputs recorded in the fixture).
 */
class SeedReferenceTest {
    static JsonNode ref;
    static float[] w, act;
    static int out, in;

    @BeforeAll
    static void load() throws IOException {
        ref = new ObjectMapper().readTree(Path.of("src/test/resources/fixtures/compression/seed004_reference.json").toFile());
        out = ref.get("out").asInt();
        in = ref.get("in").asInt();
        w = floats(ref.get("weights"));
        act = floats(ref.get("act_norm"));
    }

    static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
        return f;
    }

    @Test
    void wandaMasksAreExactlyTheSeedsAtEverySparsity() {
        var masks = ref.get("wanda_masks");
        masks.fieldNames().forEachRemaining(s -> {
            boolean[] keep = Pruning.unstructured(w, out, in, act, Double.parseDouble(s));
            JsonNode want = masks.get(s);
            int pruned = 0;
            for (int i = 0; i < keep.length; i++) {
                assertEquals(want.get(i).asInt() == 1, keep[i], "sparsity " + s + " index " + i);
                if (!keep[i]) pruned++;
            }
            assertEquals(out * Pruning.prunedPerRow(in, Double.parseDouble(s)), pruned, "k = int(in·s) per row");
        });
    }

    @Test
    void groupQuantizationMatchesTheSeedWithin1e6AfterTheMaskWithPaddedGroups() {
        for (JsonNode c : ref.get("quantized")) {
            double s = c.get("sparsity").asDouble();
            int bits = c.get("bits").asInt(), group = c.get("group").asInt();
            float[] pruned = w.clone();
            boolean[] keep = Pruning.unstructured(pruned, out, in, act, s);
            Pruning.apply(pruned, keep);
            float[] q = GroupQuantization.quantize(pruned, keep, out, in, bits, group);
            float[] want = floats(c.get("quantized"));
            for (int i = 0; i < q.length; i++) {
                assertEquals(want[i], q[i], 1e-6, "s=" + s + " bits=" + bits + " group=" + group + " index " + i);
            }
        }
    }

    @Test
    void twoBitsIsTernaryAndEightBitsHas127Levels() {
        assertEquals(1, GroupQuantization.qmax(1));
        assertEquals(1, GroupQuantization.qmax(2));
        assertEquals(3, GroupQuantization.qmax(3));
        assertEquals(7, GroupQuantization.qmax(4));
        assertEquals(127, GroupQuantization.qmax(8));
    }

    @Test
    void computeBudgetEqualsTheSeedsOnItsAllocation() {
        Map<String, CompressionBudget.Slot> slots = new LinkedHashMap<>();
        JsonNode alloc = ref.get("budget_allocation");
        ref.get("budget_sizes").fields().forEachRemaining(e -> {
            JsonNode a = alloc.get(e.getKey());
            if (a != null) {
                slots.put(e.getKey(), new CompressionBudget.Slot(e.getValue().asLong(), a.get("bits").asInt(),
                        a.get("sparsity").asDouble()));
            }
        });
        assertEquals(ref.get("budget").asDouble(), CompressionBudget.of(slots, Map.of()).compressed(), 1e-12);
    }

    @Test
    void twoFourKeepsExactlyTwoOfEveryFourByScore() {
        float[] row = {0.1f, -0.4f, 0.3f, 0.2f, 5f, -6f, 0.01f, 7f};
        boolean[] keep = Pruning.twoFour(row, 1, 8, null);
        assertArrayEquals(new boolean[] {false, true, true, false, false, true, false, true}, keep);
        float[] norms = {10f, 1f, 1f, 1f, 1f, 1f, 1f, 1f}; // Wanda's score lifts the first input
        assertArrayEquals(new boolean[] {true, true, false, false, false, true, false, true}, Pruning.twoFour(row, 1, 8, norms));
    }
}
