package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import br.lncc.llm.bench.JsonlLog;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Excel's "CSV UTF-8" and Windows Notepad start files with a byte order mark (EF BB BF). */
class ByteOrderMarkTest {
    static final String MODEL = "src/test/resources/fixtures/qwen2-tiny";

    @TempDir Path tmp;

    private Path withBom(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), "\uFEFF" + text, StandardCharsets.UTF_8);
    }

    @Test
    void rarityTableSentimentJsonlAndEnergyQueriesReadTheSameWithOrWithoutABom() throws IOException {
        String table = Files.readString(Path.of("src/main/resources/assets/bench/rarity-models.csv"));
        var rarity = Gpt2CommandsTest.run("rarity", "--table", withBom("t.csv", table).toString(), "--json");
        assertEquals(0, rarity.exit(), rarity.err());

        var sentiment = Gpt2CommandsTest.run("bench", "sentiment", "--model", MODEL, "--dataset",
                withBom("d.jsonl", "{\"text\":\"good\",\"label\":\"positivo\"}\n").toString(), "--n", "1", "--out",
                tmp.resolve("s").toString(), "--json");
        assertEquals(0, sentiment.exit(), sentiment.err());

        var energy = Gpt2CommandsTest.run("bench", "energy", "--models", MODEL, "--queries",
                withBom("q.txt", "2 + 3\n").toString(), "--out", tmp.resolve("e").toString(), "--tdp", "54",
                "--max-new-tokens", "1", "--json");
        assertEquals(0, energy.exit(), energy.err());
        var first = JsonlLog.read(EnergyBenchmark.logFile(tmp.resolve("e"), "qwen2-tiny")).get(0);
        assertEquals("2 + 3", first.get("query").asText(), "the mark is not part of the first query");
    }
}
