package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import br.lncc.llm.model.kernel.DecodeFormat;
import br.lncc.llm.model.kernel.DecodeMatrix;
import br.lncc.llm.model.kernel.Fp32ColumnMatrix;
import br.lncc.llm.model.kernel.Fp32RowMatrix;
import br.lncc.llm.model.kernel.PackedRows;
import br.lncc.llm.weights.Checkpoint;
import br.lncc.llm.weights.quant.MemoryFootprint;
import br.lncc.llm.weights.WeightsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * GPT-2 (Cap. 4.5–4.7): token + position embeddings, n_layer pre-norm blocks of causal
 * self-attention and MLP, a final LayerNorm and an lm_head tied to the token embeddings.
 * Shapes: B batch, T new positions, P positions already in the KV cache, C = n_embd,
 * H = n_head, D = C / H, V = vocab.
 *
 * <p>Weights keep the Hugging Face names and layout: Conv1D stores W as [in, out] (y = xW + b),
 * so each projection is {@code linear(x, Wᵀ, b)} with Wᵀ a view — one fused native op. The
 * decode step is deliberately a few large ops (each op costs 15–30 µs of JNI overhead).
 */
public final class Gpt2 implements CausalLm {

    /** config.json of a GPT-2 checkpoint (field names as Hugging Face writes them). */
    public record Config(
            int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, int nInner, float layerNormEps,
            int eosTokenId) {

        /** The real "gpt2" (small): 124,439,808 parameters. */
        public static Config gpt2Small() {
            return new Config(50257, 1024, 768, 12, 12, 3072, 1e-5f, 50256);
        }

        public static Config fromJson(JsonNode c) {
            String type = c.path("model_type").asText("gpt2");
            if (!type.equals("gpt2")) {
                throw new ModelException("model.gpt2.notGpt2", new Object[] {type}, "model_type " + type);
            }
            String act = c.path("activation_function").asText("gelu_new");
            if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
                throw new ModelException("model.gpt2.activation", new Object[] {act}, "activation_function " + act);
            }
            int nEmbd = required(c, "n_embd");
            int nHead = required(c, "n_head");
            if (nHead <= 0 || nEmbd % nHead != 0) {
                throw new ModelException("model.gpt2.heads", new Object[] {String.valueOf(nEmbd), String.valueOf(nHead)}, "n_embd % n_head != 0");
            }
            int vocab = required(c, "vocab_size");
            int positions = c.hasNonNull("n_positions") ? required(c, "n_positions") : required(c, "n_ctx");
            int inner = ConfigInts.positive(c, "n_inner", 4 * nEmbd);
            int eos = c.hasNonNull("eos_token_id") ? c.get("eos_token_id").asInt() : -1;
            float eps = (float) c.path("layer_norm_epsilon").asDouble(1e-5);
            return new Config(vocab, positions, nEmbd, required(c, "n_layer"), nHead, inner, eps, eos);
        }

        private static int required(JsonNode c, String field) {
            return ConfigInts.positive(c, field);
        }

        public int headDim() {
            return nEmbd / nHead;
        }

        /** Parameters of one GPT2Block: two LayerNorms, c_attn, attention c_proj, c_fc, MLP c_proj. */
        public long blockParameters() {
            long c = nEmbd, i = nInner;
            return 2 * 2 * c + (c * 3 * c + 3 * c) + (c * c + c) + (c * i + i) + (i * c + c);
        }

        /** Each tensor counted once: lm_head shares wte (124,439,808 for gpt2). */
        public long uniqueParameters() {
            return (long) vocabSize * nEmbd + (long) nPositions * nEmbd + nLayer * blockParameters() + 2L * nEmbd;
        }

        /** What torchinfo reports (163,037,184 for gpt2): it counts the tied lm_head a second time. */
        public long parametersCountingTiedHeadTwice() {
            return uniqueParameters() + (long) vocabSize * nEmbd;
        }

