package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** `bench decode --format … --lm-head int8`: the new JSON fields, on the tiny GPT-2 and Qwen2 fixtures. */
class DecodeBenchFormatsTest {

    @Test
    void quantizedDecodeReportsBytesBoundAgreementAndTheLibtorchPath() throws Exception {
        for (String fixture : new String[] {"gpt2-tiny", "qwen2-tiny-sliding"}) {
            var r = Gpt2CommandsTest.run("bench", "decode", "--model", "src/test/resources/fixtures/" + fixture,
                    "--format", "nf4", "--lm-head", "int8", "--tokens", "6", "--prefill-tokens", "8", "--no-cache-tokens", "0",
                    "--quality-tokens", "5", "--compare-libtorch", "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode j = r.json();
            assertEquals("nf4", j.get("format").asText());
            assertEquals("int8", j.get("lm_head").asText());
            assertTrue(j.get("decode_path").asText().startsWith("fused java"), j.toString());
            assertTrue(j.get("bandwidth_measured").asBoolean());
            assertTrue(j.get("bandwidth_gb_per_s").asDouble() > 0.1, j.toString());
            // 4.5 bits per projection weight: far fewer bytes per token than the float32 weights.
            assertTrue(j.get("bytes_per_token").asLong() < j.get("weights_bytes").asLong(), j.toString());
            assertEquals(6, j.get("quality_steps").asInt());
            double top1 = j.get("top1_agreement_vs_fp32").asDouble();
            assertTrue(top1 >= 0 && top1 <= 1, j.toString());
            assertTrue(j.get("mean_kl_vs_fp32").asDouble() >= 0, j.toString());
            assertTrue(j.get("tokens_per_s_libtorch").asDouble() > 0, j.toString());
            assertTrue(j.get("fraction_of_bound").asDouble() > 0, j.toString());
        }
    }

    /**
     * Without a comparison against fp32 a folder is read straight into the format (no float32 copy
     * of the projections), and the run reports resident memory: before loading, while loading, overall.
     */
    @Test
    void withoutQualityAFolderLoadsStraightIntoTheFormatAndReportsPeakMemory() throws Exception {
        for (String fixture : new String[] {"gpt2-tiny", "qwen2-tiny-sliding"}) {
            var r = Gpt2CommandsTest.run("bench", "decode", "--model", "src/test/resources/fixtures/" + fixture,
                    "--format", "nf4", "--lm-head", "int8", "--tokens", "4", "--prefill-tokens", "8", "--no-cache-tokens", "0",
                    "--quality-tokens", "0", "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode j = r.json();
            assertTrue(j.get("loaded_straight").asBoolean(), j.toString());
            assertEquals("nf4", j.get("format").asText());
            assertTrue(j.get("weights_format").asText().matches("nf4 \\([0-9]+\\.[0-9]{2} bits/peso nas projeções\\)"),
                    "the JSON value keeps its pt-BR wording (a public contract): " + j.get("weights_format"));
            assertTrue(j.get("bytes_per_token").asLong() < j.get("weights_bytes").asLong(), j.toString());
            if (j.get("peak_rss_method").asText().equals("UNAVAILABLE")) continue;
            double before = j.get("rss_before_load_mib").asDouble(), load = j.get("load_peak_rss_mib").asDouble();
            // In the suite's shared JVM the resident size can fall between the reading before the load and
            // the high-water mark's reset (the GC and glibc hand back earlier tests' memory), so the load
            // peak is not compared with the reading before; the run's peak includes the load's.
            assertTrue(before > 0 && load > 0 && j.get("peak_rss_mib").asDouble() >= load, j.toString());
            var withQuality = Gpt2CommandsTest.run("bench", "decode", "--model", "src/test/resources/fixtures/" + fixture,
                    "--format", "int8", "--tokens", "2", "--prefill-tokens", "8", "--no-cache-tokens", "0", "--quality-tokens", "2",
                    "--json");
            assertEquals(0, withQuality.exit(), withQuality.err());
            assertTrue(!withQuality.json().get("loaded_straight").asBoolean(), "the fp32 reference needs the float32 model");
        }
    }

    /** Without --json the report is text in --lang's language: English words only with --lang en. */
    @Test
    void theTextReportFollowsLang() throws Exception {
        var one = Gpt2CommandsTest.run("--lang", "en", "bench", "decode", "--model", "src/test/resources/fixtures/gpt2-tiny",
                "--format", "int8", "--tokens", "4", "--prefill-tokens", "8", "--no-cache-tokens", "2", "--quality-tokens", "3",
                "--bandwidth-gbs", "20");
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.out().contains("new tokens") && one.out().contains("bits/weight in the projections") && one.out().contains("MiB")
                && one.out().contains("read bandwidth given") && one.out().contains("without cache"), one.out());
        // The phase lines on stderr too ("aquecimento", "com cache KV" came out in pt-BR).
        assertTrue(one.err().contains("… warm-up") && one.err().contains("… with KV cache") && one.err().contains("… done")
                && !one.err().contains("aquecimento") && !one.err().contains("com cache"), one.err());
        var many = Gpt2CommandsTest.run("--lang", "en", "bench", "decode", "--model", "src/test/resources/fixtures/gpt2-tiny",
                "--format", "fp32,int8", "--tokens", "3", "--quality-tokens", "2");
        assertEquals(0, many.exit(), many.err());
        assertTrue(many.out().contains("interleaved rounds") && many.out().contains("of bound"), many.out());
        for (var r : java.util.List.of(one, many)) {
            assertTrue(r.out().lines().noneMatch(br.lncc.llm.architecture.PortugueseLiteralsTest::portuguese), r.out());
        }
        var pt = Gpt2CommandsTest.run("bench", "decode", "--random-shape", "phi-2", "--tokens", "2");
        assertEquals(1, pt.exit());
        assertTrue(pt.err().contains("phi-2 não tem variante aleatória"), pt.err());
    }

    /** A list of formats: one process, interleaved rounds, fp32 through both paths, ratios and quality per format. */
    @Test
    void aListOfFormatsIsComparedInTheSameRun() throws Exception {
        var r = Gpt2CommandsTest.run("bench", "decode", "--model", "src/test/resources/fixtures/gpt2-tiny", "--format",
                "fp32,int8,nf4", "--lm-head", "int8", "--tokens", "5", "--repeat", "2", "--quality-tokens", "4", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals(2, j.get("repeats").asInt());
        JsonNode runs = j.get("runs");
        assertEquals(4, runs.size(), j.toString()); // fp32 libtorch, fp32 java, int8, nf4
        assertEquals("libtorch", runs.get(0).get("decode_path").asText());
        assertTrue(runs.get(1).get("decode_path").asText().startsWith("fused java"), j.toString());
        double best = j.get("tokens_per_s_fp32_best").asDouble();
        for (JsonNode run : runs) {
            assertEquals(2, run.get("tokens_per_s_rounds").size());
            assertEquals(run.get("tokens_per_s_cache").asDouble() / best, run.get("speedup_vs_fp32").asDouble(), 1e-9);
            assertTrue(run.get("fraction_of_bound").asDouble() > 0, run.toString());
        }
        assertEquals("int8", runs.get(2).get("format").asText());
        assertEquals("int8", runs.get(2).get("lm_head").asText());
        assertTrue(runs.get(3).get("bytes_per_token").asLong() < runs.get(2).get("bytes_per_token").asLong(), "nf4 reads fewer bytes");
        assertTrue(runs.get(3).get("top1_agreement_vs_fp32").asDouble() >= 0, j.toString());
        // Memory of the comparison, as the one-format report names it, and what each format's copy added.
        for (JsonNode run : runs) assertTrue(run.has("rss_added_mib"), run.toString());
        assertEquals(0, runs.get(1).get("rss_added_mib").asDouble(), "the fp32 Java step shares the libtorch path's copy");
        if (!j.get("peak_rss_method").asText().equals("UNAVAILABLE")) {
            double before = j.get("rss_before_load_mib").asDouble(), load = j.get("load_peak_rss_mib").asDouble();
            // In the suite's shared JVM the resident size can fall between the reading before the load and
            // the high-water mark's reset (the GC and glibc hand back earlier tests' memory), so the load
            // peak is not compared with the reading before; the run's peak includes the load's.
            assertTrue(before > 0 && load > 0 && j.get("peak_rss_mib").asDouble() >= load, j.toString());
        }
    }

    @Test
    void anUnknownFormatIsRefusedByName() {
        var r = Gpt2CommandsTest.run("bench", "decode", "--model", "src/test/resources/fixtures/gpt2-tiny", "--format", "q3_k",
                "--json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("q3_k"), r.err());
    }
}
