package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

    @Test
    void jsonReportLoadsTheEngineAndListsDirectoriesModelsAndDisk() throws Exception {
        var run = Gpt2CommandsTest.run("doctor", "--json");
        assertEquals(0, run.exit(), run.err());
        // Pure JSON on stdout: the whole output parses.
        JsonNode r = run.json();
        assertEquals(System.getProperty("java.version"), r.path("java").path("version").asText());
        assertTrue(r.path("os").path("name").asText().length() > 0);
        assertTrue(r.path("engine").path("loaded").asBoolean(), r.path("engine").toString());
        assertEquals("PyTorch", r.path("engine").path("name").asText());
        assertTrue(r.path("engine").path("version").asText().startsWith("2.7"), r.path("engine").toString());
        assertTrue(r.path("engine").path("loadMillis").asDouble() >= 0);
        assertEquals("PASSIVE", r.path("engine").path("ompWaitPolicy").asText(), "libtorch must not spin (PassiveOpenMp)");
        assertTrue(r.path("directories").path("appHome").asText().endsWith("test-home"), r.path("directories").toString());
        assertTrue(r.path("directories").has("hfCache"));
        assertTrue(r.path("directories").has("djlCache"));
        assertEquals("bert-base-uncased", r.path("models").get(0).path("id").asText());
        assertTrue(r.path("disk").get(0).path("freeBytes").asLong() > 0);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, CompanionCommand.run("doctor", "--nope"));
    }
}
