package br.lncc.llm.model;

import br.lncc.llm.text.Message;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.weights.SafetensorsFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * T5 v1.1 / FLAN-T5 (Cap. 5: google/flan-t5-small), an encoder-decoder:
 * <pre>
 *   encoder: x = E[ids];  L × { x += SelfAttn(RMS(x)) ;  x += FFN(RMS(x)) };  RMS
 *   decoder: y = E[dec];  L × { y += CausalSelfAttn(RMS(y)) ; y += CrossAttn(RMS(y), enc) ;
 *                              y += FFN(RMS(y)) };  RMS;  logits = y · lm_headᵀ
 * </pre>
 * T5's quirks, all visible here: the layer norm has no mean and no bias (RMS), attention is NOT
 * divided by √d (the scale is folded into the initialisation), positions enter only as a learned
 * bias per bucketed relative distance, computed in block 0 and shared by all layers, and FLAN's
 * FFN is gated-GELU. Tensor names are the checkpoint's own (encoder.block.0.layer.0.SelfAttention.q.weight …).
 */
public final class T5 implements AutoCloseable {

    /** The config.json fields this implementation reads. */
    public record Config(int vocabSize, int dModel, int dKv, int dFf, int numHeads, int numLayers,
                         int numDecoderLayers, int numBuckets, int maxDistance, double eps,
                         boolean gated, boolean tiedHead, int decoderStartId, int eosId, int padId,
                         int positions) {

        public static Config read(Path folder) {
            Path file = folder.resolve("config.json");
            if (!Files.exists(file)) {
                throw new ModelException("model.noConfig", new Object[] {String.valueOf(folder)}, "no config.json");
            }
            JsonNode c;
            try {
                c = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new ModelException(Message.of("model.badConfig", String.valueOf(folder), String.valueOf(e.getMessage())), String.valueOf(e), e);
            }
            return of(c);
        }

        public static Config of(JsonNode c) {
            String type = c.path("model_type").asText("");
            if (!type.equals("t5")) {
                throw new ModelException("model.wrongType", new Object[] {"T5", type}, "model_type " + type);
            }
            String ff = c.path("feed_forward_proj").asText("relu");
            if (!ff.equals("gated-gelu") && !ff.equals("relu")) {
                throw new ModelException("model.t5.feedForward", new Object[] {ff}, "feed_forward_proj " + ff);
            }
            int layers = ConfigInts.positive(c, "num_layers");
            return new Config(ConfigInts.positive(c, "vocab_size"), ConfigInts.positive(c, "d_model"), ConfigInts.positive(c, "d_kv"),
                    ConfigInts.positive(c, "d_ff"), ConfigInts.positive(c, "num_heads"), layers,
                    ConfigInts.positive(c, "num_decoder_layers", layers),
                    ConfigInts.positive(c, "relative_attention_num_buckets", 32),
                    ConfigInts.positive(c, "relative_attention_max_distance", 128),
                    c.path("layer_norm_epsilon").asDouble(1e-6), ff.equals("gated-gelu"),
                    c.path("tie_word_embeddings").asBoolean(true), c.path("decoder_start_token_id").asInt(0),
                    c.path("eos_token_id").asInt(1), c.path("pad_token_id").asInt(0),
                    c.path("n_positions").asInt(512));
        }

        /** Parameters counted from the config alone, as model.num_parameters() reports them. */
        public long parameterCount() {
            long inner = (long) numHeads * dKv;
            long attn = 4L * dModel * inner;
            long ffn = (gated ? 3L : 2L) * dModel * dFf;
            long bias = (long) numBuckets * numHeads;
            long enc = numLayers * (attn + ffn + 2L * dModel) + bias + dModel;
            long dec = numDecoderLayers * (2 * attn + ffn + 3L * dModel) + bias + dModel;
            long embed = (long) vocabSize * dModel;
            return embed + enc + dec + (tiedHead ? 0 : embed);
        }
    }

    private final Config config;
    private final NDManager manager;
    private final NDArray shared;
    private final NDArray lmHeadT;
    private final float[] encBiasTable;
    private final float[] decBiasTable;
    private final Block[] encoder;
    private final Block[] decoder;
    private final NDArray encFinal;
    private final NDArray decFinal;

    /** One block's weights; linear weights are kept transposed, [in, out], so x·W needs no transpose. */
    private record Block(NDArray selfLn, NDArray q, NDArray k, NDArray v, NDArray o,
                         NDArray crossLn, NDArray cq, NDArray ck, NDArray cv, NDArray co,
                         NDArray ffLn, NDArray wi0, NDArray wi1, NDArray wo) {}

