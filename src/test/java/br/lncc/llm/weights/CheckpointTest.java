package br.lncc.llm.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir Path dir;

    @Test
    void shardedCheckpointIsOneNameSpace() throws IOException {
        SafetensorsFileTest.write(dir.resolve("model-00001-of-00002.safetensors"),
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", SafetensorsFileTest.floats(1, 2));
        SafetensorsFileTest.write(dir.resolve("model-00002-of-00002.safetensors"),
                "{\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", SafetensorsFileTest.floats(5));
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE), "{\"metadata\":{\"total_size\":12},\"weight_map\":{"
                + "\"x\":\"model-00001-of-00002.safetensors\",\"y\":\"model-00002-of-00002.safetensors\"}}");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(2, c.names().size());
            assertArrayEquals(new float[] {5}, c.readFloats("y"));
            assertArrayEquals(new float[] {1, 2}, c.readFloats("x"));
            assertEquals(12, c.dataBytes());
        }
    }

    @Test
    void missingShardIsNamed() throws IOException {
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE),
                "{\"weight_map\":{\"x\":\"model-00001-of-00002.safetensors\"}}");
        var e = assertThrows(WeightsException.class, () -> Checkpoint.open(dir));
        assertTrue(e.getMessage().contains("model-00001-of-00002.safetensors"), e.getMessage());
    }

    @Test
    void pickleOnlyFolderIsRefusedWithTheReason() throws IOException {
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        Files.writeString(dir.resolve("config.json"), "{}");
        var e = assertThrows(WeightsException.class, () -> Checkpoint.open(dir));
        assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("executa código arbitrário"), e.getMessage());
    }

    @Test
    void emptyOrMissingFolderIsExplained() {
        var e = assertThrows(WeightsException.class, () -> Checkpoint.open(dir));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        var e2 = assertThrows(WeightsException.class, () -> Checkpoint.open(dir.resolve("nope")));
        assertTrue(e2.getMessage().contains("não existe"), e2.getMessage());
        var e3 = assertThrows(WeightsException.class, () -> Checkpoint.readConfig(dir));
        assertTrue(e3.getMessage().contains("config.json"), e3.getMessage());
    }
}
