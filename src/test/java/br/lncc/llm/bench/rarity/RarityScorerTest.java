package br.lncc.llm.bench.rarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RarityScorerTest {

    @Test
    void seedWorkedExampleFromItsCounts() {
        // seed 002: N = 55, MLA 5, SwiGLU 45, RMSNorm 50, context 1.5 after normalisation → 3.71
        double score = RarityScorer.score(55, 5, 45, 50, 1.5);
        assertEquals(3.7055555555555557, score, 1e-12);
        assertEquals(3.71, Math.round(score * 100) / 100.0, 0);
    }

    /**
     * A 55-model table with the seed's counts (40 GQA / 10 MHA / 5 MLA; 45 SwiGLU / 8 GeGLU /
     * 2 ReLU; 50 RMSNorm / 5 LayerNorm) and contexts 25×8K, 20×128K, 10×32K: the mean attention
     * weight is 3 (one per category) and 128K weighs half of the rarest context, so its
     * normalised context weight is 1.5, exactly the seed's value.
     */
    static List<ModelSpec> seedTable() {
        List<ModelSpec> t = new ArrayList<>();
        t.add(new ModelSpec("DeepSeek R1", 8, "", "MLA", "SwiGLU", "RMSNorm", 128 * 1024));
        for (int i = 1; i < 55; i++) {
            String attention = i < 5 ? "MLA" : i < 15 ? "MHA" : "GQA";
            String activation = i < 45 ? "SwiGLU" : i < 53 ? "GeGLU" : "ReLU";
            String norm = i < 50 ? "RMSNorm" : "LayerNorm";
            long context = i < 20 ? 128 * 1024 : i < 30 ? 32 * 1024 : 8 * 1024;
            t.add(new ModelSpec("Family" + i, 7 + i % 50, "1", attention, activation, norm, context));
        }
        return t;
    }

    @Test
    void seedWorkedExampleFromAFullTable() {
        RarityScore deepseek = RarityScorer.score(seedTable()).get(0);
        assertEquals("DeepSeek R1 8B", deepseek.model().name());
        assertEquals(11.0, deepseek.attentionWeight(), 1e-12);
        assertEquals(55.0 / 45, deepseek.activationWeight(), 1e-12);
        assertEquals(1.1, deepseek.normWeight(), 1e-12);
        assertEquals(1.5, deepseek.contextWeightNormalized(), 1e-12);
        assertEquals(3.71, Math.round(deepseek.score() * 100) / 100.0, 0);
    }

    @Test
    void latestVersionFilterKeepsNewestPerFamilyAndSize() {
        var table = List.of(
                new ModelSpec("Phi", 14, "3", "MHA", "GeGLU", "LayerNorm", 128 * 1024),
                new ModelSpec("Phi", 14, "4", "MHA", "GeGLU", "LayerNorm", 16 * 1024),
                new ModelSpec("Qwen", 8, "2.5", "GQA", "SwiGLU", "RMSNorm", 128 * 1024),
                new ModelSpec("Qwen", 8, "3", "GQA", "SwiGLU", "RMSNorm", 128 * 1024),
                new ModelSpec("Llama", 70, "3.3", "GQA", "SwiGLU", "RMSNorm", 128 * 1024),
                new ModelSpec("Llama", 70, "3.1", "GQA", "SwiGLU", "RMSNorm", 128 * 1024),
                new ModelSpec("Llama", 8, "3.1", "GQA", "SwiGLU", "RMSNorm", 128 * 1024));
        List<String> kept = RarityScorer.latestVersions(table).stream().map(ModelSpec::name).toList();
        assertEquals(List.of("Phi 4 14B", "Qwen 3 8B", "Llama 3.3 70B", "Llama 3.1 8B"), kept);
        assertTrue(RarityScorer.compareVersions("3.10", "3.9") > 0);
    }

    @Test
    void selectionTakesTopNPerSizeAndAddsBaselines() {
        var table = new ArrayList<>(seedTable());
        table.add(new ModelSpec("Llama", 8, "3.1", "GQA", "SwiGLU", "RMSNorm", 128 * 1024));
        var categories = RaritySelection.select(table, List.of(SizeCategory.SMALL, SizeCategory.LARGE), 3, RaritySelection.SEED_BASELINES);
        var small = categories.get(0).picks();
        // the three rarest plus Llama 3.1 8B as baseline
        assertEquals(4, small.size());
        assertFalse(small.get(0).baseline());
        assertTrue(small.get(0).score().score() >= small.get(1).score().score());
        var last = small.get(3);
        assertEquals("Llama 3.1 8B", last.score().model().name());
        assertTrue(last.baseline());
        assertTrue(last.rank() > 3);
        for (var p : categories.get(1).picks()) assertTrue(p.score().model().sizeB() >= 32);
    }

    @Test
    void csvRoundTripAndClearErrors() throws Exception {
        var file = java.nio.file.Files.createTempFile("rarity", ".csv");
        RarityTable.write(file, seedTable());
        assertEquals(seedTable(), RarityTable.read(file));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RarityTable.parse(List.of(RarityTable.HEADER, "Phi,14,4,MHA,GeGLU,LayerNorm,muito"), "t.csv"));
        assertTrue(e.getMessage().contains("linha 2"), e.getMessage());
    }

    @Test
    void shippedExampleTableParses() throws Exception {
        try (var in = RarityScorerTest.class.getResourceAsStream("/assets/bench/rarity-models.csv")) {
            var lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            assertTrue(RarityTable.parse(lines, "rarity-models.csv").size() >= 10);
        }
    }
}
