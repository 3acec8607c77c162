package br.lncc.llm.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.model.Llama;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qwen2 instruct checkpoints list two end ids in generation_config.json ({@code <|im_end|>},
 * {@code <|endoftext|>}) while config.json names one: generation stops on every listed id.
 */
class StopTokensTest {

    static final Path QWEN = Path.of("src/test/resources/fixtures/qwen2-tiny");
    // reference.json of the fixture: greedy after these ids is 61, 61, 61…
    static final long[] PROMPT = {1, 17, 42, 99, 3, 250, 7, 128, 64, 5, 200, 31};

    @Test
    void generationStopsOnAnyIdOfTheCheckpointsEosList() {
        try (Llama model = Llama.load(QWEN)) {
            var generator = new Generator(model);
            var plain = generator.generate(PROMPT, GenerationSettings.greedy(4), Generator.TokenListener.NONE,
                    ProgressSink.NONE);
            assertArrayEquals(new long[] {61, 61, 61, 61}, plain.newIds(), "61 is not the model's EOS (257)");
            assertEquals(Generation.StopReason.MAX_TOKENS, plain.stopReason());

            var stopping = generator.generate(PROMPT, GenerationSettings.greedy(4).withStopTokens(List.of(999L, 61L)),
                    Generator.TokenListener.NONE, ProgressSink.NONE);
            assertArrayEquals(new long[] {61}, stopping.newIds());
            assertEquals(Generation.StopReason.EOS, stopping.stopReason());

            var ignoring = generator.generate(PROMPT,
                    GenerationSettings.greedy(4).withStopTokens(List.of(61L)).withStopAtEos(false),
                    Generator.TokenListener.NONE, ProgressSink.NONE);
            assertEquals(4, ignoring.newIds().length, "stopAtEos=false ignores every end id");
        }
    }

    @Test
    void theGenerationLabStopsOnTheCheckpointsEosListToo(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": [999, 61]}");
        try (Llama model = Llama.load(QWEN); TextTokenizer tok = TextTokenizer.fromFolder(QWEN)) {
            var lab = new GenerationLab(model, tok, dir);
            assertEquals(List.of(999L, 61L), lab.checkpointEos());
            var g = lab.generate(PROMPT, GenerationSettings.greedy(4), Generator.TokenListener.NONE, ProgressSink.NONE);
            assertArrayEquals(new long[] {61}, g.newIds());
            assertEquals(Generation.StopReason.EOS, g.stopReason());
            assertEquals(List.of(258L, 256L), new GenerationLab(model, tok, QWEN).checkpointEos());
        }
    }

    @Test
    void resolvedCheckpointSettingsCarryTheFilesEosList() {
        var r = GenerationConfig.read(QWEN).resolve(GenerationConfig.Explicit.NOTHING, true);
        assertEquals(List.of(258L, 256L), r.settings().stopTokenIds());
        assertTrue(r.settings().isStopToken(256, 257));
        assertTrue(r.sources().contains("eos_token_id=[258, 256] (generation_config.json)"), r.sources().toString());
        var ignored = GenerationConfig.read(QWEN).resolve(GenerationConfig.Explicit.NOTHING, false);
        assertEquals(List.of(), ignored.settings().stopTokenIds());
    }

    @Test
    void temperatureWithoutDoSampleFollowsTheCheckpointAsHuggingFaceDoes() {
        // N3.05 passes temperature=0.7 and no do_sample: Qwen's file says do_sample=true.
        var x = new GenerationConfig.Explicit(null, 0.7, null, null, null, 150, 1L);
        var r = GenerationConfig.read(QWEN).resolve(x, true);
        assertTrue(r.sources().contains("amostragem (generation_config.json: do_sample=true)"), r.sources().toString());
        var file = new GenerationConfig(false, null, null, null, null, null, List.of());
        assertEquals(Strategy.GREEDY, file.resolve(x, true).settings().strategy(), "do_sample=false in the file: greedy");
    }
}