    /** Where the weights come from: a checkpoint file, or seeded random values (the project's tiny T5). */
    private interface Weights {
        boolean contains(String name);

        /** The tensor in the checkpoint's own layout (linear weights [out, in]), in {@code manager}. */
        NDArray load(String name, NDManager manager);
    }

    private T5(Config config, NDManager manager, Weights st) {
        this.config = config;
        this.manager = manager;
        this.shared = load(st, "shared.weight");
        this.lmHeadT = config.tiedHead() || !st.contains("lm_head.weight")
                ? shared.transpose() : load(st, "lm_head.weight").transpose();
        this.encBiasTable = load(st, "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight").toType(DataType.FLOAT32, false).toFloatArray();
        this.decBiasTable = load(st, "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight").toType(DataType.FLOAT32, false).toFloatArray();
        this.encoder = new Block[config.numLayers()];
        for (int b = 0; b < encoder.length; b++) encoder[b] = block(st, "encoder", b);
        this.decoder = new Block[config.numDecoderLayers()];
        for (int b = 0; b < decoder.length; b++) decoder[b] = block(st, "decoder", b);
        this.encFinal = load(st, "encoder.final_layer_norm.weight");
        this.decFinal = load(st, "decoder.final_layer_norm.weight");
    }

    /** Loads a T5 checkpoint folder (config.json + model.safetensors). */
    public static T5 load(Path folder) {
        Config config = Config.read(folder);
        Path file = folder.resolve("model.safetensors");
        if (!Files.exists(file)) {
            throw new ModelException("model.noWeights", new Object[] {String.valueOf(folder)}, "no model.safetensors");
        }
        NDManager manager = NDManager.newBaseManager();
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            return new T5(config, manager, new Weights() {
                @Override
                public boolean contains(String name) {
                    return st.contains(name);
                }

                @Override
                public NDArray load(String name, NDManager m) {
                    return st.load(name, m);
                }
            });
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A T5 of this shape with seeded random weights, drawn as Hugging Face's
     * {@code T5PreTrainedModel._init_weights} draws them (factor 1): embeddings and head N(0, 1);
     * q N(0, (d_model·d_kv)^-½), k and v N(0, d_model^-½), o N(0, (H·d_kv)^-½); wi N(0, d_model^-½),
     * wo N(0, d_ff^-½); position biases N(0, d_model^-½); norms 1. The same seed gives the same model
     * on every machine (Java's SplittableRandom, not the engine's generator). Its text is noise.
     */
    public static T5 random(Config config, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        NDManager manager = NDManager.newBaseManager();
        try {
            return new T5(config, manager, new Weights() {
                @Override
                public boolean contains(String name) {
                    return !name.equals("lm_head.weight") || !config.tiedHead();
                }

                @Override
                public NDArray load(String name, NDManager m) {
                    long[] shape = shapeOf(config, name);
                    double std = initStd(config, name);
                    float[] values = new float[Math.toIntExact(shape[0] * shape[1])];
                    for (int i = 0; i < values.length; i++) values[i] = std == 0 ? 1f : (float) (rng.nextGaussian() * std);
                    return m.create(values, shape[1] == 1 ? new Shape(shape[0]) : new Shape(shape));
                }
            });
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The checkpoint shape of a tensor, [out, in] for linears; norms are [d_model, 1] here and reshaped to 1-D. */
    private static long[] shapeOf(Config c, String name) {
        long d = c.dModel();
        long inner = (long) c.numHeads() * c.dKv();
        if (name.equals("shared.weight") || name.equals("lm_head.weight")) return new long[] {c.vocabSize(), d};
        if (name.endsWith("relative_attention_bias.weight")) return new long[] {c.numBuckets(), c.numHeads()};
        if (name.endsWith("layer_norm.weight")) return new long[] {d, 1};
        if (name.endsWith(".q.weight") || name.endsWith(".k.weight") || name.endsWith(".v.weight")) return new long[] {inner, d};
        if (name.endsWith(".o.weight")) return new long[] {d, inner};
        if (name.endsWith(".wo.weight")) return new long[] {d, c.dFf()};
        if (name.contains(".wi")) return new long[] {c.dFf(), d};
        throw new IllegalArgumentException("no T5 tensor called " + name);
    }

    /** Hugging Face's initialiser for that tensor (0 = a norm weight, set to 1). */
    private static double initStd(Config c, String name) {
        if (name.endsWith("layer_norm.weight")) return 0;
        if (name.equals("shared.weight") || name.equals("lm_head.weight")) return 1.0;
        if (name.endsWith("relative_attention_bias.weight")) return Math.pow(c.dModel(), -0.5);
        if (name.endsWith(".q.weight")) return Math.pow((double) c.dModel() * c.dKv(), -0.5);
        if (name.endsWith(".k.weight") || name.endsWith(".v.weight")) return Math.pow(c.dModel(), -0.5);
        if (name.endsWith(".o.weight")) return Math.pow((double) c.numHeads() * c.dKv(), -0.5);
        if (name.endsWith(".wo.weight")) return Math.pow(c.dFf(), -0.5);
        return Math.pow(c.dModel(), -0.5); // wi, wi_0, wi_1
    }

    public Config config() {
        return config;
    }

    private NDArray load(Weights st, String name) {
        if (!st.contains(name)) {
            throw new ModelException("model.missingTensor", new Object[] {name}, "missing tensor " + name);
        }
        return st.load(name, manager);
    }

    private NDArray linearT(Weights st, String name) {
        return load(st, name).transpose();
    }

    private Block block(Weights st, String side, int b) {
        String p = side + ".block." + b + ".layer.";
        String sa = p + "0.SelfAttention.";
        boolean dec = side.equals("decoder");
        String ff = p + (dec ? "2" : "1") + ".DenseReluDense.";
        String ca = p + "1.EncDecAttention.";
        return new Block(load(st, p + "0.layer_norm.weight"),
                linearT(st, sa + "q.weight"), linearT(st, sa + "k.weight"),
                linearT(st, sa + "v.weight"), linearT(st, sa + "o.weight"),
                dec ? load(st, p + "1.layer_norm.weight") : null,
                dec ? linearT(st, ca + "q.weight") : null, dec ? linearT(st, ca + "k.weight") : null,
                dec ? linearT(st, ca + "v.weight") : null, dec ? linearT(st, ca + "o.weight") : null,
                load(st, p + (dec ? "2" : "1") + ".layer_norm.weight"),
                linearT(st, ff + (config.gated() ? "wi_0" : "wi") + ".weight"),
                config.gated() ? linearT(st, ff + "wi_1.weight") : null,
                linearT(st, ff + "wo.weight"));
    }

    // ------------------------------------------------------------------ the equations

    /** T5LayerNorm: x / sqrt(mean(x²) + eps) · w — no mean subtraction, no bias. */
    private NDArray rms(NDArray x, NDArray w) {
        NDArray ms = x.square().mean(new int[] {-1}, true);
        return x.div(ms.add(config.eps()).sqrt()).mul(w);
    }

    /** GELU with the tanh approximation ("gelu_new"), the activation of FLAN-T5's gated FFN. */
    private static NDArray geluNew(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }

    /** Gated-GELU: wo(gelu(wi_0·h) ⊙ wi_1·h); the original T5 used wo(relu(wi·h)). */
    private NDArray ffn(Block b, NDArray x) {
        NDArray h = rms(x, b.ffLn());
        NDArray act = config.gated()
                ? geluNew(h.matMul(b.wi0())).mul(h.matMul(b.wi1()))
                : h.matMul(b.wi0()).maximum(0f);
        return act.matMul(b.wo());
    }

    /** (S, H·dkv) → (H, S, dkv) */
    private NDArray heads(NDArray x) {
        return x.reshape(x.getShape().get(0), config.numHeads(), config.dKv()).transpose(1, 0, 2);
    }

    /** softmax(q·kᵀ + bias)·v for all heads at once, then the output projection; q (H,S,d), k/v (H,T,d). */
    private static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray bias, NDArray out) {
        return attend(q, k, v, bias, out, null);
    }

    /** As above; {@code probs} (when not null) receives the (H, S, T) attention weights. */
    private static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray bias, NDArray out, List<float[][][]> probs) {
        NDArray scores = q.matMul(k.transpose(0, 2, 1));
        if (bias != null) scores = scores.add(bias);
        NDArray p = scores.softmax(-1);
        if (probs != null) probs.add(toCube(p));
        NDArray z = p.matMul(v).transpose(1, 0, 2);
        return z.reshape(z.getShape().get(0), -1).matMul(out);
    }

    /**
     * T5's bucketed relative position: one bucket per distance while short, logarithmic buckets
     * up to max_distance. The encoder tells left from right (bidirectional); the decoder only
     * looks back. {@code rel} = key position − query position.
     */
    static int bucket(int rel, boolean bidirectional, int numBuckets, int maxDistance) {
        int offset = 0;
        int n;
        if (bidirectional) {
            numBuckets /= 2;
            if (rel > 0) offset = numBuckets;
            n = Math.abs(rel);
        } else {
            n = Math.max(-rel, 0);
        }
        int exact = numBuckets / 2;
        if (n < exact) return offset + n;
        int large = exact + (int) (Math.log((double) n / exact) / Math.log((double) maxDistance / exact)
                * (numBuckets - exact));
        return offset + Math.min(large, numBuckets - 1);
    }

    /** The (H, q, k) position bias for queries at qStart.. against keys 0..kLen-1; the decoder's is causal. */
    private NDArray positionBias(NDManager m, float[] table, int qStart, int qLen, int kLen, boolean bidirectional) {
        int h = config.numHeads();
        float[] out = new float[h * qLen * kLen];
        for (int i = 0; i < qLen; i++) {
            for (int j = 0; j < kLen; j++) {
                int b = bucket(j - (qStart + i), bidirectional, config.numBuckets(), config.maxDistance());
                boolean future = !bidirectional && j > qStart + i;
                for (int head = 0; head < h; head++) {
                    out[(head * qLen + i) * kLen + j] = future ? Float.NEGATIVE_INFINITY : table[b * h + head];
                }
            }
        }
        return m.create(out, new Shape(h, qLen, kLen));
    }

    private NDArray embed(NDManager m, long[] ids) {
        for (long id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new ModelException("model.idOutOfVocabulary", new Object[] {String.valueOf(id), String.valueOf(config.vocabSize() - 1)},
                        "token id " + id);
            }
        }
        return shared.get(new NDIndex("{}", m.create(ids)));
    }

