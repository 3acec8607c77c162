package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.ndarray.types.Shape;
import br.lncc.llm.model.kernel.DecodeFormat;
import br.lncc.llm.model.kernel.DecodeMatrix;
import br.lncc.llm.model.kernel.Fp32RowMatrix;
import br.lncc.llm.model.kernel.PackedRows;
import br.lncc.llm.weights.Checkpoint;
import br.lncc.llm.weights.quant.MemoryFootprint;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Llama family's decoder (Llama, TinyLlama, SmolLM2, Qwen2/2.5, DeepSeek-R1-Distill-Qwen,
 * SmolLM3) on DJL NDArrays, read from a Hugging Face checkpoint with its own tensor names.
 *
 * <pre>
 * x = embed_tokens[ids]                                        (B, T, C)
 * for each layer:
 *     a = RMSNorm(x)
 *     q, k, v = a·Wqᵀ (+bq), a·Wkᵀ (+bk), a·Wvᵀ (+bv)           Qwen2 has the biases
 *     q, k = RoPE(q), RoPE(k)                                   except SmolLM3's NoPE layers
 *     x = x + softmax(q·kᵀ/√d + mask)·v · Woᵀ                   K kv heads shared by H/K query heads (GQA)
 *     m = RMSNorm(x)
 *     x = x + (silu(m·Wgateᵀ) ⊙ m·Wupᵀ)·Wdownᵀ                  SwiGLU
 * logits = RMSNorm(x)·lm_headᵀ                                  lm_head = embed_tokens when tied
 * </pre>
 *
 * For speed q/k/v are concatenated into one matrix (and gate/up into another) at load time: one
 * matmul instead of three, since each native op costs 15–30 µs. {@link #parameters()} still
 * shows the checkpoint's matrices, as views into the fused ones.
 */
public final class Llama implements CausalLm {

    private record Layer(
            RmsNorm inputNorm,
            NDArray qkv, // ((H + 2K)·d, C)
            NDArray qkvBias, // ((H + 2K)·d) or null
            NDArray o, // (C, H·d)
            NDArray oBias,
            RmsNorm postNorm,
            NDArray gateUp, // (2I, C)
            NDArray gateUpBias,
            NDArray down, // (C, I)
            NDArray downBias,
            boolean useRope,
            int window,
            PackedRows[] packed) {} // null, or packed copies indexed by Projection (whose fp32 arrays are then closed)

    private final String name;
    private final LlamaConfig config;
    private final NDManager weights;
    private final NDArray embed; // (V, C)
    private final NDArray head; // (V, C): embed itself when tied
    private final RmsNorm norm;
    private final Layer[] layers;
    private final RotaryEmbedding rope;
    private final int eosTokenId;
    private Map<String, NDArray> parameters;
    private MemoryFootprint packedFootprint;
    private DecodeFormat format = DecodeFormat.FP32;
    private PackedRows headInt8;
    private final FusedDecode fused = new FusedDecode();
    private LlamaDecodeStep decodeStep;

    private Llama(String name, LlamaConfig config, NDManager weights, NDArray embed, NDArray head, RmsNorm norm,
            Layer[] layers, int eosTokenId) {
        this.name = name;
        this.config = config;
        this.weights = weights;
        this.embed = embed;
        this.head = head;
        this.norm = norm;
        this.layers = layers;
        this.eosTokenId = eosTokenId;
        this.rope = new RotaryEmbedding(config.ropeTheta(), config.headDim(), config.ropeScaling());
        this.parameters = Collections.unmodifiableMap(checkpointViews());
    }

    public static Llama load(Path folder) {
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            return load(checkpoint, String.valueOf(folder.getFileName()));
        }
    }

    public static Llama load(Checkpoint checkpoint, String name) {
        LlamaConfig c = LlamaConfig.fromJson(checkpoint.config());
        NDManager manager = NDManager.newBaseManager();
        return build(c, new CheckpointTensors(checkpoint, manager), manager, name, eosTokenId(checkpoint), DecodeFormat.FP32);
    }

    /**
     * Loads straight into {@code format}: each projection tensor is read from the memory-mapped
     * file into the Java heap, packed, and dropped before the next one is read, so loading peaks at
     * about the packed model plus one float32 tensor instead of the whole float32 model (what lets a
     * 3B model load on an 8 GB laptop in 4 bits). Embeddings, norms, biases and lm_head stay float32.
     */
    public static Llama load(Path folder, DecodeFormat format) {
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            LlamaConfig c = LlamaConfig.fromJson(checkpoint.config());
            NDManager manager = NDManager.newBaseManager();
            return build(c, new CheckpointTensors(checkpoint, manager), manager, String.valueOf(folder.getFileName()),
                    eosTokenId(checkpoint), format);
        }
    }

    /** A model of this shape with random weights (speed benchmarks without the checkpoint). */
    public static Llama random(LlamaConfig c, String name, long seed) {
        NDManager manager = NDManager.newBaseManager();
        return build(c, new RandomTensors(manager, seed), manager, name, -1, DecodeFormat.FP32);
    }

    private static PackedRows pack(TensorSource t, DecodeFormat format, String name, long rows, long cols) {
        return format.quantize(t.requireFloats(name, rows, cols), (int) rows, (int) cols);
    }

    private static Llama build(LlamaConfig c, TensorSource t, NDManager manager, String name, int eos, DecodeFormat format) {
        try {
            long h = c.hiddenSize();
            long q = (long) c.numHeads() * c.headDim();
            long kv = (long) c.numKvHeads() * c.headDim();
            long inter = c.intermediateSize();
            NDArray embed = t.require("model.embed_tokens.weight", c.vocabSize(), h);
            Layer[] layers = new Layer[c.numLayers()];
            for (int i = 0; i < layers.length; i++) {
                String p = "model.layers." + i + ".";
                String a = p + "self_attn.";
                String m = p + "mlp.";
                if (format != DecodeFormat.FP32) {
                    PackedRows[] packed = {
                        PackedRows.concatRows(pack(t, format, a + "q_proj.weight", q, h), pack(t, format, a + "k_proj.weight", kv, h),
                                pack(t, format, a + "v_proj.weight", kv, h)),
                        pack(t, format, a + "o_proj.weight", h, q),
                        PackedRows.concatRows(pack(t, format, m + "gate_proj.weight", inter, h),
                                pack(t, format, m + "up_proj.weight", inter, h)),
                        pack(t, format, m + "down_proj.weight", h, inter)};
                    layers[i] = new Layer(
                            new RmsNorm(t.require(p + "input_layernorm.weight", h), c.rmsNormEps()), null,
                            c.qkvBias() ? t.requireStacked(new String[] {a + "q_proj.bias", a + "k_proj.bias", a + "v_proj.bias"},
                                    new long[][] {{q}, {kv}, {kv}}) : null,
                            null, c.outputBias() ? t.require(a + "o_proj.bias", h) : null,
                            new RmsNorm(t.require(p + "post_attention_layernorm.weight", h), c.rmsNormEps()), null,
                            c.mlpBias() ? t.requireStacked(new String[] {m + "gate_proj.bias", m + "up_proj.bias"},
                                    new long[][] {{inter}, {inter}}) : null,
                            null, c.mlpBias() ? t.require(m + "down_proj.bias", h) : null,
                            c.useRope()[i], c.slidingWindow()[i], packed);
                    continue;
                }
                layers[i] = new Layer(
                        new RmsNorm(t.require(p + "input_layernorm.weight", h), c.rmsNormEps()),
                        t.requireStacked(new String[] {a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"},
                                new long[][] {{q, h}, {kv, h}, {kv, h}}),
                        c.qkvBias() ? t.requireStacked(new String[] {a + "q_proj.bias", a + "k_proj.bias", a + "v_proj.bias"},
                                new long[][] {{q}, {kv}, {kv}}) : null,
                        t.require(a + "o_proj.weight", h, q),
                        c.outputBias() ? t.require(a + "o_proj.bias", h) : null,
                        new RmsNorm(t.require(p + "post_attention_layernorm.weight", h), c.rmsNormEps()),
                        t.requireStacked(new String[] {m + "gate_proj.weight", m + "up_proj.weight"},
                                new long[][] {{inter, h}, {inter, h}}),
                        c.mlpBias() ? t.requireStacked(new String[] {m + "gate_proj.bias", m + "up_proj.bias"},
                                new long[][] {{inter}, {inter}})
                                : null,
                        t.require(m + "down_proj.weight", h, inter),
                        c.mlpBias() ? t.require(m + "down_proj.bias", h) : null,
                        c.useRope()[i],
                        c.slidingWindow()[i],
                        null);
            }
            RmsNorm norm = new RmsNorm(t.require("model.norm.weight", h), c.rmsNormEps());
            // Tied checkpoints usually omit lm_head.weight; if one carries it anyway the tie wins, as in HF.
            NDArray head = c.tiedEmbeddings() ? embed : t.require("lm_head.weight", c.vocabSize(), h);
            Llama model = new Llama(name, c, manager, embed, head, norm, layers, eos);
            if (format != DecodeFormat.FP32) {
                MemoryFootprint total = MemoryFootprint.EMPTY;
                for (Layer l : layers) for (PackedRows r : l.packed) total = total.plus(r.footprint());
                model.packedFootprint = total;
                model.format = format;
            }
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    static int eosTokenId(Checkpoint checkpoint) {
        var eos = checkpoint.config().path("eos_token_id");
        if (eos.isArray()) eos = eos.path(0);
        return eos.isNumber() ? eos.asInt() : -1;
    }


    private Map<String, NDArray> checkpointViews() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        long q = (long) config.numHeads() * config.headDim();
        long kv = (long) config.numKvHeads() * config.headDim();
        long inter = config.intermediateSize();
        out.put("embed_tokens.weight", embed);
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            String p = "layers." + i + ".";
            out.put(p + "input_layernorm.weight", l.inputNorm.weight());
            if (l.packed == null) {
                out.put(p + "self_attn.q_proj.weight", l.qkv.get("0:{}", q));
                out.put(p + "self_attn.k_proj.weight", l.qkv.get("{}:{}", q, q + kv));
                out.put(p + "self_attn.v_proj.weight", l.qkv.get("{}:", q + kv));
                out.put(p + "self_attn.o_proj.weight", l.o);
                out.put(p + "mlp.gate_proj.weight", l.gateUp.get("0:{}", inter));
                out.put(p + "mlp.up_proj.weight", l.gateUp.get("{}:", inter));
                out.put(p + "mlp.down_proj.weight", l.down);
            }
            if (l.qkvBias != null) {
                out.put(p + "self_attn.q_proj.bias", l.qkvBias.get("0:{}", q));
                out.put(p + "self_attn.k_proj.bias", l.qkvBias.get("{}:{}", q, q + kv));
                out.put(p + "self_attn.v_proj.bias", l.qkvBias.get("{}:", q + kv));
            }
            if (l.oBias != null) out.put(p + "self_attn.o_proj.bias", l.oBias);
            out.put(p + "post_attention_layernorm.weight", l.postNorm.weight());
            if (l.gateUpBias != null) {
                out.put(p + "mlp.gate_proj.bias", l.gateUpBias.get("0:{}", inter));
                out.put(p + "mlp.up_proj.bias", l.gateUpBias.get("{}:", inter));
            }
            if (l.downBias != null) out.put(p + "mlp.down_proj.bias", l.downBias);
        }
        out.put("norm.weight", norm.weight());
        if (!config.tiedEmbeddings()) out.put("lm_head.weight", head);
        return out;
    }

    /** The fused float32 matrices (q/k/v, o, gate/up, down) of every layer; empty once packed. */
    @Override
    public List<StackedLinears> stackedLinears() {
        long q = (long) config.numHeads() * config.headDim();
        long kv = (long) config.numKvHeads() * config.headDim();
        long inter = config.intermediateSize();
        long h = config.hiddenSize();
        List<StackedLinears> out = new java.util.ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            if (l.packed != null) return List.of();
            String a = "layers." + i + ".self_attn.";
            String m = "layers." + i + ".mlp.";
            out.add(new StackedLinears(l.qkv, List.of(a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"),
                    new long[] {0, q, q + kv, q + 2 * kv}));
            out.add(new StackedLinears(l.o, List.of(a + "o_proj.weight"), new long[] {0, h}));
            out.add(new StackedLinears(l.gateUp, List.of(m + "gate_proj.weight", m + "up_proj.weight"), new long[] {0, inter, 2 * inter}));
            out.add(new StackedLinears(l.down, List.of(m + "down_proj.weight"), new long[] {0, h}));
        }
        return List.copyOf(out);
    }

    public LlamaConfig config() {
        return config;
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
        return config.maxPositions();
    }

    @Override
    public int eosTokenId() {
        return eosTokenId;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    @Override
    public NDManager manager() {
        return weights;
    }

    /** Bytes of weights one token reads: all of them, except the embedding table (one row is looked up). */
    @Override
    public long weightsBytes() {
        long embedRows = (long) config.vocabSize() * config.hiddenSize();
        long fp32 = config.parameterCount() - (config.tiedEmbeddings() ? 0 : embedRows);
        if (packedFootprint == null) return fp32 * 4L;
        return (fp32 - packedFootprint.weights()) * 4L + packedFootprint.bytes();
    }

    /** Capacity is the context window, capped so a 32k-position preallocated cache does not eat gigabytes. */
    @Override
    public KvCache newCache(KvCache.Layout layout, int batch) {
        int capacity = Math.min(config.maxPositions(), CACHE_CAPACITY_LIMIT);
        return new KvCache(weights, layout, config.numLayers(), batch, config.numKvHeads(), capacity, config.headDim());
    }

    static final int CACHE_CAPACITY_LIMIT = 8192;

    @Override
    public NDArray forward(NDArray inputIds, KvCache cache, boolean lastPositionOnly, AttentionCapture capture,
            LinearInputTap tap) {
        NDManager scope = inputIds.getManager();
        long[] shape = inputIds.getShape().getShape();
        if (shape.length == 2 && shape[0] == 1 && cache != null && cache.batch() == 1 && capture == null && tap == null
                && fused.takes((int) shape[1], quantized())) {
            // One token (or a short prompt of a quantized model), batch 1: the pure-Java step over the
            // fused kernels, no native op per layer and no float32 copy of the packed matrices.
            return FusedDecode.stepwise(scope, inputIds, cache, lastPositionOnly, config.vocabSize(), step()::forward);
        }
        return headLogits(decoder(inputIds, cache, lastPositionOnly, capture, tap)); // (B,T,V)
    }

    /**
     * The last RMSNorm's output (B, T, C), the input of lm_head, without the (B, T, V) logits: with
     * Qwen2's 151,936-token vocabulary a 1,024-token window's logits alone are 600 MB, so the
     * perplexity and the calibration of the compression lab turn rows into logits a block at a time
     * with {@link #headLogits} (#14). Arrays belong to {@code inputIds}' manager.
     */
    @Override
    public NDArray hiddenStates(NDArray inputIds, LinearInputTap tap) {
        return decoder(inputIds, null, false, null, tap);
    }

    /** lm_head on rows of the last norm's output: (…, C) → (…, V), in {@code hidden}'s manager. */
    @Override
    public NDArray headLogits(NDArray hidden) {
        NDManager scope = hidden.getManager();
        return linear(hidden, headInt8 == null ? head : Gpt2.dequantized(headInt8, scope), null);
    }

    private NDArray decoder(NDArray inputIds, KvCache cache, boolean lastPositionOnly, AttentionCapture capture,
            LinearInputTap tap) {
        NDManager scope = inputIds.getManager();
        long[] shape = inputIds.getShape().getShape();
        if (shape.length != 2) throw new IllegalArgumentException("input ids must be (B, T), got " + inputIds.getShape());
        long b = shape[0];
        int t = (int) shape[1];
        int past = cache == null ? 0 : cache.length();
        if (t == 0) throw new ModelException("model.emptyInput", new Object[0], "");
        if (past + t > config.maxPositions()) {
            throw new ModelException("model.window", new Object[] {past + t, config.maxPositions(), name}, "");
        }
        int hq = config.numHeads();
        int hk = config.numKvHeads();
        int d = config.headDim();
        int groups = config.kvGroups();
        float scale = (float) (1.0 / Math.sqrt(d));
        NDArray ids = inputIds.getDataType() == DataType.INT64 ? inputIds : inputIds.toType(DataType.INT64, false);
        NDArray x = embed.get(scope, new NDIndex("{}", ids.flatten())).reshape(b, t, config.hiddenSize()); // (B,T,C)
        NDList angles = t == 1 ? null : rope.angles(scope, past, t); // (T,1,d) cos and signed sin
        NDArray rotation = t == 1 ? rope.matrix(scope, past) : null; // decoding: one (d,d) matmul per layer
        // 1/√d as an array of the call's scope: a mul(Number) scalar is freed right after the op,
        // while autograd (the Fisher sensitivity of the compression lab) still needs it for backward.
        NDArray scaleArray = scope.create(scale);
        Map<Integer, NDArray> masks = new HashMap<>();
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            // Each layer's intermediates (a (B,H,T,S) score tensor, the (B,T,2I) SwiGLU input, the
            // dequantized matrices of a packed model…) live in a scope closed at the end of the layer;
            // only the residual stream x leaves it. Kept to the end of the call, 24 layers of a 0.5B
            // Qwen2 on a 900-token window held 8 GB (#14). Under autograd libtorch keeps what backward needs.
            NDArray residual = x;
            try (NDManager layerScope = scope.newSubManager()) {
                x.tempAttach(layerScope); // ops on x now put their results in layerScope
                NDArray a = l.inputNorm.forward(x);
                String p = "layers." + i + ".";
                if (tap != null) {
                    tap.record(List.of(p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight", p + "self_attn.v_proj.weight"), a);
                }
                NDArray qkv = linear(a, matrix(l, Projection.QKV, layerScope), l.qkvBias).reshape(b, t, hq + 2L * hk, d); // (B,T,H+2K,d)
                NDList qkAndV = qkv.split(new long[] {hq + hk}, 2);
                NDArray qk = qkAndV.get(0); // queries and keys rotate together, in one pass
                if (l.useRope) qk = rotation != null ? qk.matMul(rotation) : RotaryEmbedding.rotate(qk, angles);
                NDList qAndK = qk.split(new long[] {hq}, 2);
                NDArray q = qAndK.get(0).transpose(0, 2, 1, 3); // (B,H,T,d)
                NDArray k = qAndK.get(1).transpose(0, 2, 1, 3); // (B,K,T,d)
                NDArray v = qkAndV.get(1).transpose(0, 2, 1, 3); // (B,K,T,d)
                if (cache != null) {
                    NDArray[] kv = cache.append(i, k, v, layerScope); // (B,K,P+T,d)
                    k = kv[0];
                    v = kv[1];
                }
                long s = v.getShape().get(2);
                // GQA without copying keys: the H/K query heads that share a kv head are consecutive,
                // so they stack into one (B, K, groups·T, d) batch against that head's keys.
                NDArray scores = q.reshape(b, hk, (long) groups * t, d).matMul(k.transpose(0, 1, 3, 2))
                        .reshape(b, hq, t, s).mul(scaleArray); // (B,H,T,S)
                NDArray mask = masks.computeIfAbsent(l.window, w -> AttentionMask.causal(scope, past, t, s, w));
                if (mask != null) scores = scores.add(mask);
                NDArray probs = scores.softmax(-1);
                if (capture != null) capture.record(i, probs);
                NDArray ctx = probs.reshape(b, hk, (long) groups * t, s).matMul(v)
                        .reshape(b, hq, t, d).transpose(0, 2, 1, 3).reshape(b, t, (long) hq * d); // (B,T,H·d)
                if (tap != null) tap.record(List.of(p + "self_attn.o_proj.weight"), ctx);
                NDArray h = x.add(linear(ctx, matrix(l, Projection.O, layerScope), l.oBias));

                NDArray m = l.postNorm.forward(h);
                if (tap != null) tap.record(List.of(p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight"), m);
                NDList gateAndUp = linear(m, matrix(l, Projection.GATE_UP, layerScope), l.gateUpBias).split(2, 2); // (B,T,I) each
                NDArray gate = gateAndUp.get(0);
                NDArray swiglu = gate.mul(Activation.sigmoid(gate)).mul(gateAndUp.get(1)); // silu(gate)·up
                if (tap != null) tap.record(List.of(p + "mlp.down_proj.weight"), swiglu);
                NDArray next = h.add(linear(swiglu, matrix(l, Projection.DOWN, layerScope), l.downBias));
                next.attach(scope); // the residual stream leaves the layer; everything else is freed here
                x = next;
            }
            residual.close();
        }
        if (cache != null) cache.advance();
        if (lastPositionOnly) x = x.get(":, -1:, :"); // (B,1,C)
        NDArray normed = norm.forward(x);
        if (tap != null) tap.record(List.of(LinearInputTap.LM_HEAD), normed);
        return normed; // (B,T,C)
    }

    /** A layer's four projection matrices, in the order {@code Layer.packed} keeps them. */
    private enum Projection { QKV, O, GATE_UP, DOWN }

    /**
     * One projection matrix of a layer: the fp32 array, or its packed copy expanded into scope —
     * dequantize, then multiply (what bitsandbytes does; Cap. 6.5).
     */
    private static NDArray matrix(Layer l, Projection which, NDManager scope) {
        if (l.packed != null) return Gpt2.dequantized(l.packed[which.ordinal()], scope);
        return switch (which) {
            case QKV -> l.qkv;
            case O -> l.o;
            case GATE_UP -> l.gateUp;
            case DOWN -> l.down;
        };
    }

    /**
     * Replaces every projection matrix of the decoder layers by NF4 (blocks of 64, absmax,
     * optionally double-quantized constants), freeing the float32 copies. Embeddings, norms,
     * biases and lm_head stay float32, as in bitsandbytes' 4-bit loading. Afterwards
     * {@link #parameters()} lists only the float32 tensors.
     *
     * @return memory of the quantized matrices (fp32 before, codes + constants after)
     */
    public MemoryFootprint quantizeNf4(boolean doubleQuant) {
        if (packedFootprint != null) return packedFootprint;
        return quantize(doubleQuant ? DecodeFormat.NF4_DOUBLE_QUANT : DecodeFormat.NF4, false);
    }

    /**
     * Replaces every projection matrix (qkv, o, gate_up, down) by {@code format}, freeing the
     * float32 copies; with {@code lmHeadInt8} lm_head is also read as INT8 (~28% of Qwen2.5-0.5B's
     * bytes per token; the embedding lookup stays float32).
     */
    public MemoryFootprint quantize(DecodeFormat format, boolean lmHeadInt8) {
        // A model loaded straight into `format` (load(folder, format)) may still take an INT8 lm_head.
        boolean loadedPacked = packedFootprint != null && format == this.format;
        if (headInt8 != null || (packedFootprint != null && !loadedPacked)) {
            throw new IllegalStateException("the model is already quantized (" + this.format.cliName() + ")");
        }
        MemoryFootprint total = loadedPacked ? packedFootprint : MemoryFootprint.EMPTY;
        if (format != DecodeFormat.FP32 && !loadedPacked) {
            for (int i = 0; i < layers.length; i++) {
                Layer l = layers[i];
                NDArray[] dense = {l.qkv, l.o, l.gateUp, l.down};
                PackedRows[] q = new PackedRows[dense.length];
                for (int j = 0; j < dense.length; j++) {
                    long[] shape = dense[j].getShape().getShape();
                    q[j] = format.quantize(dense[j].toFloatArray(), (int) shape[0], (int) shape[1]);
                    total = total.plus(q[j].footprint());
                    dense[j].close();
                }
                layers[i] = new Layer(l.inputNorm, null, l.qkvBias, null, l.oBias, l.postNorm, null, l.gateUpBias, null,
                        l.downBias, l.useRope, l.window, q);
            }
            packedFootprint = total;
            this.format = format;
        }
        if (lmHeadInt8) headInt8 = PackedRows.int8(head.toByteBuffer(true), config.vocabSize(), config.hiddenSize());
        parameters = Collections.unmodifiableMap(checkpointViews());
        decodeStep = null;
        return total;
    }

    /** Memory of the packed matrices, or null while the model is float32. */
    public MemoryFootprint packedFootprint() {
        return packedFootprint;
    }

    public DecodeFormat format() {
        return format;
    }

    @Override
    public boolean quantized() {
        return packedFootprint != null || headInt8 != null;
    }

    @Override
    public FusedDecode fusedDecode() {
        return fused;
    }

    @Override
    public long decodeBytesPerToken() {
        return step().bytesPerToken();
    }

    private LlamaDecodeStep step() {
        if (decodeStep != null) return decodeStep;
        LlamaDecodeStep.Layer[] steps = new LlamaDecodeStep.Layer[layers.length];
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            DecodeMatrix[] m = new DecodeMatrix[4];
            NDArray[] dense = {l.qkv, l.o, l.gateUp, l.down};
            for (int j = 0; j < 4; j++) {
                m[j] = l.packed != null ? l.packed[j] : new Fp32RowMatrix(dense[j].toByteBuffer(true),
                        (int) dense[j].getShape().get(0), (int) dense[j].getShape().get(1));
            }
            steps[i] = new LlamaDecodeStep.Layer(l.inputNorm.weight().toFloatArray(), m[0], floats(l.qkvBias), m[1],
                    floats(l.oBias), l.postNorm.weight().toFloatArray(), m[2], floats(l.gateUpBias), m[3], floats(l.downBias),
                    l.useRope, l.window);
        }
        DecodeMatrix h = headInt8 != null ? headInt8
                : new Fp32RowMatrix(head.toByteBuffer(true), config.vocabSize(), config.hiddenSize());
        decodeStep = new LlamaDecodeStep(config, embed.toByteBuffer(true), steps, norm.weight().toFloatArray(), h,
                rope.inverseFrequencies());
        return decodeStep;
    }

    private static float[] floats(NDArray a) {
        return a == null ? null : a.toFloatArray();
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        NDList out = bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias);
        return out.singletonOrThrow();
    }

    /** Parameters counted from config.json (a tied head counted once). */
    public long parameterCount() {
        return config.parameterCount();
    }

    /** The module tree as PyTorch prints the Hugging Face model. */
    public String moduleTree() {
        return ModuleTree.llama(config);
    }

    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return name + " (" + config.hfClass() + ", " + config.numLayers() + " layers, " + config.hiddenSize()
                + " dims, " + String.format(Locale.ROOT, "%,d", config.parameterCount()) + " parameters)";
    }
}
