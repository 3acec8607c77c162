package br.lncc.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import br.lncc.llm.tokenize.ByteLevelBpe;
import br.lncc.llm.tokenize.CharTokenizer;
import br.lncc.llm.tokenize.CorpusTokenizer;
import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.weights.Checkpoint;
import br.lncc.llm.weights.SafetensorsWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pre-trained model as a standard Hugging Face GPT-2 folder — config.json,
 * generation_config.json, tokenizer.json, tokenizer_config.json, model.safetensors and a README.md
 * model card — plus {@code checkpoint/} (AdamW's moments and the run's state) so the run can be
 * resumed. Every file is first written beside its target and only then moved over it, so a full
 * disk leaves the previous checkpoint whole.
 */
public final class PretrainCheckpoint {
    public static final String STATE_DIR = "checkpoint";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final String PARTIAL = ".partial";

    private PretrainCheckpoint() {}

    /** Writes (or replaces) the folder with the run's current weights, tokenizer, card and state. */
    public static void save(Path folder, Pretraining run) {
        save(folder, run, null);
    }

    public static void save(Path folder, Pretraining run, ModelQuality quality) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder.resolve(STATE_DIR));
            var mapper = new ObjectMapper();
            var config = run.model().config();
            int eos = config.eosTokenId();

            ObjectNode cfg = mapper.createObjectNode();
            cfg.putArray("architectures").add("GPT2LMHeadModel");
            cfg.put("model_type", "gpt2");
            cfg.put("vocab_size", config.vocabSize());
            cfg.put("n_positions", config.nPositions());
            cfg.put("n_ctx", config.nPositions());
            cfg.put("n_embd", config.nEmbd());
            cfg.put("n_layer", config.nLayer());
            cfg.put("n_head", config.nHead());
            cfg.putNull("n_inner");
            cfg.put("activation_function", "gelu_new");
            cfg.put("resid_pdrop", 0.0).put("embd_pdrop", 0.0).put("attn_pdrop", 0.0);
            cfg.put("layer_norm_epsilon", 1e-5);
            cfg.put("initializer_range", 0.02);
            cfg.put("bos_token_id", eos).put("eos_token_id", eos);
            cfg.put("tie_word_embeddings", true);
            cfg.put("torch_dtype", "float32");
            written.add(writeJson(folder, "config.json", mapper, cfg));

            ObjectNode gen = mapper.createObjectNode();
            gen.put("bos_token_id", eos).put("eos_token_id", eos);
            written.add(writeJson(folder, "generation_config.json", mapper, gen));

            ObjectNode tc = mapper.createObjectNode();
            tc.put("tokenizer_class", "PreTrainedTokenizerFast");
            tc.put("bos_token", CorpusTokenizer.END_OF_TEXT).put("eos_token", CorpusTokenizer.END_OF_TEXT)
                    .put("unk_token", CorpusTokenizer.END_OF_TEXT);
            tc.put("model_max_length", config.nPositions());
            tc.put("add_prefix_space", false);
            written.add(writeJson(folder, "tokenizer_config.json", mapper, tc));

            Path tok = partial(folder.resolve(TextTokenizer.FILE_NAME));
            run.tokenizer().writeJson(tok);
            written.add(tok);

            Path weights = partial(folder.resolve("model.safetensors"));
            writeTensors(weights, run.model().parameters(), Map.of("format", "pt"));
            written.add(weights);

            Path opt = partial(folder.resolve(STATE_DIR).resolve(OPTIMIZER_FILE));
            try (NDManager scope = run.model().manager().newSubManager()) {
                Map<String, NDArray> moments = new LinkedHashMap<>();
                addMoments(moments, "decay", run.decayedParameters(), run.decayOptimizer(), scope);
                addMoments(moments, "plain", run.plainParameters(), run.plainOptimizer(), scope);
                writeTensors(opt, moments, Map.of());
            }
            written.add(opt);

            ObjectNode state = run.state().toJson(run.decayOptimizer().updates(), run.plainOptimizer().updates());
            state.put("unigram_entropy", run.prepared().unigramEntropy()).put("ln_vocab", run.prepared().lnVocab())
                    .put("parameters", run.prepared().parameters());
            written.add(writeJson(folder.resolve(STATE_DIR), PretrainState.FILE, mapper, state));

            Path card = partial(folder.resolve("README.md"));
            Files.writeString(card, ModelCard.text(run, quality), StandardCharsets.UTF_8);
            written.add(card);
        } catch (IOException | UncheckedIOException | br.lncc.llm.weights.WeightsException e) {
            for (Path p : written) deleteQuietly(p);
            throw new PretrainException(e, "pretrain.error.save", folder.toAbsolutePath(), e.getMessage());
        }
        // Everything is on disk: now replace the previous files, each in one rename.
        for (Path p : written) {
            String name = p.getFileName().toString();
            Path target = p.resolveSibling(name.substring(0, name.length() - PARTIAL.length()));
            try {
                try {
                    Files.move(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new PretrainException(e, "pretrain.error.save", folder.toAbsolutePath(), e.getMessage());
            }
        }
    }

    private static Path partial(Path target) {
        return target.resolveSibling(target.getFileName() + PARTIAL);
    }

    private static Path writeJson(Path folder, String name, ObjectMapper mapper, JsonNode node) throws IOException {
        Path p = partial(folder.resolve(name));
        mapper.writerWithDefaultPrettyPrinter().writeValue(p.toFile(), node);
        return p;
    }

    private static void writeTensors(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((k, v) -> shapes.put(k, v.getShape().getShape()));
        try (SafetensorsWriter w = SafetensorsWriter.create(file, shapes, metadata)) {
            tensors.forEach((k, v) -> w.write(k, v.toFloatArray()));
        }
    }

    /** One m and one v per parameter tensor ({@code group.i.m}), cut from the group's flat moments. */
    private static void addMoments(Map<String, NDArray> out, String group, FlatParameters params, AdamW opt, NDManager scope) {
        List<NDArray> m = params.viewsOf(opt.firstMoment(0), scope), v = params.viewsOf(opt.secondMoment(0), scope);
        for (int i = 0; i < m.size(); i++) {
            out.put(group + "." + i + ".m", m.get(i));
            out.put(group + "." + i + ".v", v.get(i));
        }
    }

    static void restoreOptimizer(Path folder, Pretraining run) {
        JsonNode state = PretrainState.readJson(folder);
        try (Checkpoint ckpt = Checkpoint.open(folder.resolve(STATE_DIR))) {
            restore(ckpt, "decay", run.decayedParameters(), run.decayOptimizer(), state.path("adam_updates_decay").asInt());
            restore(ckpt, "plain", run.plainParameters(), run.plainOptimizer(), state.path("adam_updates_plain").asInt());
        } catch (RuntimeException e) {
            if (e instanceof PretrainException) throw e;
            throw new PretrainException(e, "pretrain.error.badCheckpoint", folder, e.getMessage());
        }
    }

    /** The saved per-parameter moments, laid end to end as the group's flat buffer is. */
    private static void restore(Checkpoint ckpt, String group, FlatParameters params, AdamW opt, int updates) {
        int n = params.names().size();
        float[] m = new float[Math.toIntExact(params.size())], v = new float[m.length];
        int at = 0;
        for (int i = 0; i < n; i++) {
            float[] mi = ckpt.readFloats(group + "." + i + ".m"), vi = ckpt.readFloats(group + "." + i + ".v");
            if (mi.length != vi.length || at + mi.length > m.length) {
                throw new IllegalStateException(group + "." + i + ": " + mi.length + " moments do not fit the model");
            }
            System.arraycopy(mi, 0, m, at, mi.length);
            System.arraycopy(vi, 0, v, at, vi.length);
            at += mi.length;
        }
        if (at != m.length) throw new IllegalStateException(group + ": " + at + " moments for " + m.length + " parameters");
        opt.restore(updates, List.of(m), List.of(v));
    }

    /** The tokenizer a run wrote: the Fuse decoder marks the character-level one. */
    public static CorpusTokenizer readTokenizer(Path folder) {
        Path file = folder.resolve(TextTokenizer.FILE_NAME);
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            return "Fuse".equals(root.path("decoder").path("type").asText()) ? CharTokenizer.readJson(file) : ByteLevelBpe.readJson(file);
        } catch (IOException e) {
            throw new PretrainException(e, "pretrain.error.badCheckpoint", folder, e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // A stray .partial file does no harm: the next save replaces it.
        }
    }

    static String machine() {
        return br.lncc.llm.platform.Machine.describe();
    }
}