        /** The model as PyTorch's {@code print(GPT2LMHeadModel)} shows it. */
        public String moduleTree() {
            String ln = String.format(Locale.ROOT, "LayerNorm((%d,), eps=%s, elementwise_affine=True)", nEmbd,
                    epsText(layerNormEps));
            String drop = "Dropout(p=0.1, inplace=False)";
            String layers = nLayer == 1 ? "(0)" : "(0-" + (nLayer - 1) + ")";
            return String.join("\n",
                    "GPT2LMHeadModel(",
                    "  (transformer): GPT2Model(",
                    "    (wte): Embedding(" + vocabSize + ", " + nEmbd + ")",
                    "    (wpe): Embedding(" + nPositions + ", " + nEmbd + ")",
                    "    (drop): " + drop,
                    "    (h): ModuleList(",
                    "      " + layers + ": " + nLayer + " x GPT2Block(",
                    "        (ln_1): " + ln,
                    "        (attn): GPT2Attention(",
                    "          (c_attn): Conv1D(nf=" + 3 * nEmbd + ", nx=" + nEmbd + ")",
                    "          (c_proj): Conv1D(nf=" + nEmbd + ", nx=" + nEmbd + ")",
                    "          (attn_dropout): " + drop,
                    "          (resid_dropout): " + drop,
                    "        )",
                    "        (ln_2): " + ln,
                    "        (mlp): GPT2MLP(",
                    "          (c_fc): Conv1D(nf=" + nInner + ", nx=" + nEmbd + ")",
                    "          (c_proj): Conv1D(nf=" + nEmbd + ", nx=" + nInner + ")",
                    "          (act): NewGELUActivation()",
                    "          (dropout): " + drop,
                    "        )",
                    "      )",
                    "    )",
                    "    (ln_f): " + ln,
                    "  )",
                    "  (lm_head): Linear(in_features=" + nEmbd + ", out_features=" + vocabSize + ", bias=False)",
                    ")");
        }

        /** Python's repr of small floats, as PyTorch prints them: 1e-05. */
        private static String epsText(float eps) {
            return String.format(Locale.ROOT, "%.0e", eps);
        }

