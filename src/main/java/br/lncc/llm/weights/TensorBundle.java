package br.lncc.llm.weights;

import br.lncc.llm.text.Message;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A TensorFlow tensor bundle ({@code variables.index} + {@code variables.data-00000-of-00001}),
 * the checkpoint format inside a TF SavedModel. The index is a LevelDB-style sorted table: a
 * 48-byte footer points to an index block whose entries point to data blocks; each data block
 * holds prefix-compressed key/value entries, and each value is a {@code BundleEntryProto}
 * (dtype, shape, shard, offset, size, masked CRC32C) locating a tensor's raw little-endian bytes
 * in the data file. The empty key holds the bundle header and is skipped.
 *
 * <p>Every tensor's checksum is verified while its bytes are read, so a damaged download or disk
 * error is reported by name instead of producing a model that silently computes nonsense.
 */
public final class TensorBundle {

    private static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER_LENGTH = 48;
    private static final int BLOCK_TRAILER_LENGTH = 5;

    /** TF's DataType enum values we can read. */
    public enum DType {
        FLOAT(1, 4), INT32(3, 4), INT64(9, 8);

        final int code;
        final int bytes;

        DType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static DType of(int code, String tensor) {
            for (DType d : values()) if (d.code == code) return d;
            throw corrupt(Message.of("weights.bundle.dtype", String.valueOf(tensor)), "tensorflow DataType " + code);
        }
    }

    /** Where one tensor lives in the data file and what its bytes must checksum to. */
    public record Entry(String name, DType dtype, long[] shape, int shardId, long offset, long size, int maskedCrc32c) {
        public long elementCount() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    /** Receives each tensor, in file order, after its checksum was verified. */
    @FunctionalInterface
    public interface TensorVisitor {
        void accept(Entry entry, ByteBuffer littleEndianBytes) throws IOException;
    }

    private final Map<String, Entry> entries;

    private TensorBundle(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Parses {@code variables.index}; every entry is checked against the table's structure. */
    public static TensorBundle parseIndex(byte[] index) {
        try {
            return new TensorBundle(readTable(ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN)));
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw corrupt(Message.of("weights.bundle.indexTruncated"),
                    "read past the end of a block: " + e);
        }
    }

    /** Tensors by name, in the index's (sorted) order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) throw corrupt(Message.of("weights.bundle.missingTensor", String.valueOf(name)), "missing " + name);
        return e;
    }

    /** Size the data file must have: the end of the last tensor. */
    public long dataBytes() {
        return entries.values().stream().mapToLong(e -> e.offset() + e.size()).max().orElse(0);
    }