    /** Encoder output (S, d_model) for the input ids, created in {@code m}. */
    public NDArray encode(NDManager m, long[] ids) {
        return encode(m, ids, null);
    }

    private NDArray encode(NDManager m, long[] ids, List<float[][][]> probs) {
        if (ids.length == 0) throw new ModelException("model.emptyInput", new Object[0], "encoder input of length 0");
        NDArray x = embed(m, ids);
        NDArray bias = positionBias(m, encBiasTable, 0, ids.length, ids.length, true);
        for (Block b : encoder) {
            NDArray h = rms(x, b.selfLn());
            x = x.add(attend(heads(h.matMul(b.q())), heads(h.matMul(b.k())), heads(h.matMul(b.v())), bias, b.o(), probs));
            x = x.add(ffn(b, x));
        }
        return rms(x, encFinal);
    }

    /**
     * The encoder's self-attention weights, [layer][head][query][key]: bidirectional, each row sums
     * to 1, the position bias of block 0 shared by every layer (what BertViz shows for T5's encoder).
     */
    public float[][][][] encoderAttentions(long[] ids) {
        List<float[][][]> probs = new ArrayList<>();
        try (NDManager m = manager.newSubManager()) {
            encode(m, ids, probs);
        }
        return probs.toArray(new float[0][][][]);
    }