        /** Every tensor name and shape of the checkpoint, HF order, without the "transformer." prefix. */
        public Map<String, long[]> tensorShapes() {
            Map<String, long[]> m = new LinkedHashMap<>();
            long c = nEmbd, i = nInner;
            m.put("wte.weight", new long[] {vocabSize, c});
            m.put("wpe.weight", new long[] {nPositions, c});
            for (int l = 0; l < nLayer; l++) {
                String p = "h." + l + ".";
                m.put(p + "ln_1.weight", new long[] {c});
                m.put(p + "ln_1.bias", new long[] {c});
                m.put(p + "attn.c_attn.weight", new long[] {c, 3 * c});
                m.put(p + "attn.c_attn.bias", new long[] {3 * c});
                m.put(p + "attn.c_proj.weight", new long[] {c, c});
                m.put(p + "attn.c_proj.bias", new long[] {c});
                m.put(p + "ln_2.weight", new long[] {c});
                m.put(p + "ln_2.bias", new long[] {c});
                m.put(p + "mlp.c_fc.weight", new long[] {c, i});
                m.put(p + "mlp.c_fc.bias", new long[] {i});
                m.put(p + "mlp.c_proj.weight", new long[] {i, c});
                m.put(p + "mlp.c_proj.bias", new long[] {c});
            }
            m.put("ln_f.weight", new long[] {c});
            m.put("ln_f.bias", new long[] {c});
            return m;
        }
    }

    /**
     * One block's weights; the W fields are [out, in] views of the [in, out] Conv1D tensors, or null
     * once {@link #quantize} replaced them by {@code packed} (c_attn, attn c_proj, c_fc, mlp c_proj, [out, in]).
     */
    private record Block(
            NDArray ln1W, NDArray ln1B, NDArray attnW, NDArray attnB, NDArray attnProjW, NDArray attnProjB,
            NDArray ln2W, NDArray ln2B, NDArray fcW, NDArray fcB, NDArray mlpProjW, NDArray mlpProjB,
            PackedRows[] packed) {

        Block withPacked(PackedRows[] p) {
            return new Block(ln1W, ln1B, null, attnB, null, attnProjB, ln2W, ln2B, null, fcB, null, mlpProjB, p);
        }
    }

    /** The four projections of a block, checkpoint names, in {@link Block#packed} order. */
    private static final String[] PROJECTIONS = {"attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"};

    /** Position of {@code h.L.<projection>} in {@link #PROJECTIONS}, or −1 for any other tensor. */
    private static int projectionIndex(String tensor) {
        for (int j = 0; j < PROJECTIONS.length; j++) {
            if (tensor.startsWith("h.") && tensor.endsWith("." + PROJECTIONS[j])) return j;
        }
        return -1;
    }

    private final String name;
    private final Config config;
    private final NDManager manager;
    private Map<String, NDArray> parameters;
    private final NDArray wte;
    private final NDArray wpe;
    private final NDArray lnFW;
    private final NDArray lnFB;
    private final Block[] blocks;
    private final Shape normShape;
    private DecodeFormat format;
    private PackedRows headInt8;
    private MemoryFootprint packedFootprint;
    private final FusedDecode fused = new FusedDecode();
    private Gpt2DecodeStep decodeStep;
    /** Scalars as arrays made once: a Java number in an op costs a native allocation every call. */
    private final NDArray attnScale;
    private final NDArray geluSlope;
    private final NDArray geluCubicSlope;

    private Gpt2(String name, Config config, NDManager manager, Map<String, NDArray> parameters) {
        this(name, config, manager, parameters, null, DecodeFormat.FP32);
    }

    /** With {@code packed} non-null, each block's four projections are those packed rows (no float32 copy in {@code parameters}). */
    private Gpt2(String name, Config config, NDManager manager, Map<String, NDArray> parameters, PackedRows[][] packed,
            DecodeFormat format) {
        this.name = name;
        this.config = config;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.wte = parameters.get("wte.weight");
        this.wpe = parameters.get("wpe.weight");
        this.lnFW = parameters.get("ln_f.weight");
        this.lnFB = parameters.get("ln_f.bias");
        this.normShape = new Shape(config.nEmbd());
        this.attnScale = manager.create((float) (1.0 / Math.sqrt(config.headDim())));
        this.geluSlope = manager.create((float) GELU_SLOPE);
        this.geluCubicSlope = manager.create((float) GELU_CUBIC_SLOPE);
        Block[] b = new Block[config.nLayer()];
        MemoryFootprint packedTotal = MemoryFootprint.EMPTY;
        for (int l = 0; l < b.length; l++) {
            String p = "h." + l + ".";
            if (packed != null) {
                b[l] = new Block(parameters.get(p + "ln_1.weight"), parameters.get(p + "ln_1.bias"), null,
                        parameters.get(p + "attn.c_attn.bias"), null, parameters.get(p + "attn.c_proj.bias"),
                        parameters.get(p + "ln_2.weight"), parameters.get(p + "ln_2.bias"), null, parameters.get(p + "mlp.c_fc.bias"),
                        null, parameters.get(p + "mlp.c_proj.bias"), packed[l]);
                for (PackedRows r : packed[l]) packedTotal = packedTotal.plus(r.footprint());
                continue;
            }
            b[l] = new Block(
                    parameters.get(p + "ln_1.weight"), parameters.get(p + "ln_1.bias"),
                    parameters.get(p + "attn.c_attn.weight").transpose(), parameters.get(p + "attn.c_attn.bias"),
                    parameters.get(p + "attn.c_proj.weight").transpose(), parameters.get(p + "attn.c_proj.bias"),
                    parameters.get(p + "ln_2.weight"), parameters.get(p + "ln_2.bias"),
                    parameters.get(p + "mlp.c_fc.weight").transpose(), parameters.get(p + "mlp.c_fc.bias"),
                    parameters.get(p + "mlp.c_proj.weight").transpose(), parameters.get(p + "mlp.c_proj.bias"), null);
        }
        this.blocks = b;
        this.format = format;
        this.packedFootprint = packedTotal;
    }

    /** Loads a Hugging Face GPT-2 folder (config.json + safetensors) into a new manager of its own. */
    public static Gpt2 load(Path folder) {
        Config config = Config.fromJson(Checkpoint.readConfig(folder));
        try (Checkpoint ckpt = Checkpoint.open(folder)) {
            return load(ckpt, config, String.valueOf(folder.getFileName()));
        }
    }

    /**
     * Reads every tensor the config asks for, accepting names with or without the
     * "transformer." prefix; the attn.bias / attn.masked_bias mask buffers of older exports and a
     * stored copy of the tied lm_head.weight are ignored.
     */
    public static Gpt2 load(Checkpoint ckpt, Config config, String name) {
        return load(ckpt, config, name, DecodeFormat.FP32);
    }

    /**
     * Loads straight into {@code format}: each of a block's four projections is read from the file
     * into the Java heap, transposed to Linear's [out, in] and packed, and dropped before the next one
     * is read, so loading peaks at about the packed model + two float32 copies of one tensor instead
     * of the whole float32 model (as {@link Llama#load(Path, DecodeFormat)}). Embeddings (wte, also
     * the tied lm_head), norms and biases stay float32.
     */
    public static Gpt2 load(Path folder, DecodeFormat format) {
        Config config = Config.fromJson(Checkpoint.readConfig(folder));
        try (Checkpoint ckpt = Checkpoint.open(folder)) {
            return load(ckpt, config, String.valueOf(folder.getFileName()), format);
        }
    }

    private static Gpt2 load(Checkpoint ckpt, Config config, String name, DecodeFormat format) {
        NDManager manager = NDManager.newBaseManager();
        try {
            Map<String, NDArray> params = new LinkedHashMap<>();
            PackedRows[][] packed = format == DecodeFormat.FP32 ? null : new PackedRows[config.nLayer()][PROJECTIONS.length];
            for (var e : config.tensorShapes().entrySet()) {
                String stored = ckpt.contains(e.getKey()) ? e.getKey() : "transformer." + e.getKey();
                if (!ckpt.contains(stored)) {
                    throw new ModelException("model.gpt2.missingTensor", new Object[] {name, e.getKey(), String.valueOf(config.nLayer())},
                            "missing tensor " + e.getKey());
                }
                long[] found = ckpt.info(stored).shape();
                if (!Arrays.equals(found, e.getValue())) {
                    throw new ModelException("model.tensorShape", new Object[] {stored, name, Arrays.toString(found), Arrays.toString(e.getValue())},
                            "shape mismatch for " + stored);
                }
                int projection = packed == null ? -1 : projectionIndex(e.getKey());
                if (projection >= 0) {
                    int in = (int) found[0], out = (int) found[1];
                    int layer = Integer.parseInt(e.getKey().substring(2, e.getKey().indexOf('.', 2)));
                    packed[layer][projection] = format.quantize(transpose(ckpt.readFloats(stored), in, out), out, in);
                    continue;
                }
                NDArray a = ckpt.load(stored, manager);
                a.setName(e.getKey());
                params.put(e.getKey(), a);
            }
            return new Gpt2(name, config, manager, params, packed, format);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A copy of this model with {@code deltas} added to some of its weights, in a new manager —
     * LoRA's merge (Cap. 7.10): W' = W + ΔW leaves the forward pass and its speed unchanged.
     * Each delta has the weight's own layout ([in, out] for GPT-2's Conv1D).
     */
    public Gpt2 withAddedWeights(String newName, Map<String, float[]> deltas) {
        for (String k : deltas.keySet()) {
            NDArray w = parameters.get(k);
            if (w == null || w.size() != deltas.get(k).length) {
                throw new IllegalArgumentException("no weight " + k + " of " + deltas.get(k).length + " values in " + name);
            }
        }
        NDManager m = NDManager.newBaseManager();
        try {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (var e : parameters.entrySet()) {
                float[] v = e.getValue().toFloatArray();
                float[] d = deltas.get(e.getKey());
                if (d != null) for (int i = 0; i < v.length; i++) v[i] += d[i];
                NDArray a = m.create(v, e.getValue().getShape());
                a.setName(e.getKey());
                params.put(e.getKey(), a);
            }
            return new Gpt2(newName, config, m, params);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** GPT-2-shaped random weights (N(0, 0.02) as GPT-2's init) for speed tests without a checkpoint. */
    public static Gpt2 random(Config config, long seed) {
        NDManager manager = NDManager.newBaseManager();
        Random rng = new Random(seed);
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (var e : config.tensorShapes().entrySet()) {
            Shape shape = new Shape(e.getValue());
            NDArray a;
            if (e.getKey().contains("ln_") && e.getKey().endsWith(".weight")) {
                a = manager.ones(shape);
            } else if (e.getKey().endsWith(".bias")) {
                a = manager.zeros(shape);
            } else {
                // Filling in Java keeps the weights identical for a seed across engines and runs.
                float[] v = new float[(int) shape.size()];
                for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextGaussian() * 0.02);
                a = manager.create(v, shape);
            }
            a.setName(e.getKey());
            params.put(e.getKey(), a);
        }
        return new Gpt2("gpt2-random", config, manager, params);
    }

    public Config config() {
        return config;
    }

    /**
     * This model (config, name, manager) over {@code parameters} — the same names and shapes, e.g.
     * views into the flat buffers a pre-training run updates in place (train.FlatParameters). This
     * model's own arrays are freed: only the returned model may be used afterwards.
     */
    public Gpt2 over(Map<String, NDArray> parameters) {
        if (quantized()) throw new IllegalStateException("only a float32 model moves onto other arrays");
        if (!parameters.keySet().equals(this.parameters.keySet())) {
            throw new IllegalArgumentException("other tensors: " + parameters.keySet() + " for " + this.parameters.keySet());
        }
        this.parameters.forEach((n, a) -> {
            if (!a.getShape().equals(parameters.get(n).getShape())) {
                throw new IllegalArgumentException(n + ": shape " + parameters.get(n).getShape() + " for " + a.getShape());
            }
        });
        Gpt2 moved = new Gpt2(name, config, manager, new LinkedHashMap<>(parameters));
        for (Block b : blocks) for (NDArray t : List.of(b.attnW(), b.attnProjW(), b.fcW(), b.mlpProjW())) t.close();
        for (NDArray a : List.of(attnScale, geluSlope, geluCubicSlope)) a.close();
        this.parameters.values().forEach(NDArray::close);
        return moved;
    }


    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int maxPositions() {
        return config.nPositions();
    }

    @Override
    public int eosTokenId() {
        return config.eosTokenId();
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public long weightsBytes() {
        long n = 0;
        for (NDArray a : parameters.values()) n += a.size() * 4L;
        return n + packedFootprint.bytes();
    }

    /**
     * Replaces the four projection matrices of every block by {@code format} (transposed to
     * Linear's [out, in] first, as bitsandbytes does with Conv1D), freeing their float32 arrays;
     * with {@code lmHeadInt8} the tied lm_head is also read as INT8 (the embedding lookup stays
     * float32). Afterwards {@link #parameters()} lists only the float32 tensors.
     *
     * @return memory of the quantized matrices (fp32 before, codes + constants after)
     */
    public MemoryFootprint quantize(DecodeFormat format, boolean lmHeadInt8) {
        // A model loaded straight into `format` (load(folder, format)) may still take an INT8 lm_head.
        boolean loadedPacked = format != DecodeFormat.FP32 && format == this.format && headInt8 == null;
        if (!loadedPacked && (this.format != DecodeFormat.FP32 || headInt8 != null)) {
            throw new IllegalStateException("the model is already quantized (" + this.format.cliName() + ")");
        }
        Map<String, NDArray> left = new LinkedHashMap<>(parameters);
        MemoryFootprint total = loadedPacked ? packedFootprint : MemoryFootprint.EMPTY;
        if (format != DecodeFormat.FP32 && !loadedPacked) {
            for (int l = 0; l < blocks.length; l++) {
                PackedRows[] packed = new PackedRows[PROJECTIONS.length];
                for (int j = 0; j < PROJECTIONS.length; j++) {
                    String name = "h." + l + "." + PROJECTIONS[j];
                    NDArray w = left.remove(name);
                    int in = (int) w.getShape().get(0), out = (int) w.getShape().get(1);
                    packed[j] = format.quantize(transpose(w.toFloatArray(), in, out), out, in);
                    total = total.plus(packed[j].footprint());
                    w.close();
                }
                blocks[l] = blocks[l].withPacked(packed);
            }
            this.format = format;
        }
        if (lmHeadInt8) {
            headInt8 = PackedRows.int8(wte.toByteBuffer(true), config.vocabSize(), config.nEmbd());
        }
        parameters = Collections.unmodifiableMap(left);
        packedFootprint = total;
        decodeStep = null;
        return total;
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        }
        return t;
    }

    /** Memory of the packed projection matrices (empty while they are float32). */
    public MemoryFootprint packedFootprint() {
        return packedFootprint;
    }

    /** The projection matrices' format (FP32 until {@link #quantize}). */
    public DecodeFormat format() {
        return format;
    }

    @Override
    public boolean quantized() {
        return format != DecodeFormat.FP32 || headInt8 != null;
    }

    @Override
    public FusedDecode fusedDecode() {
        return fused;
    }

    @Override
    public long decodeBytesPerToken() {
        return step().bytesPerToken();
    }

    private Gpt2DecodeStep step() {
        if (decodeStep != null) return decodeStep;
        int c = config.nEmbd(), inner = config.nInner();
        Gpt2DecodeStep.Block[] steps = new Gpt2DecodeStep.Block[blocks.length];
        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            String p = "h." + l + ".";
            DecodeMatrix[] m = new DecodeMatrix[PROJECTIONS.length];
            int[][] dims = {{c, 3 * c}, {c, c}, {c, inner}, {inner, c}};
            for (int j = 0; j < m.length; j++) {
                m[j] = b.packed() != null ? b.packed()[j]
                        : new Fp32ColumnMatrix(parameters.get(p + PROJECTIONS[j]).toByteBuffer(true), dims[j][0], dims[j][1]);
            }
            steps[l] = new Gpt2DecodeStep.Block(b.ln1W().toFloatArray(), b.ln1B().toFloatArray(), m[0], b.attnB().toFloatArray(),
                    m[1], b.attnProjB().toFloatArray(), b.ln2W().toFloatArray(), b.ln2B().toFloatArray(), m[2],
                    b.fcB().toFloatArray(), m[3], b.mlpProjB().toFloatArray());
        }
        DecodeMatrix head = headInt8 != null ? headInt8 : new Fp32RowMatrix(wte.toByteBuffer(true), config.vocabSize(), c);
        decodeStep = new Gpt2DecodeStep(config, wte.toByteBuffer(true), wpe.toByteBuffer(true), steps, lnFW.toFloatArray(),
                lnFB.toFloatArray(), head);
        return decodeStep;
    }

    @Override
    public KvCache newCache(KvCache.Layout layout, int batch) {
        return new KvCache(manager, layout, config.nLayer(), batch, config.nHead(), config.nPositions(),
                config.headDim());
    }

    @Override
    public NDArray forward(NDArray inputIds, KvCache cache, boolean lastPositionOnly, AttentionCapture capture,
            LinearInputTap tap) {
        NDManager scope = inputIds.getManager();
        long[] s = inputIds.getShape().getShape();
        if (s.length != 2) throw new IllegalArgumentException("input ids must be (B, T), got " + inputIds.getShape());
        int b = (int) s[0], t = (int) s[1];
        int past = cache == null ? 0 : cache.length();
        if (t == 0) throw new ModelException("model.emptyInput", new Object[0], "T = 0");
        if (past + t > config.nPositions()) {
            throw new ModelException("model.gpt2.window", new Object[] {String.valueOf(past + t), String.valueOf(config.nPositions())},
                    "past + T > n_positions");
        }
        if (b == 1 && cache != null && cache.batch() == 1 && capture == null && tap == null && fused.takes(t, quantized())) {
            // One token (or a short prompt of a quantized model), batch 1: the pure-Java step over the
            // fused kernels, no native op per layer and no float32 copy of the packed matrices.
            return FusedDecode.stepwise(scope, inputIds, cache, lastPositionOnly, config.vocabSize(), step()::forward);
        }
        NDArray ids = inputIds.getDataType() == DataType.INT64 ? inputIds : inputIds.toType(DataType.INT64, false);
        // Cap. 4.5: x = token embedding + position embedding, both looked up into this scope.
        NDArray x = wte.get(scope, new NDIndex("{}", ids.flatten())).reshape(b, t, config.nEmbd()); // (B,T,C)
        x = x.add(wpe.get(scope, new NDIndex("{}:{}", past, past + t)));                          // (B,T,C)
        NDArray mask = t > 1 ? causalMask(scope, t, past) : null;                                  // (T,P+T)
        for (int l = 0; l < blocks.length; l++) x = block(l, x, cache, mask, capture, tap, scope);
        if (cache != null) cache.advance();
        if (lastPositionOnly) x = x.get(":, -1:, :");                                              // (B,1,C)
        x = LayerNorm.layerNorm(x, normShape, lnFW, lnFB, config.layerNormEps()).singletonOrThrow();
        if (tap != null) tap.record(List.of(LinearInputTap.LM_HEAD), x);
        NDArray head = headInt8 == null ? wte : dequantized(headInt8, scope);
        return Linear.linear(x, head).singletonOrThrow();               // tied lm_head: x · wteᵀ, (B,T,V)
    }

    /** 0 where query i (at position P+i) may see key j (j ≤ P+i), −∞ after it. No tril in DJL: compare aranges. */
    private static NDArray causalMask(NDManager scope, int t, int past) {
        NDArray query = scope.arange(past, past + t).reshape(t, 1);        // (T,1)
        NDArray key = scope.arange(0, past + t).reshape(1, past + t);      // (1,P+T)
        NDArray future = key.gt(query);                                    // (T,P+T) true above the diagonal
        Shape shape = future.getShape();
        return NDArrays.where(future, scope.full(shape, Float.NEGATIVE_INFINITY), scope.zeros(shape));
    }

    private NDArray block(int l, NDArray x, KvCache cache, NDArray mask, AttentionCapture capture, LinearInputTap tap,
            NDManager scope) {
        String p = "h." + l + ".";
        Block w = blocks[l];
        long b = x.getShape().get(0), t = x.getShape().get(1);
        int c = config.nEmbd(), h = config.nHead(), d = config.headDim();

        // Attention: one fused projection to q, k, v, heads split by reshape (Cap. 4.6).
        NDArray a = LayerNorm.layerNorm(x, normShape, w.ln1W(), w.ln1B(), config.layerNormEps()).singletonOrThrow();
        if (tap != null) tap.record(List.of(p + "attn.c_attn.weight"), a);
        NDArray qkv = Linear.linear(a, weight(w, 0, scope), w.attnB()).singletonOrThrow();            // (B,T,3C)
        // With T = 1 (a decode step) (B,1,3,H,D) and (3,B,H,1,D) share one memory layout: a
        // reshape replaces the transpose, one native op fewer per layer and token.
        NDArray heads = t == 1 && b == 1
                ? qkv.reshape(3, 1, h, 1, d)
                : qkv.reshape(b, t, 3, h, d).transpose(2, 0, 3, 1, 4);                        // (3,B,H,T,D)
        NDArray q = heads.get(0), k = heads.get(1), v = heads.get(2);                         // (B,H,T,D)
        if (cache != null) {
            NDArray[] kv = cache.append(l, k, v, scope);                                     // (B,H,P+T,D)
            k = kv[0];
            v = kv[1];
        }
        // softmax(q kᵀ / √D + mask) v
        NDArray att = q.mul(attnScale).matMul(k.transpose(0, 1, 3, 2));                      // (B,H,T,P+T)
        if (mask != null) att = att.add(mask);
        att = att.softmax(-1);
        if (capture != null) capture.record(l, att);
        NDArray y = att.matMul(v);                                                           // (B,H,T,D)
        y = t == 1 && b == 1 ? y.reshape(1, 1, c) : y.transpose(0, 2, 1, 3).reshape(b, t, c); // (B,T,C)
        if (tap != null) tap.record(List.of(p + "attn.c_proj.weight"), y);
        x = x.add(Linear.linear(y, weight(w, 1, scope), w.attnProjB()).singletonOrThrow());        // residual

        // MLP: C → 4C → C with gelu_new.
        NDArray m = LayerNorm.layerNorm(x, normShape, w.ln2W(), w.ln2B(), config.layerNormEps()).singletonOrThrow();
        if (tap != null) tap.record(List.of(p + "mlp.c_fc.weight"), m);
        m = geluNew(Linear.linear(m, weight(w, 2, scope), w.fcB()).singletonOrThrow());                  // (B,T,4C)
        if (tap != null) tap.record(List.of(p + "mlp.c_proj.weight"), m);
        return x.add(Linear.linear(m, weight(w, 3, scope), w.mlpProjB()).singletonOrThrow());      // (B,T,C)
    }

    /**
     * Projection j of a block as [out, in]: the float32 view, or the packed matrix expanded into
     * this step's scope — dequantize, then multiply (what bitsandbytes does; Cap. 6.5).
     */
    private static NDArray weight(Block w, int j, NDManager scope) {
        if (w.packed() != null) return dequantized(w.packed()[j], scope);
        return switch (j) {
            case 0 -> w.attnW();
            case 1 -> w.attnProjW();
            case 2 -> w.fcW();
            default -> w.mlpProjW();
        };
    }

    static NDArray dequantized(PackedRows m, NDManager scope) {
        return scope.create(m.dequantize(), new Shape(m.rows(), m.cols()));
    }

    private NDArray geluNew(NDArray x) {
        return geluNew(x, geluSlope, geluCubicSlope);
    }

    /**
     * GPT-2's GELU, the tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), written
     * as x·σ(x·(s + s·0.044715·x²)) with s = 2√(2/π) — the same function (½(1 + tanh z) = σ(2z)),
     * and libtorch's float sigmoid is vectorised where its tanh is not (0.14 ms against 2.9 ms
     * for the (12, 64, 512) activations of the pre-training benchmark, one thread). Six ops, x
     * used three times: the training graph differentiates this same expression, and each op or
     * extra use of x costs a kernel over the whole (B, T, 4C) activation in its backward pass
     * too (the earlier 7-op form (x³·c + x)·s had one product more to differentiate).
     *
     * @param slope the scalar 2√(2/π) and {@code cubicSlope} the scalar 2√(2/π)·0.044715, as arrays
     *     that outlive any backward pass through them (a Java number in an op is freed right after it)
     */
    public static NDArray geluNew(NDArray x, NDArray slope, NDArray cubicSlope) {
        NDArray inner = x.mul(x).mul(cubicSlope).add(slope).mul(x);                             // 2z = x·(s + s·c·x²)
        return inner.getNDArrayInternal().sigmoid().mul(x);
    }

    /** The two scalars of {@link #geluNew(NDArray, NDArray, NDArray)}: 2√(2/π) and 2√(2/π)·0.044715. */
    public static final double GELU_SLOPE = 2 * Math.sqrt(2 / Math.PI);
    public static final double GELU_CUBIC_SLOPE = GELU_SLOPE * 0.044715;

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return name + " (GPT-2, " + config.nLayer() + " layers, " + config.nEmbd() + " dims, "
                + String.format(Locale.ROOT, "%,d", config.uniqueParameters()) + " parameters)";
    }
}
