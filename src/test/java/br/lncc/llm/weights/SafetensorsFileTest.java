package br.lncc.llm.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir Path dir;

    /** Writes a safetensors file byte by byte: 8-byte length, JSON, data. */
    static Path write(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(file, b.array());
        return file;
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    private Path twoTensors() throws IOException {
        // a: F32 [2,2]; b: BF16 [3] = 1.0, -2.5, 0.15625; c: I64 [2]
        ByteBuffer data = ByteBuffer.allocate(16 + 6 + 16).order(ByteOrder.LITTLE_ENDIAN);
        data.put(floats(1f, 2f, 3f, 4f));
        for (float f : new float[] {1f, -2.5f, 0.15625f}) data.putShort((short) (Float.floatToIntBits(f) >>> 16));
        data.putLong(7).putLong(-3);
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]},"
                + "\"c\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[22,38]}}";
        return write(dir.resolve("model.safetensors"), header, data.array());
    }

    @Test
    void readsF32Bf16AndI64WithShapes() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(twoTensors())) {
            assertEquals(java.util.List.of("a", "b", "c"), java.util.List.copyOf(f.names()));
            assertEquals("pt", f.metadata().get("format"));
            assertArrayEquals(new long[] {2, 2}, f.info("a").shape());
            assertEquals(TensorDType.BF16, f.info("b").dtype());
            assertArrayEquals(new float[] {1, 2, 3, 4}, f.readFloats("a"));
            assertArrayEquals(new float[] {1f, -2.5f, 0.15625f}, f.readFloats("b"));
            assertArrayEquals(new long[] {7, -3}, f.readLongs("c"));
            assertEquals(38, f.dataBytes());
        }
    }

    @Test
    void bf16LoadsAsFloat32NdArrayWithoutTouchingTheEngineInBf16() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(twoTensors()); NDManager m = NDManager.newBaseManager()) {
            NDArray b = f.load("b", m);
            assertEquals(DataType.FLOAT32, b.getDataType());
            assertArrayEquals(new float[] {1f, -2.5f, 0.15625f}, b.toFloatArray());
            NDArray a = f.load("a", m);
            assertEquals(10f, a.sum().getFloat(), 0f);
            assertEquals(DataType.INT64, f.load("c", m).getDataType());
        }
    }

    @Test
    void tensorsSpanningSeveralMappingsReadWhole() throws IOException {
        // A 10-byte mapping limit forces 8-byte pieces for F32 and 10-byte pieces for BF16.
        try (SafetensorsFile f = SafetensorsFile.open(twoTensors(), 10); NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new float[] {1, 2, 3, 4}, f.readFloats("a"));
            assertArrayEquals(new float[] {1f, -2.5f, 0.15625f}, f.readFloats("b"));
            assertArrayEquals(new long[] {7, -3}, f.readLongs("c"));
            assertArrayEquals(new float[] {1, 2, 3, 4}, f.load("a", m).toFloatArray());
        }
    }

    @Test
    void halfPrecisionWidensExactly() {
        assertEquals(1.0f, SafetensorsFile.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, SafetensorsFile.halfToFloat((short) 0xC000));
        assertEquals(65504f, SafetensorsFile.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, SafetensorsFile.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, SafetensorsFile.halfToFloat((short) 0x7C00));
    }

    @Test
    void headerLengthLargerThanFileIsReportedAsTruncated() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(521_000_000L);
        Path p = dir.resolve("model.safetensors");
        Files.write(p, b.array());
        var e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().contains("truncado"), e.getMessage());
        assertTrue(e.getMessage().contains("497 MB"), e.getMessage());
        assertTrue(e.detail().contains("521000000"), e.detail());
    }

    @Test
    void dataShorterThanHeaderDeclaresIsTruncated() throws IOException {
        Path p = write(dir.resolve("model.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[262144],\"data_offsets\":[0,1048576]}}", floats(1, 2));
        var e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().startsWith("o arquivo model.safetensors está truncado: o cabeçalho declara 1 MB"),
                e.getMessage());
    }

    @Test
    void badJsonIsReportedAsCorruptHeader() throws IOException {
        Path p = write(dir.resolve("x.safetensors"), "{\"a\": {\"dtype\": ", new byte[0]);
        var e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().contains("JSON") && e.getMessage().contains("corrompido"), e.getMessage());
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        Path p = write(dir.resolve("x.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                floats(1, 2, 3));
        var e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().contains("'a' e 'b'"), e.getMessage());
    }

    @Test
    void shapeThatDoesNotMatchTheByteSpanIsRefused() throws IOException {
        Path p = write(dir.resolve("x.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", floats(1, 2));
        var e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().contains("12 bytes") && e.getMessage().contains("8 bytes"), e.getMessage());
    }

    @Test
    void negativeOrReversedOffsetsAndUnknownDtypesAreRefused() throws IOException {
        Path p = write(dir.resolve("x.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", floats(1, 2));
        assertThrows(WeightsException.class, () -> SafetensorsFile.open(p));
        Path q = write(dir.resolve("y.safetensors"),
                "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        var e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(q));
        assertTrue(e.getMessage().contains("F8_E4M3"), e.getMessage());
    }

    @Test
    void tinyOrMissingFilesGiveAClearMessage() throws IOException {
        Path p = dir.resolve("x.safetensors");
        Files.write(p, new byte[] {1, 2, 3});
        assertThrows(WeightsException.class, () -> SafetensorsFile.open(p));
        var e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(dir.resolve("none.safetensors")));
        assertTrue(e.getMessage().contains("não existe"));
    }
}
