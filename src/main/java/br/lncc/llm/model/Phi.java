package br.lncc.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import br.lncc.llm.weights.Checkpoint;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * microsoft/phi-2 on DJL NDArrays, with the checkpoint's own tensor names.
 *
 * <pre>
 * x = embed_tokens[ids]
 * for each layer:
 *     a = LayerNorm(x)                                   one norm feeds both branches
 *     attn = softmax(RoPE_partial(q)·RoPE_partial(k)ᵀ/√d + mask)·v · W_dense + b
 *     mlp  = gelu_new(a·W_fc1 + b1)·W_fc2 + b2
 *     x = x + attn + mlp                                 parallel, not sequential
 * logits = LayerNorm(x)·lm_headᵀ + b
 * </pre>
 *
 * Only the first {@code partial_rotary_factor · head_dim} dimensions of each head rotate
 * (32 of 80 in phi-2); the others carry no position.
 */
public final class Phi implements CausalLm {

    private record Layer(
            NDArray lnWeight, NDArray lnBias,
            NDArray qkv, NDArray qkvBias, // ((H + 2K)·d, C)
            NDArray dense, NDArray denseBias,
            NDArray fc1, NDArray fc1Bias,
            NDArray fc2, NDArray fc2Bias) {}

    private final String name;
    private final int eosTokenId;
    private final Map<String, NDArray> parameters;
    private final PhiConfig config;
    private final NDManager weights;
    private final NDArray embed;
    private final Layer[] layers;
    private final NDArray finalLnWeight;
    private final NDArray finalLnBias;
    private final NDArray head; // (V, C)
    private final NDArray headBias;
    private final RotaryEmbedding rope;

    private Phi(String name, int eosTokenId, PhiConfig config, NDManager weights, NDArray embed, Layer[] layers, NDArray finalLnWeight,
            NDArray finalLnBias, NDArray head, NDArray headBias) {
        this.config = config;
        this.weights = weights;
        this.embed = embed;
        this.layers = layers;
        this.finalLnWeight = finalLnWeight;
        this.finalLnBias = finalLnBias;
        this.head = head;
        this.headBias = headBias;
        this.rope = new RotaryEmbedding(config.ropeTheta(), config.rotaryDim(), config.ropeScaling());
        this.name = name;
        this.eosTokenId = eosTokenId;
        this.parameters = Collections.unmodifiableMap(checkpointViews());
    }

