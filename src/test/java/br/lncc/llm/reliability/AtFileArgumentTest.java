package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 7: an argument starting with '@' is text, never the contents of a file. */
class AtFileArgumentTest {
    @Test
    void textStartingWithAtIsTokenizedLiterallyAndNoFileIsRead(@TempDir Path tmp) throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "hf_SEGREDOxyz");
        Cli.Run r = Cli.run("tokenize", "--model", "src/test/resources/fixtures/gpt2-tiny", "--text", "@" + token, "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.out().contains("SEG") && !r.out().contains("xyz"), "the file's contents leaked: " + r.out());
        assertTrue(r.out().contains("@"), r.out());
    }
}
