package br.lncc.llm.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.hub.EmbeddedModel;
import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedBertTest {

    @Test
    void unpacksAHuggingFaceStyleFolder() throws Exception {
        Path folder = EmbeddedBertFixture.folder();
        for (String f : EmbeddedBert.FILES) assertTrue(Files.isRegularFile(folder.resolve(f)), f);
        assertTrue(Files.isRegularFile(folder.resolve(EmbeddedBert.MANIFEST)));
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

    /** A cancelled (or killed) unpack leaves neither a half folder nor its temporary folder behind. */
    @Test
    void cancelledUnpackLeavesNothingBehind() throws Exception {
        String home = System.getProperty("companion.home");
        Path other = Path.of(home + "-cancel");
        System.setProperty("companion.home", other.toString());
        try {
            Path models = Files.createDirectories(other.resolve("models"));
            Path stale = Files.createDirectories(models.resolve(".bert-base-uncased.partial-999"));
            Files.writeString(stale.resolve("model.safetensors"), "half");
            var cancelAtFirstUpdate = new ProgressSink() {
                volatile boolean cancelled;

                @Override
                public void update(long done, long total, String message) {
                    cancelled = true;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled;
                }
            };
            assertThrows(CancelledException.class, () -> EmbeddedBert.ensureUnpacked(cancelAtFirstUpdate));
            assertFalse(EmbeddedBert.isUnpacked());
            try (var left = Files.list(models)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList());
            }
        } finally {
            System.setProperty("companion.home", home);
        }
    }

    /** A damaged folder (a file truncated after unpacking) is not taken as unpacked, so it gets rebuilt. */
    @Test
    void aTruncatedFileMakesTheFolderIncomplete() throws Exception {
        String home = System.getProperty("companion.home");
        Path other = Path.of(home + "-damaged");
        System.setProperty("companion.home", other.toString());
        try {
            Path dir = Files.createDirectories(other.resolve("models/bert-base-uncased"));
            for (String f : EmbeddedBert.FILES) Files.writeString(dir.resolve(f), "0123456789");
            Files.writeString(dir.resolve(EmbeddedBert.MANIFEST), "{\"files\":{\"config.json\":10,\"vocab.txt\":10,"
                    + "\"tokenizer.json\":10,\"model.safetensors\":10}}");
            assertTrue(EmbeddedBert.isUnpacked());
            Files.writeString(dir.resolve("model.safetensors"), "01234");
            assertFalse(EmbeddedBert.isUnpacked());
            Files.delete(dir.resolve(EmbeddedBert.MANIFEST));
            Files.writeString(dir.resolve("model.safetensors"), "0123456789");
            assertFalse(EmbeddedBert.isUnpacked());
        } finally {
            System.setProperty("companion.home", home);
        }
    }

    @Test
    void configHasTheFieldsN2Prints() throws Exception {
        var c = new ObjectMapper().readTree(EmbeddedBertFixture.folder().resolve("config.json").toFile());
        assertEquals("BertForMaskedLM", c.get("architectures").get(0).asText());
        assertEquals(12, c.get("num_hidden_layers").asInt());
        assertEquals(12, c.get("num_attention_heads").asInt());
        assertEquals(3072, c.get("intermediate_size").asInt());
        assertEquals("gelu", c.get("hidden_act").asText());
        assertEquals(0.1, c.get("hidden_dropout_prob").asDouble());
        assertEquals(0.1, c.get("attention_probs_dropout_prob").asDouble());
        assertEquals(512, c.get("max_position_embeddings").asInt());
        assertEquals(2, c.get("type_vocab_size").asInt());
        assertEquals(0, c.get("pad_token_id").asInt());
        assertEquals("absolute", c.get("position_embedding_type").asText());
        assertTrue(c.get("tie_word_embeddings").asBoolean());
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
