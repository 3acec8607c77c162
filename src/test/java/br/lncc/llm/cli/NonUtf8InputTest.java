package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a student passes in Latin-1 (or binary by mistake) are named as "not UTF-8", not "Input length = 1". */
class NonUtf8InputTest {
    static final String MODEL = "src/test/resources/fixtures/qwen2-tiny";

    @TempDir Path tmp;

    private Path latin1(String name, String header) throws IOException {
        byte[] head = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = "avalia\u00e7\u00e3o ruim\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return Files.write(tmp.resolve(name), all);
    }

    private static void assertSaysNotUtf8(br.lncc.llm.reliability.Cli.Run r) {
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out());
        String message = r.err().lines().filter(l -> l.startsWith("Erro")).findFirst().orElse("");
        assertTrue(message.contains("não está em UTF-8"), r.err());
        assertFalse(message.contains("Input length"), r.err()); // the technical detail may follow on its own line
    }

    @Test
    void energyQueriesSentimentDatasetJudgePairsAndRarityTableNameTheEncoding() throws IOException {
        assertSaysNotUtf8(Gpt2CommandsTest.run("bench", "energy", "--models", MODEL, "--queries",
                latin1("q.txt", "").toString(), "--out", tmp.resolve("e").toString(), "--json"));
        assertSaysNotUtf8(Gpt2CommandsTest.run("bench", "sentiment", "--model", MODEL, "--dataset",
                latin1("d.csv", "text,label\n").toString(), "--n", "1", "--out", tmp.resolve("s").toString(), "--json"));
        assertSaysNotUtf8(Gpt2CommandsTest.run("judge", "--model", MODEL, "--pairs",
                latin1("p.jsonl", "").toString(), "--json"));
        assertSaysNotUtf8(Gpt2CommandsTest.run("rarity", "--table", latin1("t.csv", "").toString(), "--json"));
    }
}
