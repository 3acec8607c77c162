package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.text.Messages;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: one prompt-fitting rule. The generation page's lab ({@link GenerationLab#encode})
 * and {@code companion generate} cut the same too-long prompt to the very same ids — raw, with a
 * huge --max-new-tokens (never less than half the window), and inside a chat template (the
 * start of the user's text goes, the template stays).
 */
class PromptFitAgreementTest {
    private static final Path GPT2 = Path.of("src/test/resources/fixtures/gpt2-tiny");
    private static final Path QWEN = Path.of("src/test/resources/fixtures/qwen2-tiny");

    private static long[] cliPromptIds(String... args) throws java.io.IOException {
        var r = br.lncc.llm.reliability.Cli.run(args);
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertTrue(j.get("truncated").asBoolean(), "the CLI cut the prompt too");
        return StreamSupport.stream(j.get("prompt_ids").spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }

    @Test
    void theGenerationLabAndTheCliCutARawPromptIdentically() throws java.io.IOException {
        String prompt = "bla ".repeat(400) + "What comes next?";
        try (var lab = GenerationLab.open(GPT2)) {
            for (int reserve : new int[] {10, 100_000}) {
                var gui = lab.encode(prompt, reserve);
                long[] cli = cliPromptIds("generate", "--model", GPT2.toString(), "--prompt", prompt, "--max-new-tokens",
                        String.valueOf(reserve), "--greedy", "--json");
                assertTrue(gui.truncated());
                assertArrayEquals(gui.ids(), cli, "reserve " + reserve);
            }
            // window 128: 118 with room for 10 new tokens; never fewer than half the window (64).
            assertEquals(118, lab.encode(prompt, 10).ids().length);
            assertEquals(64, lab.encode(prompt, 100_000).ids().length);
        }
    }

    @Test
    void theGenerationLabAndTheCliCutAChatPromptIdenticallyKeepingTheTemplate() throws java.io.IOException {
        String prompt = "a".repeat(3000) + " Oi";
        try (var lab = GenerationLab.open(QWEN)) {
            var gui = lab.encode(prompt, 4, true, null);
            long[] cli = cliPromptIds("generate", "--model", QWEN.toString(), "--prompt", prompt, "--max-new-tokens", "4",
                    "--greedy", "--chat", "--json");
            assertArrayEquals(gui.ids(), cli);
            long[] whole = lab.encode("Oi", 4, true, null).ids();
            for (int i = 0; i < 20; i++) assertEquals(whole[i], gui.ids()[i], "the system turn survives, position " + i);
            assertTrue(gui.notice().render(Messages.ENGLISH).startsWith("the prompt had "), gui.notice().render(Messages.ENGLISH));
        }
    }
}
