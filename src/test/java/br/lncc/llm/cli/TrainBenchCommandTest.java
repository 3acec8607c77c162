package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainBenchCommandTest {

    @Test
    void benchTrainReportsThreeMethodsAsPureJson() throws Exception {
        var run = Gpt2CommandsTest.run("bench", "train", "--model", "src/test/resources/fixtures/gpt2-tiny",
                "--seq", "16", "--steps", "2", "--json");
        assertEquals(0, run.exit(), run.err());
        var json = run.json();
        var methods = json.get("methods");
        assertEquals(3, methods.size());
        assertEquals("SFT", methods.get(0).get("method").asText());
        assertEquals(100.0, methods.get(0).get("trainable_percent").asDouble(), 1e-9);
        assertTrue(methods.get(2).get("base_mib").asDouble() < methods.get(1).get("base_mib").asDouble());
        for (var m : methods) {
            double ms = m.get("ms_per_step").asDouble();
            assertTrue(ms > 0);
            double phases = m.get("forward_ms").asDouble() + m.get("backward_ms").asDouble() + m.get("optimizer_ms").asDouble();
            assertTrue(phases > 0 && phases <= ms * 1.001 + 0.01, m.toString()); // the phases are parts of the step
            // On Linux the peak is measured per method and covers at least the resident size read at its end.
            if (java.nio.file.Files.isWritable(java.nio.file.Path.of("/proc/self/clear_refs"))) {
                assertEquals("clear_refs_vmhwm", m.get("peak_rss_source").asText());
                assertTrue(m.get("peak_rss_mib").asDouble() >= m.get("resident_mib").asDouble() - 1, m.toString());
            } else {
                assertTrue(m.get("peak_rss_source").asText().matches("vmhwm_since_start|unavailable"), m.toString());
            }
        }
    }

    @Test
    void badStepsOrSeqGetTheTrainingMessageNotAnUnexpectedError() {
        var r = Gpt2CommandsTest.run("bench", "train", "--model", "src/test/resources/fixtures/gpt2-tiny",
                "--steps", "0", "--json");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Erro: use ao menos 2 passos"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }
}
