package br.lncc.llm.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The decoder-only families this app runs with its own forward pass, recognised from the
 * {@code model_type} (or, failing that, {@code architectures}) field of a Hugging Face config.json.
 */
public enum Architecture {
    GPT2("gpt2", "GPT2LMHeadModel"),
    LLAMA("llama", "LlamaForCausalLM"),
    QWEN2("qwen2", "Qwen2ForCausalLM"),
    SMOLLM3("smollm3", "SmolLM3ForCausalLM"),
    PHI("phi", "PhiForCausalLM");

    private final String modelType;
    private final String hfClass;

    Architecture(String modelType, String hfClass) {
        this.modelType = modelType;
        this.hfClass = hfClass;
    }

    /** The {@code model_type} value Hugging Face writes for this family. */
    public String modelType() {
        return modelType;
    }

    /** The Hugging Face class name in {@code architectures}, e.g. {@code Qwen2ForCausalLM}. */
    public String hfClass() {
        return hfClass;
    }

    /** True for the families {@link Llama} runs (RMSNorm, RoPE, SwiGLU, GQA). */
    public boolean isLlamaFamily() {
        return this == LLAMA || this == QWEN2 || this == SMOLLM3;
    }

    public static List<String> supportedModelTypes() {
        return Arrays.stream(values()).map(Architecture::modelType).toList();
    }

    /** Reads {@code model_type}, falling back to {@code architectures[0]}; names both when neither fits. */
    public static Architecture of(JsonNode config) {
        String type = config.path("model_type").asText("").toLowerCase(Locale.ROOT);
        for (Architecture a : values()) {
            if (a.modelType.equals(type)) return a;
        }
        String cls = config.path("architectures").path(0).asText("");
        for (Architecture a : values()) {
            if (a.hfClass.equals(cls)) return a;
        }
        throw new ModelException("model.unsupportedArchitecture",
                new Object[] {type, cls, String.join(", ", supportedModelTypes())},
                "config.json model_type/architectures not in " + supportedModelTypes());
    }
}
