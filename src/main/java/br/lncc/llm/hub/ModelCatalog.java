package br.lncc.llm.hub;

import br.lncc.llm.AppDirs;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models the app knows: the embedded BERT-base, every model in the Hugging Face cache and
 * the folders the user imported (remembered in config/imported-models.json). This is the data
 * behind the model manager window and {@code models list}.
 */
public final class ModelCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What imported-models.json holds. */
    record ImportedFolder(String path, String importedAt) {}

    record ImportedList(List<ImportedFolder> folders) {}

    private final HfCache cache;
    private final Path importedFile;
    private final Path embeddedFolder;

    public ModelCatalog(HfCache cache, Path importedFile, Path embeddedFolder) {
        this.cache = cache;
        this.importedFile = importedFile;
        this.embeddedFolder = embeddedFolder;
    }

    /** The catalog of this installation: the real HF cache (env vars respected) and app dirs. */
    public static ModelCatalog standard() {
        return forConfig(HubConfig.forApp());
    }

    public static ModelCatalog forConfig(HubConfig config) {
        return new ModelCatalog(new HfCache(config.cacheDir()),
                AppDirs.config().resolve("imported-models.json"), EmbeddedModel.folder());
    }

    /** Embedded first, then the HF cache by id, then imported folders in import order. */
    public List<ModelEntry> list() {
        List<ModelEntry> entries = new ArrayList<>();
        boolean unpacked = ModelFolder.inspect(embeddedFolder) == ModelFolder.State.READY;
        entries.add(new ModelEntry(EmbeddedModel.ID, ModelEntry.EMBEDDED, embeddedFolder,
                unpacked ? ModelFolder.size(embeddedFolder) : 0,
                unpacked ? ModelFolder.architecture(embeddedFolder) : "bert",
                unpacked ? ModelEntry.STATUS_UNPACKED : ModelEntry.STATUS_NOT_UNPACKED));
        for (HfCache.CachedRepo repo : cache.list()) {
            Path folder = repo.snapshot().orElse(repo.folder());
            ModelFolder.State state = repo.snapshot().map(ModelFolder::inspect).orElse(ModelFolder.State.NO_CONFIG);
            entries.add(new ModelEntry(repo.repoId(), ModelEntry.HF_CACHE, folder, repo.sizeBytes(),
                    ModelFolder.architecture(folder), ModelEntry.statusOf(state)));
        }
        for (ImportedFolder imported : readImported().folders()) {
            Path folder = Path.of(imported.path());
            entries.add(new ModelEntry(imported.path(), ModelEntry.IMPORTED, folder, ModelFolder.size(folder),
                    ModelFolder.architecture(folder), ModelEntry.statusOf(ModelFolder.inspect(folder))));
        }
        return entries;
    }

    /**
     * Remembers a local model folder after checking it can be loaded (config.json, safetensors).
     * Importing the same folder twice keeps one entry.
     */
    public ModelEntry importFolder(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        ModelFolder.requireLoadable(absolute);
        ModelFolder.requireJsonIfPresent(absolute, "tokenizer.json");
        String key = absolute.toString();
        List<ImportedFolder> folders = new ArrayList<>(readImported().folders());
        if (folders.stream().noneMatch(f -> f.path().equals(key))) {
            folders.add(new ImportedFolder(key, Instant.now().toString()));
            writeImported(new ImportedList(folders));
        }
        return new ModelEntry(key, ModelEntry.IMPORTED, absolute, ModelFolder.size(absolute),
                ModelFolder.architecture(absolute), ModelEntry.STATUS_READY);
    }

    /** Forgets an imported folder (the files stay where they are). */
    public boolean removeImported(Path folder) {
        String key = folder.toAbsolutePath().normalize().toString();
        List<ImportedFolder> folders = new ArrayList<>(readImported().folders());
        boolean removed = folders.removeIf(f -> f.path().equals(key));
        if (removed) writeImported(new ImportedList(folders));
        return removed;
    }

    /**
     * The Hugging Face cache folder ("Abrir pasta do cache"), created if missing so a file
     * manager can open it (huggingface_hub creates it on first use too).
     */
    public Path cacheFolder() {
        try {
            Files.createDirectories(cache.root());
        } catch (IOException e) {
            LOG.warn("Não foi possível criar {}: {}", cache.root(), e.toString());
        }
        return cache.root();
    }

    private ImportedList readImported() {
        if (!Files.isRegularFile(importedFile)) return new ImportedList(List.of());
        try {
            ImportedList list = JSON.readValue(importedFile.toFile(), ImportedList.class);
            return list.folders() == null ? new ImportedList(List.of()) : list;
        } catch (IOException e) {
            // A damaged file must not hide the other models; the user can import again.
            LOG.warn("Ignorando {} ilegível: {}", importedFile, e.getMessage());
            return new ImportedList(List.of());
        }
    }

    private void writeImported(ImportedList list) {
        try {
            Files.createDirectories(importedFile.getParent());
            Path tmp = importedFile.resolveSibling(importedFile.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), list);
            Files.move(tmp, importedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HubException(HubException.Reason.DISK,
                    "Não foi possível salvar a lista de modelos importados em " + importedFile + ".",
                    e.toString(), e);
        }
    }
}
