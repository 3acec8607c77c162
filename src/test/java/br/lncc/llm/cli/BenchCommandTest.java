package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.CompleterLoader;
import br.lncc.llm.bench.sentiment.DatasetSource;
import br.lncc.llm.hub.DatasetRowsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private CompleterLoader saved;

    @BeforeEach
    void useStandInModel() {
        saved = BenchCommand.loader;
        BenchCommand.loader = (id, progress) -> new ArithmeticCompleter();
    }

    @AfterEach
    void restore() {
        BenchCommand.loader = saved;
    }

    @Test
    void energyWritesOneRunFilePerModel(@TempDir Path out) throws Exception {
        Path q = Files.writeString(out.resolve("q.txt"), "2 + 3\n4 * 5\n");
        Object[] r = StatsCommandTest.run("bench", "energy", "--models", "m", "--queries", q.toString(), "--out",
                out.toString(), "--country", "WORLD", "--tdp", "54", "--json");
        assertEquals(0, r[0]);
        JsonNode summary = new ObjectMapper().readTree((String) r[1]);
        assertEquals(2, summary.get(0).get("total_queries").asInt());
        JsonNode report = new ObjectMapper().readTree(Path.of(summary.get(0).get("report").asText()).toFile());
        assertEquals(475, report.get("grid_intensity_g_per_kwh").asDouble());
        assertEquals("20", report.get("query_history").get(1).get("response").asText());
    }

    @Test
    void emptyQueriesFileExitsOne(@TempDir Path out) throws Exception {
        Path q = Files.writeString(out.resolve("q.txt"), "\n");
        assertEquals(1, StatsCommandTest.run("bench", "energy", "--models", "m", "--queries", q.toString(), "--out", out.toString())[0]);
    }

    @Test
    void sentimentOnRowsFromTheDatasetsServer(@TempDir Path out) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/splits", ex -> reply(ex, "{\"splits\":[{\"config\":\"default\",\"split\":\"train\"}]}"));
        server.createContext("/rows", ex -> {
            boolean first = ex.getRequestURI().getRawQuery().contains("offset=0");
            StringBuilder rows = new StringBuilder();
            for (int i = first ? 0 : 100; i < (first ? 100 : 130); i++) {
                if (rows.length() > 0) rows.append(',');
                String text = i % 2 == 1 ? "filme excelente " + i : "filme ruim " + i;
                rows.append("{\"row_idx\":").append(i).append(",\"row\":{\"id\":").append(i).append(",\"texto\":\"")
                        .append(text).append("\",\"sentimento\":").append(i % 2).append("}}");
            }
            reply(ex, "{\"rows\":[" + rows + "],\"num_rows_total\":130}");
        });
        server.start();
        var savedClient = BenchSentimentCommand.rowsClient;
        String id = "test/reviews-" + System.nanoTime();
        try {
            BenchSentimentCommand.rowsClient = () -> new DatasetRowsClient("http://127.0.0.1:" + server.getAddress().getPort(), Optional.empty());
            Object[] r = StatsCommandTest.run("bench", "sentiment", "--model", "m", "--dataset", "hf:" + id, "--n", "20",
                    "--seed", "42", "--out", out.toString(), "--json");
            assertEquals(0, r[0]);
            JsonNode m = new ObjectMapper().readTree((String) r[1]);
            assertEquals(20, m.get("n").asInt());
            // the stand-in is right on every review with the normal prompt
            assertEquals(1.0, m.get("accuracy_normal").asDouble());
            assertTrue(Files.exists(DatasetSource.cacheFile(id)), "rows cached for offline reuse");
        } finally {
            BenchSentimentCommand.rowsClient = savedClient;
            server.stop(0);
        }
    }

    @Test
    void sentimentOnAModelWithoutTokenizerExplainsWithoutAStackTrace(@TempDir Path out) {
        BenchCommand.loader = saved;
        var r = Gpt2CommandsTest.run("bench", "sentiment", "--model", "src/test/resources/fixtures/llama-tiny-tied",
                "--dataset", "demo", "--n", "2", "--out", out.toString(), "--json");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Erro: ") && r.err().contains("tokenizer.json"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void aRunWithoutResumeNeverDeletesResultsAlreadyInTheOutFolder(@TempDir Path out) throws Exception {
        Path q = Files.writeString(out.resolve("q.txt"), "2 + 3\n4 * 5\n");
        String[] energy = {"bench", "energy", "--models", "m", "--queries", q.toString(), "--out", out.toString(), "--tdp", "54"};
        assertEquals(0, Gpt2CommandsTest.run(energy).exit());
        Path log = br.lncc.llm.bench.energy.EnergyBenchmark.logFile(out, new ArithmeticCompleter().name());
        String before = Files.readString(log);
        var again = Gpt2CommandsTest.run(energy);
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("--resume"), again.err());
        assertEquals(before, Files.readString(log));

        String[] sentiment = {"bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "2", "--out", out.toString()};
        assertEquals(0, Gpt2CommandsTest.run(sentiment).exit());
        Path sLog = br.lncc.llm.bench.sentiment.SentimentExperiment.logFile(out, new ArithmeticCompleter().name());
        before = Files.readString(sLog);
        again = Gpt2CommandsTest.run(sentiment);
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("--resume"), again.err());
        assertEquals(before, Files.readString(sLog));
    }

    @Test
    void resumingWithAnotherPlanIsRefusedInsteadOfMixingTwoRunsInOneLog(@TempDir Path out) throws Exception {
        Path q = Files.writeString(out.resolve("q.txt"), "2 + 3\n4 * 5\n");
        Path other = Files.writeString(out.resolve("other.txt"), "7 + 1\n4 * 5\n9 - 2\n");
        assertEquals(0, Gpt2CommandsTest.run("bench", "energy", "--models", "m", "--queries", q.toString(), "--out",
                out.toString(), "--tdp", "54").exit());
        Path log = br.lncc.llm.bench.energy.EnergyBenchmark.logFile(out, new ArithmeticCompleter().name());
        String before = Files.readString(log);
        var r = Gpt2CommandsTest.run("bench", "energy", "--models", "m", "--queries", other.toString(), "--out",
                out.toString(), "--tdp", "54", "--resume");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("2 + 3") && r.err().contains("7 + 1"), r.err());
        assertEquals(before, Files.readString(log));

        String[] sentiment = {"bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "3", "--out", out.toString()};
        assertEquals(0, Gpt2CommandsTest.run(sentiment).exit());
        Path sLog = br.lncc.llm.bench.sentiment.SentimentExperiment.logFile(out, new ArithmeticCompleter().name());
        before = Files.readString(sLog);
        var bigger = Gpt2CommandsTest.run("bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "4", "--out",
                out.toString(), "--resume");
        assertEquals(0, bigger.exit(), "a larger --n with the same seed extends the same sample: " + bigger.err());
        assertTrue(Files.readString(sLog).startsWith(before));
        before = Files.readString(sLog);
        r = Gpt2CommandsTest.run("bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "4", "--seed", "7",
                "--out", out.toString(), "--resume");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("outra amostra"), r.err());
        assertEquals(before, Files.readString(sLog));
    }

    @Test
    void energyNumbersThatMakeNoSenseAreRefusedBeforeAnythingRuns(@TempDir Path out) throws Exception {
        Path q = Files.writeString(out.resolve("q.txt"), "2 + 3\n");
        String[][] bad = {{"--tdp", "0"}, {"--tdp", "-10"}, {"--intensity", "-5"}, {"--intensity", "NaN"},
                {"--max-new-tokens", "0"}};
        for (String[] option : bad) {
            var r = Gpt2CommandsTest.run("bench", "energy", "--models", "m", "--queries", q.toString(), "--out",
                    out.resolve("run").toString(), option[0], option[1], "--json");
            assertEquals(1, r.exit(), String.join(" ", option));
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("Erro: " + option[0]), r.err());
            assertTrue(!Files.exists(out.resolve("run")), "nothing measured, nothing written");
        }
    }

    @Test
    void anOutThatIsAFileIsNamedAsSuch(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("results.txt"), "not a folder");
        var r = Gpt2CommandsTest.run("bench", "sentiment", "--model", "m", "--dataset", "demo", "--n", "2", "--out",
                file.toString(), "--json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("é um arquivo, não uma pasta"), r.err());
        assertEquals("not a folder", Files.readString(file));
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