    /**
     * The decoder's memory while generating: each layer's self-attention keys/values so far (the
     * KV cache), and the cross-attention keys/values of the encoder output, computed once.
     */
    public final class DecoderState implements AutoCloseable {
        private final NDManager m;
        private final NDArray[] crossK = new NDArray[decoder.length];
        private final NDArray[] crossV = new NDArray[decoder.length];
        private final NDArray[] selfK = new NDArray[decoder.length];
        private final NDArray[] selfV = new NDArray[decoder.length];
        private int length;

        private DecoderState(NDManager parent, NDArray encoded) {
            this.m = parent.newSubManager();
            for (int l = 0; l < decoder.length; l++) {
                crossK[l] = heads(encoded.matMul(decoder[l].ck()));
                crossV[l] = heads(encoded.matMul(decoder[l].cv()));
                crossK[l].attach(m);
                crossV[l].attach(m);
            }
        }

        /** Decoder positions consumed so far. */
        public int length() {
            return length;
        }

        /** Feeds new decoder tokens and returns their logits (n, vocab); the cache grows by n. */
        public float[][] step(long[] ids) {
            try (NDManager s = m.newSubManager()) {
                NDArray y = embed(s, ids);
                NDArray bias = positionBias(s, decBiasTable, length, ids.length, length + ids.length, false);
                for (int l = 0; l < decoder.length; l++) {
                    Block b = decoder[l];
                    NDArray h = rms(y, b.selfLn());
                    NDArray k = heads(h.matMul(b.k()));
                    NDArray v = heads(h.matMul(b.v()));
                    if (selfK[l] != null) {
                        k = NDArrays.concat(new NDList(selfK[l], k), 1);
                        v = NDArrays.concat(new NDList(selfV[l], v), 1);
                        selfK[l].close();
                        selfV[l].close();
                    }
                    k.attach(m);
                    v.attach(m);
                    selfK[l] = k;
                    selfV[l] = v;
                    y = y.add(attend(heads(h.matMul(b.q())), k, v, bias, b.o()));
                    NDArray c = rms(y, b.crossLn());
                    y = y.add(attend(heads(c.matMul(b.cq())), crossK[l], crossV[l], null, b.co()));
                    y = y.add(ffn(b, y));
                }
                y = rms(y, decFinal);
                // Only a tied head rescales (Mesh-TF convention); FLAN-T5's head is untied.
                if (config.tiedHead()) y = y.mul(Math.pow(config.dModel(), -0.5));
                length += ids.length;
                return toMatrix(y.matMul(lmHeadT));
            }
        }

