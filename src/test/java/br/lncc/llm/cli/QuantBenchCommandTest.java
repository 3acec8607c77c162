package br.lncc.llm.cli;

import static br.lncc.llm.cli.Gpt2CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantBenchCommandTest {
    static final String TINY = "src/test/resources/fixtures/gpt2-tiny";

    @Test
    void withoutModelTheCourseModelIsMeasuredWithAPortuguesePrompt() throws Exception {
        var r = run("bench", "quant", "--tokens", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("course-gpt2-foca", r.json().get("model").asText());
        assertEquals("Para instalar o programa", r.json().get("prompt").asText());
    }

    @Test
    void everyFormatIsMeasuredInOneRunWithItsMemoryErrorAndSpeed() throws Exception {
        var r = run("bench", "quant", "--model", TINY, "--tokens", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals(2, j.get("new_tokens").asInt());
        Map<String, JsonNode> f = new HashMap<>();
        j.get("formats").forEach(n -> f.put(n.get("format").asText(), n));
        assertEquals(java.util.Set.of("FP32", "INT8", "INT4", "NF4", "NF4_DOUBLE_QUANT"), f.keySet());
        assertEquals(32.0, f.get("FP32").get("linear_bits_per_weight").asDouble(), 1e-9);
        assertEquals(0.0, f.get("FP32").get("mean_relative_rms_error").asDouble(), 1e-12);
        assertEquals(1.0, f.get("FP32").get("time_vs_fp32").asDouble(), 1e-12);
        // NF4 stores 4 bits + one fp32 absmax per 64 weights; double quantization shaves the constants.
        assertEquals(4.5, f.get("NF4").get("linear_bits_per_weight").asDouble(), 1e-9);
        assertTrue(f.get("NF4_DOUBLE_QUANT").get("linear_bits_per_weight").asDouble() < 4.5);
        // Error ordering on normally distributed weights: INT8 < NF4 < INT4 (NF4's levels follow the bell).
        double int8 = f.get("INT8").get("mean_relative_rms_error").asDouble();
        double nf4 = f.get("NF4").get("mean_relative_rms_error").asDouble();
        double int4 = f.get("INT4").get("mean_relative_rms_error").asDouble();
        assertTrue(int8 < nf4 && nf4 < int4, int8 + " " + nf4 + " " + int4);
        assertTrue(f.get("NF4").get("weights_mib").asDouble() < f.get("FP32").get("weights_mib").asDouble());
        for (JsonNode n : f.values()) {
            assertTrue(n.get("ms_per_token").asDouble() > 0);
            assertTrue(n.get("tokens").asInt() >= 1 && n.get("tokens").asInt() <= 2);
        }
    }

    @Test
    void zeroTokensIsAClearError() {
        var r = run("bench", "quant", "--model", TINY, "--tokens", "0");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--tokens"), r.err());
    }
}
