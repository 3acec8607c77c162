package br.lncc.llm.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.ProgressSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {

    private static final String REPO = "tiny-org/resolver-gpt2";
    private static final String COMMIT = "1111111111222222222233333333334444444444";

    @TempDir
    Path tmp;
    private FakeHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", HubFixtures.gpt2Config());
        files.put("model.safetensors", HubFixtures.safetensors("wte.weight", 4096, 5));
        hub.repo(REPO, COMMIT, files);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private ModelResolver resolver(boolean offline) {
        return new ModelResolver(new HubClient(
                new HubConfig(tmp.resolve("hf/hub"), hub.endpoint(), offline, Optional.empty())));
    }

    @Test
    void localFolderResolvesToItselfAfterValidation() throws Exception {
        Path model = HubFixtures.localModel(tmp.resolve("local-gpt2"));
        assertEquals(model.toAbsolutePath().normalize(), resolver(false).resolve(model.toString(), ProgressSink.NONE));
        assertTrue(hub.requests.isEmpty());
    }

    @Test
    void pickleOnlyFolderIsRefusedWithTheReason() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pickled"));
        Files.write(dir.resolve("config.json"), HubFixtures.gpt2Config());
        Files.write(dir.resolve("pytorch_model.bin"), new byte[32]);
        HubException e = assertThrows(HubException.class, () -> resolver(false).resolve(dir.toString(), ProgressSink.NONE));
        assertEquals(HubException.Reason.INVALID_MODEL, e.reason());
        assertTrue(e.getMessage().contains("código arbitrário"), e.getMessage());
    }

    @Test
    void truncatedSafetensorsInAFolderIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("truncated"));
        Files.write(dir.resolve("config.json"), HubFixtures.gpt2Config());
        byte[] full = HubFixtures.safetensors("wte.weight", 1024, 2);
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(full, full.length / 2));
        HubException e = assertThrows(HubException.class, () -> resolver(false).resolve(dir.toString(), ProgressSink.NONE));
        assertEquals(HubException.Reason.INVALID_MODEL, e.reason());
    }

    @Test
    void hubIdDownloadsOnceThenComesFromTheCacheWithoutNetwork() {
        Path first = resolver(false).resolve(REPO, ProgressSink.NONE);
        assertEquals(new HfCache(tmp.resolve("hf/hub")).snapshotDir(REPO, COMMIT), first);
        int requests = hub.requests.size();
        assertEquals(first, resolver(false).resolve(REPO, ProgressSink.NONE));
        assertEquals(first, resolver(true).resolve(REPO, ProgressSink.NONE));
        assertEquals(requests, hub.requests.size(), "a complete cached snapshot needs no request");
    }

    @Test
    void hubIdOfflineAndNotCachedSaysSo() {
        HubException e = assertThrows(HubException.class, () -> resolver(true).resolve(REPO, ProgressSink.NONE));
        assertEquals(HubException.Reason.OFFLINE, e.reason());
        assertTrue(hub.requests.isEmpty());
    }

    @Test
    void aFileOfTheModelPointsToItsFolder() throws Exception {
        Path model = HubFixtures.localModel(tmp.resolve("local-gpt2"));
        Path file = model.resolve("model.safetensors");
        HubException e = assertThrows(HubException.class, () -> resolver(false).resolve(file.toString(), ProgressSink.NONE));
        assertTrue(e.getMessage().contains("é um arquivo") && e.getMessage().contains(model.toAbsolutePath().normalize().toString()),
                e.getMessage());
        assertTrue(hub.requests.isEmpty());
    }

    @Test
    void aHubPageAddressPastedFromTheBrowserIsTheRepoId() {
        Path byId = resolver(false).resolve(REPO, ProgressSink.NONE);
        assertEquals(byId, resolver(false).resolve("https://huggingface.co/" + REPO, ProgressSink.NONE));
        assertEquals(byId, resolver(false).resolve(" https://huggingface.co/" + REPO + "/tree/main ", ProgressSink.NONE));
        assertEquals(REPO, HubClient.repoIdFromInput("https://huggingface.co/" + REPO + "/blob/main/config.json"));
    }

    @Test
    void nonsenseIsNeitherAFolderNorAnId() {
        HubException e = assertThrows(HubException.class,
                () -> resolver(false).resolve("./no/such/folder", ProgressSink.NONE));
        assertTrue(e.getMessage().contains("não é uma pasta existente"), e.getMessage());
        assertThrows(HubException.class, () -> resolver(false).resolve("a/b/c d", ProgressSink.NONE));
        assertThrows(HubException.class, () -> resolver(false).resolve("  ", ProgressSink.NONE));
        assertTrue(hub.requests.isEmpty());
    }

    @Test
    void embeddedBertAliases() {
        assertTrue(EmbeddedModel.isEmbeddedId("bert-base-uncased"));
        assertTrue(EmbeddedModel.isEmbeddedId("google-bert/bert-base-uncased"));
        assertTrue(EmbeddedModel.isEmbeddedId("Embedded"));
        assertTrue(!EmbeddedModel.isEmbeddedId("bert-base-cased"));
    }
}
