package br.lncc.llm.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The fields of a Llama-family config.json (Llama, TinyLlama, SmolLM2, Qwen2/2.5,
 * DeepSeek-R1-Distill-Qwen, SmolLM3) that change the forward pass, read with Hugging Face's
 * defaults and resolved per layer: which layers rotate (SmolLM3's {@code no_rope_layers}) and
 * which see only a sliding window (Qwen2's {@code use_sliding_window} + {@code max_window_layers},
 * or explicit {@code layer_types}).
 *
 * @param slidingWindow per layer: how many positions (itself included) a query sees, 0 = all
 */
public record LlamaConfig(
        Architecture architecture,
        String hfClass,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        JsonNode ropeScaling,
        boolean tiedEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        boolean[] useRope,
        int[] slidingWindow,
        int maxPositions) {

    public static LlamaConfig fromJson(JsonNode c) {
        Architecture arch = Architecture.of(c);
        if (!arch.isLlamaFamily()) {
            throw new ModelException("model.wrongType", new Object[] {"Llama/Qwen2/SmolLM3", arch.modelType()}, "model_type " + arch.modelType() + " is not llama/qwen2/smollm3");
        }
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new ModelException("model.llama.activation", new Object[] {act, arch.modelType()}, "unsupported hidden_act " + act);
        }
        int hidden = required(c, "hidden_size");
        int heads = required(c, "num_attention_heads");
        int kvHeads = ConfigInts.positive(c, "num_key_value_heads", heads);
        if (kvHeads <= 0 || heads % kvHeads != 0) {
            throw new ModelException("model.headsDivide", new Object[] {"num_attention_heads", String.valueOf(heads), "num_key_value_heads",
                    String.valueOf(kvHeads)}, "heads % kv_heads != 0");
        }
        int headDim = ConfigInts.positive(c, "head_dim", hidden / heads);
        int layers = required(c, "num_hidden_layers");
        JsonNode rope = c.path("rope_parameters");
        double theta = c.hasNonNull("rope_theta") ? c.get("rope_theta").asDouble()
                : rope.path("rope_theta").asDouble(arch == Architecture.SMOLLM3 ? 2_000_000.0 : 10_000.0);
        JsonNode scaling = c.hasNonNull("rope_scaling") ? c.get("rope_scaling") : rope.isObject() ? rope : null;
        RotaryEmbedding.scalingType(scaling); // refuses unsupported types by name, before any weight is read
        boolean attentionBias = c.path("attention_bias").asBoolean(false);
        return new LlamaConfig(
                arch,
                c.path("architectures").path(0).asText(arch.hfClass()),
                required(c, "vocab_size"),
                hidden,
                required(c, "intermediate_size"),
                layers,
                heads,
                kvHeads,
                headDim,
                c.path("rms_norm_eps").asDouble(1e-6),
                theta,
                scaling,
                c.path("tie_word_embeddings").asBoolean(arch == Architecture.SMOLLM3),
                arch == Architecture.QWEN2 || attentionBias, // Qwen2 always has q/k/v biases, never o_proj's
                arch != Architecture.QWEN2 && attentionBias,
                c.path("mlp_bias").asBoolean(false),
                ropeLayers(c, arch, layers),
                windows(c, arch, layers),
                ConfigInts.positive(c, "max_position_embeddings", 2048));
    }

    private static int required(JsonNode c, String field) {
        return ConfigInts.positive(c, field);
    }

    // SmolLM3: no_rope_layers[i] == 1 means layer i USES RoPE (the name says what the zeros do).
    private static boolean[] ropeLayers(JsonNode c, Architecture arch, int layers) {
        boolean[] use = new boolean[layers];
        Arrays.fill(use, true);
        if (arch != Architecture.SMOLLM3) return use;
        JsonNode list = c.path("no_rope_layers");
        if (list.isArray()) {
            if (list.size() < layers) {
                throw new ModelException("model.noRopeLayers", new Object[] {list.size(), layers}, "no_rope_layers shorter than num_hidden_layers");
            }
            for (int i = 0; i < layers; i++) use[i] = list.get(i).asInt(1) != 0;
        } else {
            int interval = ConfigInts.positive(c, "no_rope_layer_interval", 4);
            for (int i = 0; i < layers; i++) use[i] = (i + 1) % interval != 0;
        }
        return use;
    }

    private static int[] windows(JsonNode c, Architecture arch, int layers) {
        int[] w = new int[layers];
        if (!c.path("use_sliding_window").asBoolean(false) || !c.hasNonNull("sliding_window")) return w;
        int window = ConfigInts.positive(c, "sliding_window");
        JsonNode types = c.path("layer_types");
        int firstSliding = ConfigInts.nonNegative(c, "max_window_layers", arch == Architecture.QWEN2 ? 28 : 0);
        for (int i = 0; i < layers; i++) {
            boolean sliding;
            if (types.isArray() && types.size() > i) {
                sliding = types.get(i).asText().equals("sliding_attention");
            } else if (arch == Architecture.SMOLLM3) {
                sliding = !ropeLayers(c, arch, layers)[i]; // SmolLM3 slides only on its NoPE layers
            } else {
                sliding = i >= firstSliding;
            }
            w[i] = sliding ? window : 0;
        }
        return w;
    }

    public int kvGroups() {
        return numHeads / numKvHeads;
    }

    /** Prefix of the Hugging Face module names, e.g. "Qwen2" for Qwen2ForCausalLM. */
    public String classPrefix() {
        return hfClass.endsWith("ForCausalLM") ? hfClass.substring(0, hfClass.length() - "ForCausalLM".length())
                : hfClass;
    }

    /** Parameters of one decoder layer, as the checkpoint stores them. */
    public long parametersPerLayer() {
        long h = hiddenSize;
        long q = (long) numHeads * headDim;
        long kv = (long) numKvHeads * headDim;
        long attn = h * q + 2 * h * kv + q * h;
        if (qkvBias) attn += q + 2 * kv;
        if (outputBias) attn += h;
        long mlp = 3 * h * intermediateSize;
        if (mlpBias) mlp += 2L * intermediateSize + h;
        return attn + mlp + 2 * h;
    }

    /** All parameters, counted from config.json alone; a tied head shares the embedding matrix. */
    public long parameterCount() {
        long embed = (long) vocabSize * hiddenSize;
        return embed + numLayers * parametersPerLayer() + hiddenSize + (tiedEmbeddings ? 0 : embed);
    }

    /** The projections LoRA can adapt, by their checkpoint names. */
    public static final List<String> LORA_TARGETS =
            List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    /** Trainable parameters of LoRA rank r on the named projections: r·(in + out) per matrix per layer. */
    public long loraParameters(int rank, Set<String> targets) {
        long perLayer = 0;
        List<String> unknown = new ArrayList<>();
        for (String t : targets) {
            long[] io = inOut(t);
            if (io == null) unknown.add(t);
            else perLayer += (long) rank * (io[0] + io[1]);
        }
        if (!unknown.isEmpty()) {
            throw new ModelException("model.unknownLoraTargets", new Object[] {String.valueOf(unknown), String.valueOf(LORA_TARGETS)}, "unknown LoRA targets " + unknown);
        }
        return perLayer * numLayers;
    }

    /**
     * PEFT's {@code print_trainable_parameters()} line after injecting LoRA (N3.08):
     * "trainable params: 1,089,536 || all params: 1,544,803,840 || trainable%: 0.0705".
     */
    public String loraSummary(int rank, Set<String> targets) {
        long trainable = loraParameters(rank, targets);
        long all = parameterCount() + trainable;
        return String.format(java.util.Locale.ROOT, "trainable params: %,d || all params: %,d || trainable%%: %.4f",
                trainable, all, 100.0 * trainable / all);
    }

    private long[] inOut(String module) {
        long h = hiddenSize;
        long q = (long) numHeads * headDim;
        long kv = (long) numKvHeads * headDim;
        return switch (module) {
            case "q_proj" -> new long[] {h, q};
            case "k_proj", "v_proj" -> new long[] {h, kv};
            case "o_proj" -> new long[] {q, h};
            case "gate_proj", "up_proj" -> new long[] {h, intermediateSize};
            case "down_proj" -> new long[] {intermediateSize, h};
            default -> null;
        };
    }
}