    /**
     * Reads the data file as one sequential stream (it may come straight out of a zip), hands
     * every tensor to the visitor in offset order and verifies its masked CRC32C first.
     */
    public void streamData(InputStream data, TensorVisitor visitor) throws IOException {
        List<Entry> ordered = new ArrayList<>(entries.values());
        ordered.sort(Comparator.comparingLong(Entry::offset));
        long position = 0;
        for (Entry e : ordered) {
            if (e.shardId() != 0) {
                throw corrupt(Message.of("weights.bundle.shards"), e.name() + " in shard " + e.shardId());
            }
            if (e.offset() < position) {
                throw corrupt(Message.of("weights.bundle.overlap"), e.name() + " starts at " + e.offset()
                        + " before previous end " + position);
            }
            skipFully(data, e.offset() - position, e);
            byte[] bytes = new byte[Math.toIntExact(e.size())];
            int read = data.readNBytes(bytes, 0, bytes.length);
            if (read < bytes.length) {
                throw corrupt(Message.of("weights.bundle.dataShort", String.valueOf(e.name())),
                        "expected " + e.size() + " bytes at offset " + e.offset() + ", got " + read);
            }
            position = e.offset() + e.size();
            verifyChecksum(e, bytes);
            visitor.accept(e, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    /** TF stores CRC32C "masked" so that checksums of data containing checksums stay well distributed. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static void verifyChecksum(Entry e, byte[] bytes) {
        var crc = new CRC32C();
        crc.update(bytes);
        int masked = mask((int) crc.getValue());
        if (masked != e.maskedCrc32c()) {
            throw corrupt(Message.of("weights.bundle.crc", String.valueOf(e.name())),
                    String.format("masked crc32c 0x%08x, index says 0x%08x", masked, e.maskedCrc32c()));
        }
    }

    private static void skipFully(InputStream in, long n, Entry next) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) throw new EOFException("data file ends before " + next.name());
                skipped = 1;
            }
            left -= skipped;
        }
    }

    // ---- LevelDB table layout ----

    private static Map<String, Entry> readTable(ByteBuffer file) {
        if (file.capacity() < FOOTER_LENGTH) {
            throw corrupt(Message.of("weights.bundle.indexShort"), file.capacity() + " bytes");
        }
        ByteBuffer footer = file.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(file.capacity() - FOOTER_LENGTH);
        long magic = footer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(file.capacity() - 8);
        if (magic != TABLE_MAGIC) {
            throw corrupt(Message.of("weights.bundle.notIndex"),
                    String.format("table magic 0x%016x, expected 0x%016x", magic, TABLE_MAGIC));
        }
        readVarint(footer); // metaindex block offset: TF writes no filters, nothing to read there
        readVarint(footer);
        long indexOffset = readVarint(footer);
        long indexSize = readVarint(footer);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (byte[] handle : readBlock(file, indexOffset, indexSize).values()) {
            ByteBuffer h = ByteBuffer.wrap(handle);
            long offset = readVarint(h);
            long size = readVarint(h);
            for (var kv : readBlock(file, offset, size).entrySet()) {
                if (kv.getKey().isEmpty()) continue; // BundleHeaderProto
                entries.put(kv.getKey(), parseEntry(kv.getKey(), kv.getValue()));
            }
        }
        if (entries.isEmpty()) throw corrupt(Message.of("weights.bundle.empty"), "no entries in index");
        return entries;
    }

    private static Map<String, byte[]> readBlock(ByteBuffer file, long offset, long size) {
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER_LENGTH > file.capacity()) {
            throw corrupt(Message.of("weights.bundle.outside"),
                    "block [" + offset + ", +" + size + ") in a " + file.capacity() + "-byte index");
        }
        int compression = file.get(Math.toIntExact(offset + size));
        // The trailer's checksum covers the block and its compression byte.
        var crc = new CRC32C();
        ByteBuffer covered = file.duplicate();
        covered.limit(Math.toIntExact(offset + size + 1)).position(Math.toIntExact(offset));
        crc.update(covered);
        int stored = file.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(Math.toIntExact(offset + size + 1));
        if (mask((int) crc.getValue()) != stored) {
            throw corrupt(Message.of("weights.bundle.blockCrc"),
                    "block at " + offset + " size " + size);
        }
        if (compression != 0) {
            throw corrupt(Message.of("weights.bundle.compressed"), "block compression type " + compression);
        }
        ByteBuffer block = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        block.limit(Math.toIntExact(offset + size)).position(Math.toIntExact(offset));
        block = block.slice().order(ByteOrder.LITTLE_ENDIAN);
        int restarts = block.getInt(block.limit() - 4);
        int entriesEnd = block.limit() - 4 - 4 * restarts;
        if (restarts < 0 || entriesEnd < 0) throw corrupt(Message.of("weights.bundle.badBlock"), "restart count " + restarts);
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] lastKey = new byte[0];
        block.limit(entriesEnd);
        while (block.hasRemaining()) {
            int shared = Math.toIntExact(readVarint(block));
            int unshared = Math.toIntExact(readVarint(block));
            int valueLength = Math.toIntExact(readVarint(block));
            if (shared > lastKey.length) throw corrupt(Message.of("weights.bundle.badBlock"), "shared prefix " + shared);
            byte[] key = new byte[shared + unshared];
            System.arraycopy(lastKey, 0, key, 0, shared);
            block.get(key, shared, unshared);
            byte[] value = new byte[valueLength];
            block.get(value);
            out.put(new String(key, StandardCharsets.UTF_8), value);
            lastKey = key;
        }
        return out;
    }

    // ---- protobuf: BundleEntryProto and TensorShapeProto, only the fields we need ----

    private static Entry parseEntry(String name, byte[] proto) {
        ByteBuffer in = ByteBuffer.wrap(proto).order(ByteOrder.LITTLE_ENDIAN);
        int dtype = 0;
        int shard = 0;
        long offset = 0;
        long size = 0;
        Integer crc = null;
        List<Long> shape = new ArrayList<>();
        while (in.hasRemaining()) {
            long tag = readVarint(in);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> dtype = (int) readVarint(in);
                case 2 -> parseShape(lengthDelimited(in), shape);
                case 3 -> shard = (int) readVarint(in);
                case 4 -> offset = readVarint(in);
                case 5 -> size = readVarint(in);
                case 6 -> crc = in.getInt();
                default -> skipField(in, wire);
            }
        }
        if (crc == null) throw corrupt(Message.of("weights.bundle.noCrc", String.valueOf(name)), "no crc32c field");
        DType type = DType.of(dtype, name);
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        Entry e = new Entry(name, type, dims, shard, offset, size, crc);
        if (e.elementCount() * type.bytes != size) {
            throw corrupt(Message.of("weights.bundle.badSize", String.valueOf(name)),
                    "shape " + shape + " × " + type.bytes + " bytes ≠ " + size);
        }
        return e;
    }

    private static void parseShape(ByteBuffer in, List<Long> shape) {
        while (in.hasRemaining()) {
            long tag = readVarint(in);
            if ((tag >>> 3) == 2) {
                ByteBuffer dim = lengthDelimited(in);
                long dimSize = 0;
                while (dim.hasRemaining()) {
                    long t = readVarint(dim);
                    if ((t >>> 3) == 1) dimSize = readVarint(dim);
                    else skipField(dim, (int) (t & 7));
                }
                shape.add(dimSize);
            } else {
                skipField(in, (int) (tag & 7));
            }
        }
    }

    private static ByteBuffer lengthDelimited(ByteBuffer in) {
        int length = Math.toIntExact(readVarint(in));
        ByteBuffer out = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        out.limit(length);
        in.position(in.position() + length);
        return out;
    }

    private static void skipField(ByteBuffer in, int wireType) {
        switch (wireType) {
            case 0 -> readVarint(in);
            case 1 -> in.position(in.position() + 8);
            case 2 -> lengthDelimited(in);
            case 5 -> in.position(in.position() + 4);
            default -> throw corrupt(Message.of("weights.bundle.corrupt"), "protobuf wire type " + wireType);
        }
    }

    private static long readVarint(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw corrupt(Message.of("weights.bundle.corrupt"), "varint longer than 10 bytes");
    }

    private static WeightsException corrupt(Message message, String detail) {
        return new WeightsException(message, detail, null);
    }
}
