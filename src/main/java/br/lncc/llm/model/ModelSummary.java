package br.lncc.llm.model;

import br.lncc.llm.weights.Checkpoint;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a model folder holds, read from config.json alone (no weights loaded): the family, the
 * parameter count, the stored dtype and the memory our float32 forward pass will need.
 *
 * @param architecture model_type, or "" when config.json is missing or unreadable
 * @param parameters -1 when the family is not one we run
 * @param dtype torch_dtype of config.json ("bfloat16", "float32"…), "" when not stated
 * @param memoryBytes float32 weights in memory (we widen BF16/F16 at load), -1 when unknown
 */
public record ModelSummary(String architecture, long parameters, String dtype, long memoryBytes) {

    public static final ModelSummary UNKNOWN = new ModelSummary("", -1, "", -1);

    public static ModelSummary of(Path folder) {
        if (folder == null || !Files.isRegularFile(folder.resolve("config.json"))) return UNKNOWN;
        try {
            JsonNode c = Checkpoint.readConfig(folder);
            String dtype = c.path("torch_dtype").asText(c.path("dtype").asText(""));
            String type = c.path("model_type").asText("");
            long params = parameters(c);
            return new ModelSummary(type, params, dtype, params < 0 ? -1 : params * 4L);
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    static long parameters(JsonNode c) {
        try {
            return switch (Architecture.of(c)) {
                case GPT2 -> Gpt2.Config.fromJson(c).uniqueParameters();
                case LLAMA, QWEN2, SMOLLM3 -> LlamaConfig.fromJson(c).parameterCount();
                case PHI -> PhiConfig.fromJson(c).parameterCount();
            };
        } catch (ModelException e) {
            return -1;
        }
    }
}
