package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken model folders fail with a message naming what is wrong, and nothing crashes. */
class CausalLmFolderErrorsTest {

    @TempDir Path tmp;
    final ObjectMapper json = new ObjectMapper();

    Path copy(String fixture) throws IOException {
        Path dir = tmp.resolve(fixture);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(LlamaFamilyReferenceTest.fixture(fixture))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }

    void editConfig(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        edit.accept(c);
        json.writeValue(dir.resolve("config.json").toFile(), c);
    }

    @Test
    void unsupportedArchitectureFolderListsTheSupportedOnes() throws IOException {
        Path dir = copy("llama-tiny-tied");
        editConfig(dir, c -> {
            c.put("model_type", "falcon");
            c.putArray("architectures").add("FalconForCausalLM");
        });
        ModelException e = assertThrows(ModelException.class, () -> CausalLms.load(dir));
        assertTrue(e.getMessage().contains("falcon") && e.getMessage().contains("gpt2, llama, qwen2, smollm3, phi"),
                e.getMessage());
    }

    @Test
    void missingShardIsNamed() throws IOException {
        Path dir = copy("qwen2-tiny-sliding");
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> CausalLms.load(dir));
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors"), e.getMessage());
    }

    @Test
    void tensorOfTheWrongShapeIsNamedWithBothShapes() throws IOException {
        Path dir = copy("qwen2-tiny");
        editConfig(dir, c -> c.put("intermediate_size", 96));
        ModelException e = assertThrows(ModelException.class, () -> CausalLms.load(dir));
        assertTrue(e.getMessage().contains("model.layers.0.mlp.gate_proj.weight")
                && e.getMessage().contains("[128, 64]") && e.getMessage().contains("[96, 64]"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path dir = copy("llama-tiny-untied");
        editConfig(dir, c -> c.put("num_hidden_layers", 3));
        ModelException e = assertThrows(ModelException.class, () -> CausalLms.load(dir));
        assertTrue(e.getMessage().contains("model.layers.2.input_layernorm.weight"), e.getMessage());
    }

    @Test
    void tokenizerWithMoreTokensThanEmbeddingRowsIsRefused() throws IOException {
        Path dir = copy("qwen2-tiny");
        ObjectNode tok = (ObjectNode) json.readTree(dir.resolve("tokenizer.json").toFile());
        ArrayNode added = (ArrayNode) tok.get("added_tokens");
        for (int id = 259; id < 300; id++) {
            added.addObject().put("id", id).put("content", "<extra_" + id + ">").put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        json.writeValue(dir.resolve("tokenizer.json").toFile(), tok);
        try (CausalLm model = CausalLms.load(dir); TextTokenizer tokenizer = TextTokenizer.fromFolder(dir)) {
            ModelException e = assertThrows(ModelException.class, () -> CausalLms.requireTokenizerFits(tokenizer, model));
            assertTrue(e.getMessage().contains("300 tokens") && e.getMessage().contains("272"), e.getMessage());
        }
        try (CausalLm model = CausalLms.load(LlamaFamilyReferenceTest.fixture("qwen2-tiny"));
                TextTokenizer tokenizer = TextTokenizer.fromFolder(LlamaFamilyReferenceTest.fixture("qwen2-tiny"))) {
            CausalLms.requireTokenizerFits(tokenizer, model); // 259 tokens, 272 rows: padded vocab is fine
        }
    }
}
