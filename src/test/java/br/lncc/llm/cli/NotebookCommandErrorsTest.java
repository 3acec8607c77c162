package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad notebook options are explained before any cell runs, with no stack trace. */
class NotebookCommandErrorsTest {
    @TempDir Path tmp;

    private static void assertExplained(br.lncc.llm.reliability.Cli.Run r, String mustSay) {
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out(), "no cell ran");
        assertTrue(r.err().startsWith("Erro: ") && r.err().contains(mustSay), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void missingModelFolderZeroTokensAndAnOutThatIsAFileAreExplained() throws IOException {
        assertExplained(Gpt2CommandsTest.run("notebook", "N02", "--gpt2", tmp.resolve("nope").toString(), "--tokens", "2"),
                "--gpt2");
        assertExplained(Gpt2CommandsTest.run("notebook", "N02", "--t5", tmp.resolve("nope").toString(), "--tokens", "2"),
                "--t5");
        assertExplained(Gpt2CommandsTest.run("notebook", "N02", "--tokens", "0"), "--tokens");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertExplained(Gpt2CommandsTest.run("notebook", "N01", "--out", file.toString()), "--out");
    }

    @Test
    void anOptionOfAnotherNotebookIsRefusedNotSilentlyIgnored() {
        assertExplained(Gpt2CommandsTest.run("notebook", "N02", "--model", "src/test/resources/fixtures/qwen2-tiny"), "--model");
        assertExplained(Gpt2CommandsTest.run("notebook", "N03", "--gpt2", "src/test/resources/fixtures/gpt2-tiny"), "--gpt2");
        assertExplained(Gpt2CommandsTest.run("notebook", "N01", "--tokens", "3"), "--tokens");
        assertExplained(Gpt2CommandsTest.run("notebook", "N02", "--out", tmp.toString()), "--out");
    }
}
