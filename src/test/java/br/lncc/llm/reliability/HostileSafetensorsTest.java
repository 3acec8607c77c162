package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.weights.SafetensorsFile;
import br.lncc.llm.weights.WeightsException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 12 (safetensors): hostile headers are refused at the header, in the student's words. */
class HostileSafetensorsTest {
    @TempDir Path tmp;

    /** A safetensors file: 8-byte little-endian header length, the header text, then {@code dataBytes} zero bytes. */
    private Path file(String header, int dataBytes) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(tmp.resolve("m" + System.nanoTime() + ".safetensors"), b.array());
    }

    private void refused(String header, int dataBytes) throws Exception {
        Path f = file(header, dataBytes);
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(f).close(), header);
        assertTrue(!e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aValidHeaderStillOpens() throws Exception {
        try (var st = SafetensorsFile.open(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}   ", 16))) {
            assertEquals(1, st.names().size());
        }
    }

    @Test
    void trailingGarbageAfterTheHeaderJsonIsRefused() throws Exception {
        refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} garbage", 8);
    }

    @Test
    void twoTensorsWithTheSameNameAreRefused() throws Exception {
        refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
    }

    @Test
    void integerFieldsGivenAsTextOrFractionsAreRefused() throws Exception {
        refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", 8);
        refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.9],\"data_offsets\":[0,8]}}", 8);
        refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.5]}}", 8);
    }

    @Test
    void twoToTheSixtySecondElementsInZeroBytesIsRefused() throws Exception {
        refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}", 0);
        Path f = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}", 0);
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(f).close());
        assertTrue(e.getMessage().contains("18446744073709551616 bytes"), "the declared size, not -1: " + e.getMessage());
    }
}
