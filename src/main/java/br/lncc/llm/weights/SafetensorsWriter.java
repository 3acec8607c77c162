package br.lncc.llm.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a float32 {@code .safetensors} file: 8-byte little-endian header length, a JSON header
 * (name → dtype, shape, data offsets), then the raw tensors. The whole layout is fixed up front
 * from the shapes, so tensors may be written in any order as they arrive (e.g. while streaming a
 * TF checkpoint) and the file never has to be held in memory.
 */
public final class SafetensorsWriter implements AutoCloseable {

    private record Slot(long[] shape, long begin, long end) {}

    private final FileChannel channel;
    private final Path path;
    private final long dataStart;
    private final Map<String, Slot> slots;
    private final Set<String> written = new HashSet<>();

    private SafetensorsWriter(FileChannel channel, Path path, long dataStart, Map<String, Slot> slots) {
        this.channel = channel;
        this.path = path;
        this.dataStart = dataStart;
        this.slots = slots;
    }

    /** Creates (or replaces) the file with room for every tensor in {@code shapes}, in that order. */
    public static SafetensorsWriter create(Path path, Map<String, long[]> shapes, Map<String, String> metadata) {
        Map<String, Slot> slots = new LinkedHashMap<>();
        var mapper = new ObjectMapper();
        ObjectNode header = mapper.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (var e : shapes.entrySet()) {
            long count = 1;
            for (long d : e.getValue()) count *= d;
            Slot slot = new Slot(e.getValue().clone(), offset, offset + 4 * count);
            slots.put(e.getKey(), slot);
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : slot.shape()) shape.add(d);
            t.putArray("data_offsets").add(slot.begin()).add(slot.end());
            offset = slot.end();
        }
        byte[] json;
        try {
            json = mapper.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WeightsException("falha ao montar o cabeçalho safetensors", e.toString(), e);
        }
        // The format recommends padding the header with spaces so the data starts 8-byte aligned.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
            try {
                while (head.hasRemaining()) channel.write(head);
                return new SafetensorsWriter(channel, path, 8L + padded, slots);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new WeightsException("não foi possível criar o arquivo " + path.getFileName(), e.toString(), e);
        }
    }

    public void write(String name, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        write(name, bytes);
    }

    /** Writes a tensor's little-endian float32 bytes (from position to limit) into its slot. */
    public void write(String name, ByteBuffer littleEndianBytes) {
        Slot slot = slots.get(name);
        if (slot == null) throw new IllegalArgumentException("tensor not declared: " + name);
        if (littleEndianBytes.remaining() != slot.end() - slot.begin()) {
            throw new IllegalArgumentException(name + ": " + littleEndianBytes.remaining() + " bytes for a slot of "
                    + (slot.end() - slot.begin()));
        }
        try {
            long position = dataStart + slot.begin();
            ByteBuffer data = littleEndianBytes.duplicate();
            while (data.hasRemaining()) position += channel.write(data, position);
        } catch (IOException e) {
            throw new WeightsException("erro ao gravar " + path.getFileName() + " (disco cheio?)", name + ": " + e, e);
        }
        written.add(name);
    }

    /** Stops without completing (cancel, error); the caller deletes the file. */
    public void abandon() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The file is being thrown away.
        }
    }

    /** Flushes to disk; every declared tensor must have been written. */
    @Override
    public void close() {
        try (channel) {
            Set<String> missing = new HashSet<>(slots.keySet());
            missing.removeAll(written);
            if (!missing.isEmpty()) {
                throw new WeightsException("o arquivo " + path.getFileName() + " ficou incompleto",
                        "tensors never written: " + missing);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new WeightsException("erro ao fechar " + path.getFileName(), e.toString(), e);
        }
    }
}
