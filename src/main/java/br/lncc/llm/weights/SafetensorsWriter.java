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

    /** The element types this writer stores (float32 is what the app computes in; BF16 is how most checkpoints ship). */
    public enum DType {
        F32(4), BF16(2);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    private final FileChannel channel;
    private final Path path;
    private final long dataStart;
    private final Map<String, Slot> slots;
    private final Set<String> written = new HashSet<>();
    private final Map<String, Long> partial = new java.util.HashMap<>();
    private final DType dtype;

    private SafetensorsWriter(FileChannel channel, Path path, long dataStart, Map<String, Slot> slots, DType dtype) {
        this.dtype = dtype;
        this.channel = channel;
        this.path = path;
        this.dataStart = dataStart;
        this.slots = slots;
    }

    /** Creates (or replaces) the file with room for every tensor in {@code shapes}, in that order. */
    public static SafetensorsWriter create(Path path, Map<String, long[]> shapes, Map<String, String> metadata) {
        return create(path, shapes, metadata, DType.F32);
    }

    /** As {@link #create(Path, Map, Map)} with every tensor stored as {@code dtype}. */
    public static SafetensorsWriter create(Path path, Map<String, long[]> shapes, Map<String, String> metadata, DType dtype) {
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
            Slot slot = new Slot(e.getValue().clone(), offset, offset + (long) dtype.bytes * count);
            slots.put(e.getKey(), slot);
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype.name());
            var shape = t.putArray("shape");
            for (long d : slot.shape()) shape.add(d);
            t.putArray("data_offsets").add(slot.begin()).add(slot.end());
            offset = slot.end();
        }
        byte[] json;
        try {
            json = mapper.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WeightsException(br.lncc.llm.text.Message.of("weights.writer.header"), e.toString(), e);
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
                return new SafetensorsWriter(channel, path, 8L + padded, slots, dtype);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new WeightsException(br.lncc.llm.text.Message.of("weights.writer.create", path.getFileName().toString()), e.toString(), e);
        }
    }

    public void write(String name, float[] values) {
        write(name, 0, values);
    }

    /**
     * Writes {@code values} as elements {@code [first, first + values.length)} of tensor {@code name}
     * in the file's dtype (BF16 rounds to nearest even): a big tensor can be streamed in pieces
     * without ever being whole in memory. The tensor counts as written once every byte is.
     */
    public void write(String name, long first, float[] values) {
        Slot slot = slots.get(name);
        if (slot == null) throw new IllegalArgumentException("tensor not declared: " + name);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == DType.F32) {
            bytes.asFloatBuffer().put(values);
        } else {
            for (float v : values) bytes.putShort(bf16(v));
            bytes.flip();
        }
        long begin = first * dtype.bytes;
        if (begin < 0 || begin + bytes.remaining() > slot.end() - slot.begin()) {
            throw new IllegalArgumentException(name + ": elements " + first + "+" + values.length + " outside the tensor");
        }
        try {
            long position = dataStart + slot.begin() + begin;
            while (bytes.hasRemaining()) position += channel.write(bytes, position);
        } catch (IOException e) {
            throw new WeightsException(br.lncc.llm.text.Message.of("weights.write.failed", path.getFileName()), name + ": " + e, e);
        }
        long done = partial.merge(name, (long) values.length * dtype.bytes, Long::sum);
        if (done == slot.end() - slot.begin()) written.add(name);
    }

    /** float32 → bfloat16, round to nearest even (NaN stays NaN), as torch's .to(torch.bfloat16). */
    static short bf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x40);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** Writes a tensor's little-endian bytes in the file's dtype (from position to limit) into its slot. */
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
            throw new WeightsException(br.lncc.llm.text.Message.of("weights.write.failed", path.getFileName()), name + ": " + e, e);
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
                throw new WeightsException(br.lncc.llm.text.Message.of("weights.writer.incomplete", path.getFileName().toString()),
                        "tensors never written: " + missing, null);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new WeightsException("erro ao fechar " + path.getFileName(), e.toString(), e);
        }
    }
}
