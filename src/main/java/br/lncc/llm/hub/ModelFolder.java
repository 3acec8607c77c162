package br.lncc.llm.hub;

import br.lncc.llm.text.Message;
import br.lncc.llm.weights.Checkpoint;
import br.lncc.llm.weights.WeightsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What is in a model folder (a Hugging Face snapshot or an imported directory) and whether we can
 * load it: config.json plus safetensors weights, all shards of a sharded checkpoint present.
 * Pickle weights (.bin, .pt, .pth, .ckpt) are never loaded: unpickling runs arbitrary code.
 */
public final class ModelFolder {

    public static final String CONFIG = "config.json";
    public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Loadable, or why not. */
    public enum State { READY, NO_CONFIG, PICKLE_ONLY, NO_WEIGHTS, MISSING_SHARDS, NOT_A_FOLDER }

    private ModelFolder() {}

    public static State inspect(Path folder) {
        if (!Files.isDirectory(folder)) return State.NOT_A_FOLDER;
        if (!Files.isRegularFile(folder.resolve(CONFIG))) return State.NO_CONFIG;
        Path index = folder.resolve(SAFETENSORS_INDEX);
        if (Files.isRegularFile(index)) {
            try {
                for (String shard : shardsOf(index)) {
                    if (!Files.isRegularFile(folder.resolve(shard))) return State.MISSING_SHARDS;
                }
                return State.READY;
            } catch (IOException e) {
                return State.MISSING_SHARDS;
            }
        }
        List<String> names = fileNames(folder);
        // Files.isRegularFile follows the snapshot symlinks: a dangling link is not weights.
        if (names.stream().anyMatch(n -> n.endsWith(".safetensors") && Files.isRegularFile(folder.resolve(n)))) {
            return State.READY;
        }
        if (names.stream().anyMatch(ModelFolder::isPickle)) return State.PICKLE_ONLY;
        return State.NO_WEIGHTS;
    }

    /**
     * Throws a message the student understands when the folder cannot be loaded. The weights are
     * judged by {@link Checkpoint#open}, the reader that will load them: it validates every
     * safetensors header and refuses pickle-only folders.
     */
    public static Path requireLoadable(Path folder) {
        String where = folder.toAbsolutePath().toString();
        switch (inspect(folder)) {
            case NOT_A_FOLDER:
                throw invalid(Message.of("hub.folder.missing", where), "not a directory: " + where);
            case NO_CONFIG:
                throw invalid(Message.of("hub.folder.noConfig", where), "missing " + CONFIG + " in " + where);
            case MISSING_SHARDS:
                requireJsonIfPresent(folder, SAFETENSORS_INDEX); // an unreadable index also reads as missing shards
                throw invalid(Message.of("hub.folder.missingShards", where, SAFETENSORS_INDEX),
                        "missing shards listed in " + SAFETENSORS_INDEX + " in " + where);
            default:
                break;
        }
        requireJsonIfPresent(folder, CONFIG);
        // A downloaded or imported tokenizer is checked here too, not only when a page first loads it.
        if (Files.isRegularFile(folder.resolve("tokenizer.json"))) {
            try {
                br.lncc.llm.tokenize.TokenizerFileCheck.requireSafe(folder.resolve("tokenizer.json"));
            } catch (br.lncc.llm.tokenize.TokenizerException e) {
                throw new HubException(HubException.Reason.INVALID_MODEL, e.text(), e.technicalDetail(), e);
            }
        }
        try (Checkpoint weights = Checkpoint.open(folder)) {
            return folder;
        } catch (WeightsException e) {
            throw new HubException(HubException.Reason.INVALID_MODEL, e.text(), e.detail(), e);
        }
    }

    /**
     * A JSON file of the folder (config.json, tokenizer.json) that exists but does not parse — a
     * download cut short or a file saved as HTML — named before anyone tries to load the model.
     */
    public static void requireJsonIfPresent(Path folder, String name) {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) return;
        try {
            JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw invalid(Message.of("hub.folder.badJson", name, folder.toAbsolutePath().toString()), e.getMessage());
        }
    }

    /** For a hub repository that has only pickle weights (checked before anything is downloaded). */
    public static Message pickleMessage(String where) {
        return Message.of("hub.pickleOnly", where);
    }

    public static boolean isPickle(String name) {
        return name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ckpt");
    }

    /** The distinct shard file names of a sharded checkpoint, in the order the index lists them. */
    public static Set<String> shardsOf(Path indexFile) throws IOException {
        JsonNode weightMap = JSON.readTree(indexFile.toFile()).path("weight_map");
        if (!weightMap.isObject()) throw new IOException("no weight_map in " + indexFile);
        Set<String> shards = new LinkedHashSet<>();
        weightMap.elements().forEachRemaining(v -> shards.add(v.asText()));
        return shards;
    }

    /** config.json's model_type ("gpt2", "bert", "qwen2"...), else its first architecture, else "". */
    public static String architecture(Path folder) {
        Path config = folder.resolve(CONFIG);
        if (!Files.isRegularFile(config)) return "";
        try {
            JsonNode root = JSON.readTree(config.toFile());
            String modelType = root.path("model_type").asText("");
            if (!modelType.isEmpty()) return modelType;
            JsonNode archs = root.path("architectures");
            return archs.isArray() && archs.size() > 0 ? archs.get(0).asText("") : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Bytes of all files, following snapshot symlinks to their blobs. */
    public static long size(Path folder) {
        if (!Files.isDirectory(folder)) return 0;
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> fileNames(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static HubException invalid(Message message, String detail) {
        return new HubException(HubException.Reason.INVALID_MODEL, message, detail, null);
    }
}