    private Map<String, NDArray> checkpointViews() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        long h = config.hiddenSize();
        long kv = (long) config.numKvHeads() * config.headDim();
        out.put("embed_tokens.weight", embed);
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            String p = "layers." + i + ".";
            out.put(p + "input_layernorm.weight", l.lnWeight);
            out.put(p + "input_layernorm.bias", l.lnBias);
            out.put(p + "self_attn.q_proj.weight", l.qkv.get("0:{}", h));
            out.put(p + "self_attn.k_proj.weight", l.qkv.get("{}:{}", h, h + kv));
            out.put(p + "self_attn.v_proj.weight", l.qkv.get("{}:", h + kv));
            out.put(p + "self_attn.q_proj.bias", l.qkvBias.get("0:{}", h));
            out.put(p + "self_attn.k_proj.bias", l.qkvBias.get("{}:{}", h, h + kv));
            out.put(p + "self_attn.v_proj.bias", l.qkvBias.get("{}:", h + kv));
            out.put(p + "self_attn.dense.weight", l.dense);
            out.put(p + "self_attn.dense.bias", l.denseBias);
            out.put(p + "mlp.fc1.weight", l.fc1);
            out.put(p + "mlp.fc1.bias", l.fc1Bias);
            out.put(p + "mlp.fc2.weight", l.fc2);
            out.put(p + "mlp.fc2.bias", l.fc2Bias);
        }
        out.put("final_layernorm.weight", finalLnWeight);
        out.put("final_layernorm.bias", finalLnBias);
        out.put("lm_head.weight", head);
        out.put("lm_head.bias", headBias);
        return out;
    }

    public static Phi load(Path folder) {
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            return load(checkpoint, String.valueOf(folder.getFileName()));
        }
    }

    public static Phi load(Checkpoint checkpoint, String name) {
        PhiConfig c = PhiConfig.fromJson(checkpoint.config());
        NDManager manager = NDManager.newBaseManager();
        try {
            CheckpointTensors t = new CheckpointTensors(checkpoint, manager);
            long h = c.hiddenSize();
            long kv = (long) c.numKvHeads() * c.headDim();
            long inter = c.intermediateSize();
            NDArray embed = t.require("model.embed_tokens.weight", c.vocabSize(), h);
            Layer[] layers = new Layer[c.numLayers()];
            for (int i = 0; i < layers.length; i++) {
                String p = "model.layers." + i + ".";
                String a = p + "self_attn.";
                layers[i] = new Layer(
                        t.require(p + "input_layernorm.weight", h), t.require(p + "input_layernorm.bias", h),
                        t.requireStacked(new String[] {a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"},
                                new long[][] {{h, h}, {kv, h}, {kv, h}}),
                        t.requireStacked(new String[] {a + "q_proj.bias", a + "k_proj.bias", a + "v_proj.bias"},
                                new long[][] {{h}, {kv}, {kv}}),
                        t.require(a + "dense.weight", h, h), t.require(a + "dense.bias", h),
                        t.require(p + "mlp.fc1.weight", inter, h), t.require(p + "mlp.fc1.bias", inter),
                        t.require(p + "mlp.fc2.weight", h, inter), t.require(p + "mlp.fc2.bias", h));
            }
            return new Phi(name, Llama.eosTokenId(checkpoint), c, manager, embed, layers,
                    t.require("model.final_layernorm.weight", h), t.require("model.final_layernorm.bias", h),
                    t.require("lm_head.weight", c.vocabSize(), h), t.require("lm_head.bias", c.vocabSize()));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }


    public PhiConfig config() {
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

    /** Bytes of weights one token reads: all but the embedding table (one row of it is looked up). */
    @Override
    public long weightsBytes() {
        return (config.parameterCount() - (long) config.vocabSize() * config.hiddenSize()) * 4L;
    }

    @Override
    public KvCache newCache(KvCache.Layout layout, int batch) {
        int capacity = Math.min(config.maxPositions(), Llama.CACHE_CAPACITY_LIMIT);
        return new KvCache(weights, layout, config.numLayers(), batch, config.numKvHeads(), capacity, config.headDim());
    }

    /** The float32 matrices of every layer: fused q/k/v, dense, fc1, fc2. */
    @Override
    public List<StackedLinears> stackedLinears() {
        long h = (long) config.numHeads() * config.headDim();
        long kv = (long) config.numKvHeads() * config.headDim();
        List<StackedLinears> out = new java.util.ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            String p = "layers." + i + ".";
            out.add(new StackedLinears(l.qkv, List.of(p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight",
                    p + "self_attn.v_proj.weight"), new long[] {0, h, h + kv, h + 2 * kv}));
            out.add(new StackedLinears(l.dense, List.of(p + "self_attn.dense.weight"), new long[] {0, l.dense.getShape().get(0)}));
            out.add(new StackedLinears(l.fc1, List.of(p + "mlp.fc1.weight"), new long[] {0, l.fc1.getShape().get(0)}));
            out.add(new StackedLinears(l.fc2, List.of(p + "mlp.fc2.weight"), new long[] {0, l.fc2.getShape().get(0)}));
        }
        return List.copyOf(out);
    }

    /** Same contract as {@link Llama#forward}. */
    @Override
    public NDArray forward(NDArray inputIds, KvCache cache, boolean lastPositionOnly, AttentionCapture capture,
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
        int groups = hq / hk;
        int rot = config.rotaryDim();
        float scale = (float) (1.0 / Math.sqrt(d));
        NDArray ids = inputIds.getDataType() == DataType.INT64 ? inputIds : inputIds.toType(DataType.INT64, false);
        NDArray x = embed.get(scope, new NDIndex("{}", ids.flatten())).reshape(b, t, config.hiddenSize());
        NDList angles = rope.angles(scope, past, t);
        NDArray mask = AttentionMask.causal(scope, past, t, past + t, 0);
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            NDArray a = layerNorm(x, l.lnWeight, l.lnBias);
            String p = "layers." + i + ".";
            if (tap != null) {
                tap.record(List.of(p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight", p + "self_attn.v_proj.weight",
                        p + "mlp.fc1.weight"), a);
            }
            NDList qkAndV = linear(a, l.qkv, l.qkvBias).reshape(b, t, hq + 2L * hk, d).split(new long[] {hq + hk}, 2);
            // Partial rotary: the first `rot` dims of each head turn, the rest keep no position.
            NDList rotAndPass = qkAndV.get(0).split(new long[] {rot}, 3);
            NDArray qk = RotaryEmbedding.rotate(rotAndPass.get(0), angles).concat(rotAndPass.get(1), 3);
            NDList qAndK = qk.split(new long[] {hq}, 2);
            NDArray q = qAndK.get(0).transpose(0, 2, 1, 3); // (B,H,T,d)
            NDArray k = qAndK.get(1).transpose(0, 2, 1, 3); // (B,K,T,d)
            NDArray v = qkAndV.get(1).transpose(0, 2, 1, 3);
            if (cache != null) {
                NDArray[] kv = cache.append(i, k, v, scope);
                k = kv[0];
                v = kv[1];
            }
            long s = v.getShape().get(2);
            NDArray scores = q.reshape(b, hk, (long) groups * t, d).matMul(k.transpose(0, 1, 3, 2))
                    .reshape(b, hq, t, s).mul(scale);
            if (mask != null) scores = scores.add(mask);
            NDArray probs = scores.softmax(-1);
            if (capture != null) capture.record(i, probs);
            NDArray ctx = probs.reshape(b, hk, (long) groups * t, s).matMul(v)
                    .reshape(b, hq, t, d).transpose(0, 2, 1, 3).reshape(b, t, (long) hq * d);
            if (tap != null) tap.record(List.of(p + "self_attn.dense.weight"), ctx);
            NDArray attn = linear(ctx, l.dense, l.denseBias);
            NDArray hidden = geluNew(linear(a, l.fc1, l.fc1Bias));
            if (tap != null) tap.record(List.of(p + "mlp.fc2.weight"), hidden);
            NDArray mlp = linear(hidden, l.fc2, l.fc2Bias);
            x = x.add(attn).add(mlp); // parallel block: both branches read the same normed a
        }
        if (cache != null) cache.advance();
        if (lastPositionOnly) x = x.get(":, -1:, :");
        NDArray normed = layerNorm(x, finalLnWeight, finalLnBias);
        if (tap != null) tap.record(List.of(LinearInputTap.LM_HEAD), normed);
        return linear(normed, head, headBias);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, NDArray w, NDArray b) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), w, b, (float) config.layerNormEps())
                .singletonOrThrow();
    }

    // gelu_new: the tanh approximation GPT-2 and phi were trained with (not the exact erf GELU).
    private static NDArray geluNew(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2.0 / Math.PI));
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    public long parameterCount() {
        return config.parameterCount();
    }

    public String moduleTree() {
        return ModuleTree.phi(config);
    }

    @Override
    public String toString() {
        return name + " (PhiForCausalLM, " + config.numLayers() + " layers, " + config.hiddenSize() + " dims, "
                + String.format(java.util.Locale.ROOT, "%,d", config.parameterCount()) + " parameters)";
    }

    @Override
    public void close() {
        weights.close();
    }
}
