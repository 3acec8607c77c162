package br.lncc.llm.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.hub.EmbeddedModel;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedBertTest {

    @Test
    void unpacksAHuggingFaceStyleFolder() throws Exception {
        Path folder = EmbeddedBertFixture.folder();
        for (String f : EmbeddedBert.FILES) assertTrue(Files.isRegularFile(folder.resolve(f)), f);
        var config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        assertEquals(768, config.get("hidden_size").asInt());
        assertEquals(30522, config.get("vocab_size").asInt());
        assertEquals(1e-12, config.get("layer_norm_eps").asDouble());
        try (var file = SafetensorsFile.open(folder.resolve("model.safetensors"))) {
            assertEquals(204, file.names().size());
            assertArrayEquals(new long[] {30522, 768}, file.info("bert.embeddings.word_embeddings.weight").shape());
            // PyTorch Linear layout [out, in]: intermediate expands 768 → 3072.
            assertArrayEquals(new long[] {3072, 768}, file.info("bert.encoder.layer.0.intermediate.dense.weight").shape());
            assertArrayEquals(new long[] {768, 3072}, file.info("bert.encoder.layer.11.output.dense.weight").shape());
            assertTrue(file.contains("cls.predictions.bias"));
            assertTrue(file.contains("cls.predictions.transform.LayerNorm.weight"));
            assertTrue(file.contains("bert.pooler.dense.bias"));
            // N1.06 oracle: token embedding of [CLS] starts 0.0136, −0.0265, −0.0235 (tolerance 5e-5).
            float[] words = file.readFloats("bert.embeddings.word_embeddings.weight");
            assertEquals(0.0136, words[101 * 768], 5e-5);
            assertEquals(-0.0265, words[101 * 768 + 1], 5e-5);
            assertEquals(-0.0235, words[101 * 768 + 2], 5e-5);
        }
        assertFalse(Files.list(folder.getParent()).anyMatch(p -> p.getFileName().toString().contains(".partial-")));
    }

    @Test
    void secondCallReusesTheFolderWithoutRewriting() throws Exception {
        Path folder = EmbeddedBertFixture.folder();
        var before = Files.getLastModifiedTime(folder.resolve("model.safetensors"));
        long t = System.nanoTime();
        assertEquals(folder, EmbeddedBert.ensureUnpacked(ProgressSink.NONE));
        assertEquals(folder, EmbeddedModel.ensureUnpacked(ProgressSink.NONE));
        assertTrue((System.nanoTime() - t) / 1e6 < 1000);
        assertEquals(before, Files.getLastModifiedTime(folder.resolve("model.safetensors")));
    }

    @Test
    void tensorFlowNamesMapToHuggingFaceNames() {
        assertEquals("bert.encoder.layer.10.attention.self.query.weight",
                EmbeddedBert.hfName("module/bert/encoder/layer_10/attention/self/query/kernel"));
        assertEquals("bert.encoder.layer.0.attention.output.LayerNorm.bias",
                EmbeddedBert.hfName("module/bert/encoder/layer_0/attention/output/LayerNorm/beta"));
        assertEquals("bert.embeddings.token_type_embeddings.weight",
                EmbeddedBert.hfName("module/bert/embeddings/token_type_embeddings"));
        assertEquals("cls.predictions.bias", EmbeddedBert.hfName("module/cls/predictions/output_bias"));
        assertEquals("cls.predictions.transform.dense.weight",
                EmbeddedBert.hfName("module/cls/predictions/transform/dense/kernel"));
        assertTrue(EmbeddedBert.isKernel("module/bert/pooler/dense/kernel"));
        assertFalse(EmbeddedBert.isKernel("module/bert/embeddings/word_embeddings"));
    }
}
