package br.lncc.llm.weights;

import br.lncc.llm.text.Message;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The weights of a Hugging Face model folder: one {@code model.safetensors}, or shards listed in
 * {@code model.safetensors.index.json}, seen as a single name → tensor map. Only safetensors are
 * ever read: a folder with only pickle checkpoints ({@code pytorch_model.bin}, {@code *.pt}) is
 * refused, because unpickling runs whatever code the file contains.
 */
public final class Checkpoint implements AutoCloseable {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final List<String> PICKLE_SUFFIXES = List.of(".bin", ".pt", ".pth", ".ckpt", ".pkl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> owner;

    private Checkpoint(Path folder, List<SafetensorsFile> files, Map<String, SafetensorsFile> owner) {
        this.folder = folder;
        this.files = files;
        this.owner = owner;
    }

    /** Opens a model folder (or a single .safetensors file) and validates every header. */
    public static Checkpoint open(Path folderOrFile) {
        if (Files.isRegularFile(folderOrFile) && folderOrFile.toString().endsWith(".safetensors")) {
            SafetensorsFile f = SafetensorsFile.open(folderOrFile);
            return single(folderOrFile.toAbsolutePath().getParent(), f);
        }
        if (!Files.isDirectory(folderOrFile)) {
            throw new WeightsException(Message.of("weights.folder.missing", folderOrFile.toString()),
                    "not a directory: " + folderOrFile, null);
        }
        Path index = folderOrFile.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) return sharded(folderOrFile, index);
        Path single = folderOrFile.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) return single(folderOrFile, SafetensorsFile.open(single));
        List<Path> safetensors = list(folderOrFile, p -> p.toString().endsWith(".safetensors"));
        if (safetensors.size() == 1) return single(folderOrFile, SafetensorsFile.open(safetensors.get(0)));
        if (safetensors.size() > 1) {
            throw new WeightsException(Message.of("weights.folder.shardsWithoutIndex", folderOrFile.toString(), INDEX_FILE),
                    "files: " + names(safetensors), null);
        }
        List<Path> pickles = list(folderOrFile, Checkpoint::isPickle);
        if (!pickles.isEmpty()) {
            throw new WeightsException(Message.of("weights.folder.pickleOnly", folderOrFile.toString(), names(pickles)),
                    "refused pickle checkpoint(s): " + names(pickles), null);
        }
        throw new WeightsException(Message.of("weights.folder.noWeights", folderOrFile.toString(), SINGLE_FILE),
                "no *.safetensors and no " + INDEX_FILE + " in " + folderOrFile, null);
    }

    private static boolean isPickle(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return PICKLE_SUFFIXES.stream().anyMatch(n::endsWith);
    }

    private static Checkpoint single(Path folder, SafetensorsFile f) {
        Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
        for (String n : f.names()) owner.put(n, f);
        return new Checkpoint(folder, List.of(f), Collections.unmodifiableMap(owner));
    }

    private static Checkpoint sharded(Path folder, Path index) {
        JsonNode map;
        try {
            map = JSON.readTree(index.toFile()).get("weight_map");
        } catch (IOException e) {
            throw new WeightsException(Message.of("weights.index.corrupt", INDEX_FILE), e.getMessage(), e);
        }
        if (map == null || !map.isObject()) {
            throw new WeightsException(Message.of("weights.index.noWeightMap", INDEX_FILE), index + ": no weight_map object",
                    null);
        }
        Map<String, SafetensorsFile> byFile = new LinkedHashMap<>();
        Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
        try {
            for (var it = map.fields(); it.hasNext(); ) {
                var e = it.next();
                String shard = e.getValue().asText();
                SafetensorsFile f = byFile.get(shard);
                if (f == null) {
                    Path p = folder.resolve(shard).normalize();
                    if (!p.startsWith(folder.normalize()) || !Files.isRegularFile(p)) {
                        throw new WeightsException(Message.of("weights.index.missingShard", shard, INDEX_FILE),
                                "missing shard " + p, null);
                    }
                    f = SafetensorsFile.open(p);
                    byFile.put(shard, f);
                }
                if (!f.contains(e.getKey())) {
                    throw new WeightsException(Message.of("weights.index.tensorNotInShard", e.getKey(), shard),
                            "index/shard mismatch for " + e.getKey(), null);
                }
                owner.put(e.getKey(), f);
            }
        } catch (RuntimeException e) {
            byFile.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new Checkpoint(folder, List.copyOf(byFile.values()), Collections.unmodifiableMap(owner));
    }

    private static List<Path> list(Path folder, java.util.function.Predicate<Path> filter) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(filter).sorted().toList();
        } catch (IOException e) {
            throw new WeightsException(Message.of("weights.folder.cannotList", folder.toString()), e.toString(), e);
        }
    }

    private static String names(List<Path> paths) {
        List<String> n = new ArrayList<>();
        for (Path p : paths) n.add(p.getFileName().toString());
        return String.join(", ", n);
    }

    public Path folder() {
        return folder;
    }

    /** The folder's config.json, parsed. */
    public JsonNode config() {
        return readConfig(folder);
    }

    /** Reads {@code folder/config.json} with a clear message when it is missing or broken. */
    public static JsonNode readConfig(Path folder) {
        Path p = folder.resolve("config.json");
        if (!Files.isRegularFile(p)) {
            throw new WeightsException(Message.of("weights.config.missing", folder.toString()), "missing " + p, null);
        }
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new WeightsException(Message.of("weights.config.corrupt", folder.toString()), e.getMessage(), e);
        }
    }

    public Set<String> names() {
        return owner.keySet();
    }

    public boolean contains(String name) {
        return owner.containsKey(name);
    }

    public TensorInfo info(String name) {
        return file(name).info(name);
    }

    public float[] readFloats(String name) {
        return file(name).readFloats(name);
    }

    /** A floating tensor widened to float32 into {@code out} (see {@link SafetensorsFile#readFloats(String, java.nio.FloatBuffer)}). */
    public void readFloats(String name, java.nio.FloatBuffer out) {
        file(name).readFloats(name, out);
    }

    public long[] readLongs(String name) {
        return file(name).readLongs(name);
    }

    /** Floating tensors arrive as FLOAT32 (BF16/F16 widened in Java); see {@link SafetensorsFile#load}. */
    public NDArray load(String name, NDManager manager) {
        return file(name).load(name, manager);
    }

    /** Bytes of tensor data on disk, all shards. */
    public long dataBytes() {
        long n = 0;
        for (SafetensorsFile f : files) n += f.dataBytes();
        return n;
    }

    public List<SafetensorsFile> files() {
        return files;
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile f = owner.get(name);
        if (f == null) {
            throw new WeightsException(Message.of("weights.tensor.notInFolder", name, folder.toString()),
                    "no tensor named " + name + " among " + owner.size(), null);
        }
        return f;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
