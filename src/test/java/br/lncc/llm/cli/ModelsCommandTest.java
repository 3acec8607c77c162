package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.hub.CliFixtures;
import br.lncc.llm.hub.HubConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMIT = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";

    @TempDir
    Path tmp;
    private CliFixtures hub;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        hub = new CliFixtures();
        hub.tinyRepo("tiny-org/cli-gpt2", COMMIT);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private int run(String... args) {
        HubConfig config = new HubConfig(tmp.resolve("hf/hub"), hub.endpoint(), false, Optional.empty());
        return new CommandLine(new ModelsCommand(config, tmp.resolve("config/imported-models.json")))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void downloadThenListAsJson() throws Exception {
        assertEquals(0, run("download", "tiny-org/cli-gpt2", "--json"), err.toString());
        JsonNode d = JSON.readTree(out.toString());
        assertEquals(COMMIT, d.get("commit").asText());
        assertTrue(d.get("path").asText().endsWith("snapshots/" + COMMIT));
        assertTrue(d.get("bytes_downloaded").asLong() > 8000);
        assertTrue(err.toString().contains("100%"), "progress on stderr: " + err);

        out.getBuffer().setLength(0);
        assertEquals(0, run("list", "--json"));
        JsonNode list = JSON.readTree(out.toString());
        assertEquals("bert-base-uncased", list.get(0).get("id").asText());
        JsonNode gpt2 = list.get(1);
        assertEquals("tiny-org/cli-gpt2", gpt2.get("id").asText());
        assertEquals("hf-cache", gpt2.get("source").asText());
        assertEquals("ready", gpt2.get("status").asText());
        assertEquals("gpt2", gpt2.get("architecture").asText());
        assertTrue(gpt2.get("sizeBytes").asLong() > 8000);
        assertTrue(gpt2.get("path").asText().startsWith("/"), "a plain path, not a file: URI");
    }

    @Test
    void importThenListShowsTheFolder() throws Exception {
        Path model = CliFixtures.localModel(tmp.resolve("mine"));
        assertEquals(0, run("import", model.toString(), "--json"), err.toString());
        assertEquals("imported", JSON.readTree(out.toString()).get("source").asText());
        out.getBuffer().setLength(0);
        assertEquals(0, run("list"));
        assertTrue(out.toString().contains(model.toString()), out.toString());
    }

    @Test
    void runtimeErrorsExitOneWithAMessageOnStderr() {
        assertEquals(1, run("download", "nobody/missing"));
        assertTrue(err.toString().contains("Erro: Repositório não encontrado"), err.toString());
        assertTrue(out.toString().isEmpty());
        assertEquals(1, run("import", tmp.resolve("nope").toString()));
        int before = hub.requestCount();
        assertEquals(1, run("download", "tiny-org/cli-gpt2", "--offline"));
        assertEquals(before, hub.requestCount());
    }

    @Test
    void importRefusesAFolderWhoseConfigOrTokenizerIsNotJson() throws Exception {
        Path badConfig = CliFixtures.localModel(tmp.resolve("bad-config"));
        java.nio.file.Files.writeString(badConfig.resolve("config.json"), "{not json");
        assertEquals(1, run("import", badConfig.toString(), "--json"));
        assertTrue(err.toString().contains("config.json") && err.toString().contains("corrompido"), err.toString());

        Path badTokenizer = CliFixtures.localModel(tmp.resolve("bad-tokenizer"));
        java.nio.file.Files.writeString(badTokenizer.resolve("tokenizer.json"), "garbage");
        assertEquals(1, run("import", badTokenizer.toString(), "--json"));
        assertTrue(err.toString().contains("tokenizer.json"), err.toString());
        assertTrue(out.toString().isEmpty(), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("list", "--json"));
        assertTrue(!out.toString().contains("bad-"), "neither folder was remembered: " + out);
    }

    @Test
    void aCorruptShardIndexIsNamedAsCorruptNotAsMissingShards() throws Exception {
        Path model = CliFixtures.localModel(tmp.resolve("bad-index"));
        java.nio.file.Files.writeString(model.resolve("model.safetensors.index.json"), "{bad");
        assertEquals(1, run("import", model.toString()));
        assertTrue(err.toString().contains("model.safetensors.index.json") && err.toString().contains("corrompido"), err.toString());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("download"));
        assertEquals(2, run("list", "--bogus"));
        assertEquals(2, CompanionCommand.run("models", "frobnicate"));
    }
}
