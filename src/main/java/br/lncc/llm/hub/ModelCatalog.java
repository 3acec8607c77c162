package br.lncc.llm.hub;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.text.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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

    /** One usable entry of imported-models.json. */
    record ImportedFolder(String path, String importedAt) {}

    /**
     * imported-models.json as read: the usable folders, the file's own JSON (so entries we cannot
     * read, and fields a newer version added, are written back untouched) and what was wrong.
     * Read leniently: one bad entry must never hide — or, on the next write, erase — the others.
     */
    record ImportedList(List<ImportedFolder> folders, ObjectNode root, List<Message> problems, boolean unreadable) {
        static ImportedList empty() {
            ObjectNode root = JSON.createObjectNode();
            root.putArray("folders");
            return new ImportedList(List.of(), root, List.of(), false);
        }

        ArrayNode entries() {
            return (ArrayNode) root.get("folders");
        }
    }

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
        ImportedList list = readImported();
        if (list.folders().stream().noneMatch(f -> f.path().equals(key))) {
            list.entries().addObject().put("path", key).put("importedAt", Instant.now().toString());
            writeImported(list);
        }
        return new ModelEntry(key, ModelEntry.IMPORTED, absolute, ModelFolder.size(absolute),
                ModelFolder.architecture(absolute), ModelEntry.STATUS_READY);
    }

    /** Forgets an imported folder (the files stay where they are). */
    public boolean removeImported(Path folder) {
        String key = folder.toAbsolutePath().normalize().toString();
        ImportedList list = readImported();
        boolean removed = false;
        for (var it = list.entries().elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            if (e.isObject() && e.path("path").isTextual() && e.path("path").asText().equals(key)) {
                it.remove();
                removed = true;
            }
        }
        if (removed) writeImported(list);
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
            LOG.warn("Could not create {}: {}", cache.root(), e.toString());
        }
        return cache.root();
    }

    /**
     * What is wrong in imported-models.json (entries without a usable path, a file that is not
     * JSON), one sentence each; empty when all is well. {@code models list} and {@code doctor} show them.
     */
    public List<Message> importedProblems() {
        return readImported().problems();
    }

    private ImportedList readImported() {
        if (!Files.isRegularFile(importedFile)) return ImportedList.empty();
        JsonNode tree;
        try {
            tree = JSON.readTree(importedFile.toFile());
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable {}: {}", importedFile, e.getMessage());
            ImportedList empty = ImportedList.empty();
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage();
            return new ImportedList(List.of(), empty.root(), List.of(Message.of("imported.unreadable", importedFile.toString(),
                    String.valueOf(why), importedFile.getFileName().toString())), true);
        }
        if (tree == null || !tree.isObject() || (tree.has("folders") && !tree.get("folders").isArray())) {
            ImportedList empty = ImportedList.empty();
            return new ImportedList(List.of(), empty.root(), List.of(Message.of("imported.wrongShape", importedFile.toString())), true);
        }
        ObjectNode root = (ObjectNode) tree;
        if (!root.has("folders")) root.putArray("folders");
        List<ImportedFolder> folders = new ArrayList<>();
        List<Message> problems = new ArrayList<>();
        ArrayNode entries = (ArrayNode) root.get("folders");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            JsonNode path = e.isObject() ? e.get("path") : null;
            Message why = null;
            if (path == null || !path.isTextual() || path.asText().isBlank()) {
                why = Message.of("imported.noPath");
            } else {
                try {
                    Path.of(path.asText());
                } catch (InvalidPathException bad) {
                    why = Message.of("imported.badPath");
                }
            }
            if (why != null) {
                problems.add(Message.of("imported.brokenEntry", importedFile.getFileName().toString(), i + 1, why, e.toString()));
                continue;
            }
            JsonNode at = e.get("importedAt");
            folders.add(new ImportedFolder(path.asText(), at == null ? "" : at.asText()));
        }
        return new ImportedList(folders, root, problems, false);
    }

    /** Written beside and renamed over the old file in one step; an unreadable file is kept aside first. */
    private void writeImported(ImportedList list) {
        try {
            Files.createDirectories(importedFile.getParent());
            if (list.unreadable() && Files.exists(importedFile)) {
                Path aside = importedFile.resolveSibling(importedFile.getFileName() + ".unreadable-" + System.currentTimeMillis());
                Files.copy(importedFile, aside);
                LOG.warn("Kept the unreadable {} as {}", importedFile, aside);
            }
            Path tmp = importedFile.resolveSibling(importedFile.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(list.root())));
                ch.force(true);
            }
            Files.move(tmp, importedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HubException(HubException.Reason.DISK, Message.of("imported.saveFailed", importedFile.toString()), e.toString(), e);
        }
    }
}
