package br.lncc.llm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * config.json files of real checkpoints the course uses, bundled so that parameter counts,
 * module trees and same-shaped benchmark models work without downloading the weights.
 * Transcribed from the Hugging Face repositories (fields that shape the model).
 */
public final class KnownConfigs {
    private KnownConfigs() {}

    public static final List<String> NAMES = List.of(
            "smollm2-135m", "qwen2.5-0.5b-instruct", "qwen2-1.5b-instruct", "tinyllama-1.1b-chat", "smollm3-3b",
            "deepseek-r1-distill-qwen-1.5b", "phi-2");

    public static JsonNode read(String name) {
        try (InputStream in = KnownConfigs.class.getResourceAsStream("configs/" + name + ".json")) {
            if (in == null) {
                throw new ModelException("model.knownConfig.unknown", new Object[] {name, String.join(", ", NAMES)}, "");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new ModelException(br.lncc.llm.text.Message.of("model.knownConfig.unreadable", name), String.valueOf(e), e);
        }
    }
}
