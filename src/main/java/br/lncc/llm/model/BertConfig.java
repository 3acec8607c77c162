package br.lncc.llm.model;

import br.lncc.llm.text.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fields of Hugging Face's BertConfig that the forward pass needs (config.json). */
public record BertConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
                         int maxPositions, int typeVocabSize, double layerNormEps, int padTokenId,
                         String hiddenAct, double hiddenDropout, double attentionDropout) {

    public int headSize() {
        return hiddenSize / numHeads;
    }

    public static BertConfig read(Path folder) {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model.noConfig", new Object[] {String.valueOf(folder)}, "no config.json");
        }
        try {
            return of(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new ModelException(Message.of("model.badConfig", String.valueOf(folder), String.valueOf(e.getMessage())), String.valueOf(e), e);
        }
    }

    public static BertConfig of(JsonNode c) {
        String type = c.path("model_type").asText("");
        if (!type.equals("bert")) {
            throw new ModelException("model.wrongType", new Object[] {"BERT", type}, "model_type " + type);
        }
        String act = c.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new ModelException("model.bert.activation", new Object[] {act}, "hidden_act " + act);
        }
        String positions = c.path("position_embedding_type").asText("absolute");
        if (!positions.equals("absolute")) {
            throw new ModelException("model.bert.positions", new Object[] {positions}, "position_embedding_type " + positions);
        }
        var config = new BertConfig(ConfigInts.positive(c, "vocab_size", 30522), ConfigInts.positive(c, "hidden_size", 768),
                ConfigInts.positive(c, "num_hidden_layers", 12), ConfigInts.positive(c, "num_attention_heads", 12),
                ConfigInts.positive(c, "intermediate_size", 3072), ConfigInts.positive(c, "max_position_embeddings", 512),
                ConfigInts.positive(c, "type_vocab_size", 2), c.path("layer_norm_eps").asDouble(1e-12),
                c.path("pad_token_id").asInt(0), act, c.path("hidden_dropout_prob").asDouble(0.1),
                c.path("attention_probs_dropout_prob").asDouble(0.1));
        if (config.hiddenSize % config.numHeads != 0) {
            throw new ModelException("model.headsDivide", new Object[] {"hidden_size", String.valueOf(config.hiddenSize),
                    "num_attention_heads", String.valueOf(config.numHeads)}, "hidden_size % heads != 0");
        }
        return config;
    }
}
