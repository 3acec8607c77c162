package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

    @Test
    void summaryComesFromConfigAloneAndCountsWhatTheCheckpointHolds() throws Exception {
        for (String name : LlamaFamilyReferenceTest.FIXTURES) {
            ModelSummary s = ModelSummary.of(LlamaFamilyReferenceTest.fixture(name));
            long stored = LlamaFamilyReferenceTest.reference(name).get("parameters").asLong();
            assertEquals(stored, s.parameters(), name);
            assertEquals(4 * stored, s.memoryBytes(), name);
            assertEquals(name.endsWith("bf16") ? "bfloat16" : "float32", s.dtype(), name);
        }
        assertEquals("qwen2", ModelSummary.of(LlamaFamilyReferenceTest.fixture("qwen2-tiny")).architecture());
        assertEquals(ModelSummary.UNKNOWN, ModelSummary.of(Path.of("does-not-exist")));
    }
}
