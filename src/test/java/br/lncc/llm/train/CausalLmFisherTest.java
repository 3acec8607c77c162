package br.lncc.llm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Llama family's Fisher sensitivity (Cap. 6.6, seed 004) against the float64 autograd of
 * src/test/python/make_fisher_reference.py on the same tiny checkpoints and texts. Tolerance: 1e-3
 * relative per linear (float32 forward and backward against float64).
 */
class CausalLmFisherTest {

    static JsonNode reference() throws Exception {
        return new ObjectMapper().readTree(Path.of("src/test/resources/fixtures/fisher-reference.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tiny", "llama-tiny-untied", "phi-tiny"})
    void fisherOfEveryLinearMatchesTheFloat64Reference(String fixture) throws Exception {
        JsonNode ref = reference();
        List<long[]> texts = new ArrayList<>();
        for (JsonNode t : ref.get("texts")) {
            long[] ids = new long[t.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = t.get(i).asLong();
            texts.add(ids);
        }
        JsonNode expected = ref.get("fixtures").get(fixture);
        try (CausalLm model = CausalLms.load(Path.of("src/test/resources/fixtures", fixture))) {
            float[] before = model.parameters().get("layers.0.self_attn.v_proj.weight").toFloatArray();
            CausalLmFisher.Result r = CausalLmFisher.of(model, texts, ProgressSink.NONE);
            assertEquals(2, r.texts());
            assertEquals(expected.size(), r.scores().size(), "one score per linear: " + r.scores().keySet());
            expected.fields().forEachRemaining(e -> {
                double want = e.getValue().asDouble();
                double got = r.scores().get(e.getKey());
                assertEquals(want, got, 1e-3 * want, e.getKey());
            });
            // The weights are untouched and no longer record gradients: a second run gives the same scores.
            assertTrue(java.util.Arrays.equals(before, model.parameters().get("layers.0.self_attn.v_proj.weight").toFloatArray()));
            CausalLmFisher.Result again = CausalLmFisher.of(model, texts, ProgressSink.NONE);
            r.scores().forEach((n, v) -> assertEquals(v, again.scores().get(n), 1e-6 * v, n));
        }
    }
}
