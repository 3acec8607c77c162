package br.lncc.llm.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    private ModelCatalog catalog() {
        return new ModelCatalog(new HfCache(tmp.resolve("hf/hub")), tmp.resolve("config/imported-models.json"),
                tmp.resolve("models/bert-base-uncased"));
    }

    @Test
    void listsEmbeddedBertAsNotUnpackedOnAFreshInstall() {
        List<ModelEntry> entries = catalog().list();
        assertEquals(1, entries.size());
        ModelEntry bert = entries.get(0);
        assertEquals("bert-base-uncased", bert.id());
        assertEquals(ModelEntry.EMBEDDED, bert.source());
        assertEquals(ModelEntry.STATUS_NOT_UNPACKED, bert.status());
    }

    @Test
    void listsHfCacheModelsWithBlobSizeAndArchitecture() throws Exception {
        HfCache cache = new HfCache(tmp.resolve("hf/hub"));
        byte[] config = HubFixtures.gpt2Config();
        byte[] weights = HubFixtures.safetensors("wte.weight", 1000, 7);
        HubFixtures.cacheFile(cache, "openai-community/gpt2", COMMIT, "config.json", config, false);
        HubFixtures.cacheFile(cache, "openai-community/gpt2", COMMIT, "model.safetensors", weights, true);
        cache.writeRef("openai-community/gpt2", "main", COMMIT);
        // A repo the notebooks downloaded with pickle weights only.
        HubFixtures.cacheFile(cache, "someone/old-pickled", COMMIT, "config.json", config, false);
        HubFixtures.cacheFile(cache, "someone/old-pickled", COMMIT, "pytorch_model.bin", new byte[100], true);
        cache.writeRef("someone/old-pickled", "main", COMMIT);

        List<ModelEntry> entries = catalog().list();
        assertEquals(3, entries.size());
        ModelEntry gpt2 = entries.get(1);
        assertEquals("openai-community/gpt2", gpt2.id());
        assertEquals(ModelEntry.HF_CACHE, gpt2.source());
        assertEquals(config.length + weights.length, gpt2.sizeBytes());
        assertEquals("gpt2", gpt2.architecture());
        assertEquals(ModelEntry.STATUS_READY, gpt2.status());
        assertEquals(cache.snapshotDir("openai-community/gpt2", COMMIT), gpt2.path());
        assertEquals(ModelEntry.STATUS_PICKLE_ONLY, entries.get(2).status());
    }

    @Test
    void importedFoldersArePersistedAndListedOnce() throws Exception {
        Path model = HubFixtures.localModel(tmp.resolve("my-gpt2"));
        catalog().importFolder(model);
        catalog().importFolder(model);
        assertTrue(Files.readString(tmp.resolve("config/imported-models.json")).contains("my-gpt2"));

        List<ModelEntry> entries = catalog().list();
        assertEquals(2, entries.size());
        ModelEntry imported = entries.get(1);
        assertEquals(ModelEntry.IMPORTED, imported.source());
        assertEquals(model.toAbsolutePath().toString(), imported.id());
        assertEquals("gpt2", imported.architecture());
        assertEquals(ModelEntry.STATUS_READY, imported.status());
        assertTrue(imported.sizeBytes() > 1000);

        assertTrue(catalog().removeImported(model));
        assertEquals(1, catalog().list().size());
    }

    @Test
    void importRefusesPickleOnlyFolderExplainingWhy() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pickled"));
        Files.write(dir.resolve("config.json"), HubFixtures.gpt2Config());
        Files.write(dir.resolve("pytorch_model.bin"), new byte[64]);
        HubException e = assertThrows(HubException.class, () -> catalog().importFolder(dir));
        assertEquals(HubException.Reason.INVALID_MODEL, e.reason());
        assertTrue(e.getMessage().contains("código arbitrário"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("config/imported-models.json")));
    }

    @Test
    void importRefusesFolderWithoutConfig() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        HubException e = assertThrows(HubException.class, () -> catalog().importFolder(dir));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void cacheFolderExistsSoAFileManagerCanOpenIt() {
        Path folder = catalog().cacheFolder();
        assertEquals(tmp.resolve("hf/hub").toAbsolutePath().normalize(), folder);
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void corruptImportedListDoesNotHideOtherModels() throws Exception {
        Files.createDirectories(tmp.resolve("config"));
        Files.writeString(tmp.resolve("config/imported-models.json"), "{not json");
        assertEquals(1, catalog().list().size());
    }
}
