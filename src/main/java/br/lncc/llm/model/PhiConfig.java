package br.lncc.llm.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The fields of microsoft/phi-2's config.json that change the forward pass, with HF's defaults. */
public record PhiConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        double partialRotaryFactor,
        double ropeTheta,
        JsonNode ropeScaling,
        double layerNormEps,
        double residDropout,
        double embdDropout,
        int maxPositions) {

    public static final List<String> SUPPORTED_ACTIVATIONS = List.of("gelu_new");

    public static PhiConfig fromJson(JsonNode c) {
        Architecture arch = Architecture.of(c);
        if (arch != Architecture.PHI) {
            throw new ModelException("model.wrongType", new Object[] {"phi", arch.modelType()}, "");
        }
        String act = c.path("hidden_act").asText("gelu_new");
        if (!SUPPORTED_ACTIVATIONS.contains(act)) {
            throw new ModelException("model.phi.activation", new Object[] {act, String.join(", ", SUPPORTED_ACTIVATIONS)}, "");
        }
        if (c.path("qk_layernorm").asBoolean(false)) {
            throw new ModelException("model.phi.qkLayernorm", new Object[0], "");
        }
        int hidden = ConfigInts.positive(c, "hidden_size", 2048);
        int heads = ConfigInts.positive(c, "num_attention_heads", 32);
        int kv = ConfigInts.positive(c, "num_key_value_heads", heads);
        if (kv <= 0 || heads % kv != 0 || hidden % heads != 0) {
            throw new ModelException("model.phi.heads", new Object[] {hidden, heads, kv}, "");
        }
        JsonNode scaling = c.hasNonNull("rope_scaling") ? c.get("rope_scaling") : null;
        RotaryEmbedding.scalingType(scaling);
        return new PhiConfig(
                ConfigInts.positive(c, "vocab_size", 51200),
                hidden,
                ConfigInts.positive(c, "intermediate_size", 8192),
                ConfigInts.positive(c, "num_hidden_layers", 24),
                heads,
                kv,
                c.path("partial_rotary_factor").asDouble(0.5),
                c.path("rope_theta").asDouble(10000.0),
                scaling,
                c.path("layer_norm_eps").asDouble(1e-5),
                c.path("resid_pdrop").asDouble(0.0),
                c.path("embd_pdrop").asDouble(0.0),
                ConfigInts.positive(c, "max_position_embeddings", 2048));
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** Dimensions of each head that rotate; the rest pass through unchanged. */
    public int rotaryDim() {
        return (int) (headDim() * partialRotaryFactor);
    }

    /** All parameters from config.json alone: every Linear and LayerNorm of phi has a bias. */
    public long parameterCount() {
        long h = hiddenSize;
        long kv = (long) numKvHeads * headDim();
        long attn = (h * h + h) + 2 * (h * kv + kv) + (h * h + h);
        long mlp = (h * intermediateSize + intermediateSize) + (intermediateSize * h + h);
        long perLayer = attn + mlp + 2 * h;
        long embed = (long) vocabSize * h;
        return embed + numLayers * perLayer + 2 * h + embed + vocabSize;
    }
}
