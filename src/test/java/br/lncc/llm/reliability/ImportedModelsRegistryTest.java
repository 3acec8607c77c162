package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.cli.ModelsCommand;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.ModelCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 18, item 4: a poisoned imported-models.json never loses an import and never crashes a command. */
class ImportedModelsRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TINY = Path.of("src/test/resources/fixtures/gpt2-tiny").toAbsolutePath();
    @TempDir Path tmp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path registry() {
        return tmp.resolve("config/imported-models.json");
    }

    private int models(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        HubConfig offline = new HubConfig(tmp.resolve("hf/hub"), "http://127.0.0.1:9", true, Optional.empty());
        return new CommandLine(new ModelsCommand(offline, registry()))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private Path copyOfTiny(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (var files = Files.list(TINY)) {
            for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }

    @Test
    void anUnknownFieldAndANullPathKeepEveryEarlierImportAndAreReported() throws Exception {
        Path first = copyOfTiny("first");
        Path second = copyOfTiny("second");
        Files.createDirectories(registry().getParent());
        Files.writeString(registry(), "{\"folders\": ["
                + "{\"path\": \"" + first + "\", \"importedAt\": \"2026-01-01T00:00:00Z\", \"pinned\": true},"
                + "{\"path\": null, \"importedAt\": \"2026-01-02T00:00:00Z\"},"
                + "42],"
                + " \"written_by\": \"a newer version\"}");

        assertEquals(0, models("list", "--json"), err.toString());
        JsonNode list = JSON.readTree(out.toString());
        assertTrue(list.toString().contains(first.toString()), "the good entry is listed: " + list);
        assertTrue(err.toString().contains("a entrada 2 está sem caminho") && err.toString().contains("a entrada 3"), err.toString());
        assertTrue(!err.toString().contains("NullPointerException"), err.toString());

        assertEquals(0, models("import", second.toString()), err.toString());
        JsonNode saved = JSON.readTree(registry().toFile());
        assertEquals(4, saved.get("folders").size(), "earlier entries, even broken ones, are written back: " + saved);
        assertEquals(first.toString(), saved.get("folders").get(0).get("path").asText());
        assertTrue(saved.get("folders").get(0).get("pinned").asBoolean(), "unknown fields survive a write");
        assertEquals("a newer version", saved.get("written_by").asText());
        assertEquals(second.toString(), saved.get("folders").get(3).get("path").asText());
        try (var files = Files.list(registry().getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside it");
        }
    }

    @Test
    void aFileThatIsNotJsonIsKeptAsideWhenTheNextImportWrites() throws Exception {
        Files.createDirectories(registry().getParent());
        Files.writeString(registry(), "{\"folders\": [{\"path\": \"/x\"}");  // cut short
        var catalog = new ModelCatalog(new br.lncc.llm.hub.HfCache(tmp.resolve("hf/hub")), registry(), tmp.resolve("bert"));
        assertEquals(1, catalog.importedProblems().size());
        assertEquals(0, models("import", copyOfTiny("m").toString()), err.toString());
        try (var files = Files.list(registry().getParent())) {
            var names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.get(1).startsWith("imported-models.json.unreadable-"), names.toString());
        }
        assertEquals(1, JSON.readTree(registry().toFile()).get("folders").size());
    }

    @Test
    void doctorNamesTheBrokenEntryInsteadOfReportingNoModels() throws Exception {
        String saved = System.getProperty("companion.home");
        System.setProperty("companion.home", tmp.resolve("home").toString());
        try {
            Path file = br.lncc.llm.platform.AppDirs.config().resolve("imported-models.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{\"folders\": [{\"path\": null}]}");
            Cli.Run r = Cli.run("doctor", "--json", "--no-engine");
            assertEquals(0, r.exit(), r.err());
            JsonNode report = JSON.readTree(r.out());
            assertTrue(report.path("modelsError").asText().contains("a entrada 1 está sem caminho"), report.toString());
            assertEquals("bert-base-uncased", report.path("models").get(0).path("id").asText(), "the other models still listed");
        } finally {
            if (saved == null) System.clearProperty("companion.home");
            else System.setProperty("companion.home", saved);
        }
    }
}
