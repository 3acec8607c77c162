package br.lncc.llm.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** generation_config.json defaults (shaped like Qwen2-1.5B-Instruct's) and the ChatML template. */
class GenerationConfigTest {

    static final Path QWEN = Path.of("src/test/resources/fixtures/qwen2-tiny");

    @Test
    void checkpointDefaultsMakeAPlainCallSample() {
        GenerationConfig g = GenerationConfig.read(QWEN);
        assertTrue(g.imposesSampling());
        var r = g.resolve(GenerationConfig.Explicit.NOTHING, true);
        var s = assertInstanceOf(Strategy.Sample.class, r.settings().strategy());
        assertEquals(0.7, s.temperature());
        assertEquals(20, s.topK());
        assertEquals(0.8, s.topP());
        assertEquals(1.1, r.settings().repetitionPenalty());
        assertTrue(r.sources().contains("amostragem (generation_config.json: do_sample=true)"), r.sources().toString());
        assertTrue(r.sources().contains("temperature=0.7 (generation_config.json)"), r.sources().toString());
        assertEquals(List.of(258L, 256L), g.eosTokenIds());
    }

    @Test
    void explicitSettingsWinFieldByField() {
        var x = new GenerationConfig.Explicit(null, 1.3, null, 0.95, null, 10, 7L);
        var r = GenerationConfig.read(QWEN).resolve(x, true);
        var s = assertInstanceOf(Strategy.Sample.class, r.settings().strategy());
        assertEquals(1.3, s.temperature());
        assertEquals(20, s.topK(), "not set explicitly: the checkpoint's top_k");
        assertEquals(0.95, s.topP());
        assertEquals(10, r.settings().maxNewTokens());
        assertEquals(7L, r.settings().seed());
        assertTrue(r.sources().contains("top_p=0.95 (explícito)"), r.sources().toString());
    }

    @Test
    void explicitGreedyIsGreedyAndIgnoringTheFileGivesPlainGreedy() {
        var greedy = new GenerationConfig.Explicit(true, null, null, null, null, null, null);
        var r = GenerationConfig.read(QWEN).resolve(greedy, true);
        assertEquals(Strategy.GREEDY, r.settings().strategy());
        assertEquals(1.1, r.settings().repetitionPenalty(), "HF applies the file's penalty to greedy runs too");

        var plain = GenerationConfig.read(QWEN).resolve(GenerationConfig.Explicit.NOTHING, false);
        assertEquals(Strategy.GREEDY, plain.settings().strategy());
        assertEquals(1.0, plain.settings().repetitionPenalty());
        assertTrue(plain.sources().contains("gulosa (padrão do app)"));
    }

    @Test
    void folderWithoutTheFileImposesNothing() {
        GenerationConfig g = GenerationConfig.read(Path.of("src/test/resources/fixtures/llama-tiny-tied"));
        assertEquals(GenerationConfig.NONE, g);
        assertEquals(Strategy.GREEDY, g.resolve(GenerationConfig.Explicit.NOTHING, true).settings().strategy());
    }

    @Test
    void chatMlUsesTheTemplatesDefaultSystemMessageAndEncodesSpecialTokens() {
        ChatTemplate chat = ChatTemplate.read(QWEN);
        String prompt = chat.userPrompt(null, "Olá");
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nOlá<|im_end|>\n<|im_start|>assistant\n", prompt);
        assertEquals("<|im_start|>system\nSeja breve.<|im_end|>\n<|im_start|>user\nOi<|im_end|>\n<|im_start|>assistant\n",
                chat.userPrompt("Seja breve.", "Oi"));
        try (TextTokenizer tok = TextTokenizer.fromFolder(QWEN)) {
            long[] ids = tok.encode(prompt, false).ids();
            assertEquals(257, ids[0], "<|im_start|> is one special token");
            assertEquals(257, ids[ids.length - 11], "the assistant turn opens with <|im_start|>");
        }
        assertNull(ChatTemplate.read(Path.of("src/test/resources/fixtures/llama-tiny-tied")));
    }
}
