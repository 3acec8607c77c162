package br.lncc.llm.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import br.lncc.llm.platform.AppDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsWriterTest {

    @Test
    void roundTripsThroughTheReaderInAnyWriteOrder() throws Exception {
        Path dir = Files.createDirectories(AppDirs.home().resolve("fixtures/writer"));
        Path file = dir.resolve("t.safetensors");
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("a.weight", new long[] {2, 3});
        shapes.put("b", new long[] {1});
        try (var w = SafetensorsWriter.create(file, shapes, Map.of("format", "pt"))) {
            w.write("b", new float[] {-7.5f});
            w.write("a.weight", new float[] {1, 2, 3, 4, 5, 6});
        }
        try (var r = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, r.readFloats("a.weight"));
            assertArrayEquals(new float[] {-7.5f}, r.readFloats("b"));
            assertArrayEquals(new long[] {2, 3}, r.info("a.weight").shape());
            assertEquals("pt", r.metadata().get("format"));
        }
        // The data starts 8-byte aligned.
        byte[] head = Files.readAllBytes(file);
        long headerLength = java.nio.ByteBuffer.wrap(head, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8);
    }

    @Test
    void bf16TensorsWrittenInSlicesReadBackRoundedToNearestEven(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("bf16.safetensors");
        try (var w = SafetensorsWriter.create(file, Map.of("w", new long[] {2, 2}), Map.of(), SafetensorsWriter.DType.BF16)) {
            w.write("w", 2, new float[] {-3.0f, 1.00390625f}); // the second half first
            w.write("w", 0, new float[] {1.5f, 1.01171875f});
        }
        try (var r = SafetensorsFile.open(file)) {
            assertEquals(TensorDType.BF16, r.info("w").dtype());
            // 1 + 2^-8 is halfway between two bfloat16 values: ties go to the even one (1.0);
            // 1 + 3·2^-8 is halfway too and rounds up to 1 + 2^-6.
            assertArrayEquals(new float[] {1.5f, 1.015625f, -3.0f, 1.0f}, r.readFloats("w"));
        }
    }

    @Test
    void closingWithAMissingTensorIsAnError() throws Exception {
        Path file = Files.createDirectories(AppDirs.home().resolve("fixtures/writer")).resolve("missing.safetensors");
        var w = SafetensorsWriter.create(file, Map.of("x", new long[] {2}), Map.of());
        assertThrows(WeightsException.class, w::close);
        var w2 = SafetensorsWriter.create(file, Map.of("x", new long[] {2}), Map.of());
        assertThrows(IllegalArgumentException.class, () -> w2.write("x", new float[] {1, 2, 3}));
        w2.abandon();
    }
}