        @Override
        public void close() {
            m.close();
        }
    }

    /** Starts decoding against an encoder output; close the state when done. */
    public DecoderState startDecoder(NDManager m, NDArray encoded) {
        return new DecoderState(m, encoded);
    }

    /** Logits (n, vocab) of every decoder position, in one pass. */
    public float[][] logits(long[] encoderIds, long[] decoderIds) {
        try (NDManager m = manager.newSubManager();
                DecoderState state = startDecoder(m, encode(m, encoderIds))) {
            return state.step(decoderIds);
        }
    }

    /** Encoder output as plain floats (S, d_model), for inspection and tests. */
    public float[][] encoderHidden(long[] ids) {
        try (NDManager m = manager.newSubManager()) {
            return toMatrix(encode(m, ids));
        }
    }

    /**
     * Decoding from decoder_start_token_id until EOS or maxNewTokens, choosing each token with
     * {@code chooser} (argmax for greedy). With the cache each step feeds one token; without it
     * every step re-runs the decoder over the whole prefix.
     */
    public long[] generate(long[] encoderIds, int maxNewTokens, boolean useCache, TokenChooser chooser) {
        return generate(encoderIds, maxNewTokens, useCache, chooser, (step, id) -> id != config.eosId());
    }

    /**
     * As above, telling {@code listener} each token as soon as it is chosen; it answers whether to
     * go on (the caller's stop rule: EOS, extra stop ids, or none), and may time and stream the
     * steps. An exception it throws (Cancel) stops the loop.
     */
    public long[] generate(long[] encoderIds, int maxNewTokens, boolean useCache, TokenChooser chooser,
            TokenListener listener) {
        List<Long> out = new ArrayList<>();
        try (NDManager m = manager.newSubManager()) {
            NDArray encoded = encode(m, encoderIds);
            long[] prefix = {config.decoderStartId()};
            DecoderState state = startDecoder(m, encoded);
            try {
                float[][] logits = state.step(prefix);
                for (int i = 0; i < maxNewTokens; i++) {
                    long next = chooser.choose(logits[logits.length - 1]);
                    out.add(next);
                    if (!listener.onToken(i, next) || i == maxNewTokens - 1) break;
                    prefix = Arrays.copyOf(prefix, prefix.length + 1);
                    prefix[prefix.length - 1] = next;
                    if (useCache) {
                        logits = state.step(new long[] {next});
                    } else {
                        state.close();
                        state = startDecoder(m, encoded);
                        logits = state.step(prefix);
                    }
                }
            } finally {
                state.close();
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Told of each decoder token as it is chosen; answers false to stop there. */
    @FunctionalInterface
    public interface TokenListener {
        boolean onToken(int step, long id);
    }

    /** Greedy decoding. */
    public long[] generateGreedy(long[] encoderIds, int maxNewTokens, boolean useCache) {
        return generate(encoderIds, maxNewTokens, useCache, T5::argmax);
    }

    /** Picks the next token from the last position's logits (greedy, or a sampler). */
    @FunctionalInterface
    public interface TokenChooser {
        long choose(float[] logits);
    }

    static long argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static float[][][] toCube(NDArray a) {
        int h = (int) a.getShape().get(0);
        int rows = (int) a.getShape().get(1);
        int cols = (int) a.getShape().get(2);
        float[] flat = a.toType(DataType.FLOAT32, false).toFloatArray();
        float[][][] out = new float[h][rows][cols];
        for (int i = 0; i < h; i++) {
            for (int r = 0; r < rows; r++) System.arraycopy(flat, (i * rows + r) * cols, out[i][r], 0, cols);
        }
        return out;
    }

    private static float[][] toMatrix(NDArray a) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) a.getShape().get(1);
        float[] flat = a.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) System.arraycopy(flat, r * cols, out[r], 0, cols);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
