package br.lncc.llm.weights;

import br.lncc.llm.text.Message;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reader for one {@code .safetensors} file: 8-byte little-endian header length, a JSON header
 * {@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}}, then
 * the raw little-endian data. We validate the whole header before touching any data, then
 * memory-map each tensor on demand (so a 6 GB checkpoint costs nothing until read, and files and
 * tensors beyond 2 GiB work: each mapping is at most {@link #MAX_MAPPING} bytes).
 *
 * <p>BF16 and F16 are widened to float32 here, in Java: a BF16 NDArray crashes the JVM through
 * DJL's PyTorch JNI, so no BF16 data ever reaches the engine.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Largest single mapping; below 2 GiB because a ByteBuffer is int-indexed. */
    static final long MAX_MAPPING = 1L << 30;

    /** Real headers are a few hundred KB; anything this large is a corrupt length field. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /**
     * Strict: a second tensor of the same name (which one would be loaded?) and anything after the
     * header's JSON object are errors, not silently "last wins" / ignored. Space padding is fine.
     */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private final long maxMapping;

    private SafetensorsFile(
            Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors, Map<String, String> metadata,
            long maxMapping) {
        this.maxMapping = maxMapping;
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and validates the header; throws {@link WeightsException} for anything malformed. */
    public static SafetensorsFile open(Path path) {
        return open(path, MAX_MAPPING);
    }

    /** With a smaller mapping limit, tests exercise tensors that span several mappings. */
    static SafetensorsFile open(Path path, long maxMapping) {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new WeightsException(Message.of("weights.file.missing", file), path.toString(), e);
        } catch (IOException e) {
            throw new WeightsException(Message.of("weights.file.cannotOpen", file), e.toString(), e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw new WeightsException(Message.of("weights.safetensors.tooSmall", file, String.valueOf(size)),
                        path + ": " + size + " bytes, need at least the 8-byte header length", null);
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 2 || headerLen > size - 8) {
                throw new WeightsException(
                        Message.of("weights.safetensors.headerTooLong", file, human(Math.max(headerLen, 0)), human(size)),
                        path + ": header length " + headerLen + " bytes, file size " + size + " bytes", null);
            }
            if (headerLen > MAX_HEADER) {
                throw new WeightsException(Message.of("weights.safetensors.headerHuge", file, human(headerLen)),
                        path + ": header length " + headerLen + " exceeds " + MAX_HEADER, null);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLen;
            var parsed = parseHeader(path, file, json, dataStart, size);
            return new SafetensorsFile(path, channel, dataStart, parsed.tensors, parsed.metadata, maxMapping);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new WeightsException(Message.of("weights.file.readError", file), e.toString(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata) {}

    private static Header parseHeader(Path path, String file, String json, long dataStart, long fileSize) {
        long dataSize = fileSize - dataStart;
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new WeightsException(
                    Message.of("weights.safetensors.badJson", file), path + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightsException(
                    Message.of("weights.safetensors.notObject", file), path + ": header is " + json.strip(), null);
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            JsonNode node = e.getValue();
            if (name.equals("__metadata__")) {
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(name, parseEntry(path, file, name, node));
        }
        long declaredEnd = 0;
        for (TensorInfo t : tensors.values()) declaredEnd = Math.max(declaredEnd, t.end());
        if (declaredEnd > dataSize) {
            throw new WeightsException(
                    Message.of("weights.safetensors.truncated", file, human(dataStart + declaredEnd), human(fileSize)),
                    path + ": tensors end at data offset " + declaredEnd + " but the data area has " + dataSize
                            + " bytes", null);
        }
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        TensorInfo previous = null;
        for (TensorInfo t : byOffset) {
            if (t.byteLength() == 0) continue;
            if (previous != null && t.begin() < previous.end()) {
                throw new WeightsException(Message.of("weights.safetensors.overlap", previous.name(), t.name(), file),
                        path + ": [" + previous.begin() + "," + previous.end() + ") overlaps [" + t.begin() + ","
                                + t.end() + ")", null);
            }
            previous = t;
        }
        return new Header(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static TensorInfo parseEntry(Path path, String file, String name, JsonNode node) {
        Message where = Message.of("weights.tensor.where", name, file);
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || !shapeNode.isArray() || offsets == null || !offsets.isArray()
                || offsets.size() != 2) {
            throw new WeightsException(Message.of("weights.tensor.incomplete", where), path + ": entry " + node, null);
        }
        TensorDType dtype = TensorDType.parse(dtypeNode.asText());
        if (dtype == null) {
            throw new WeightsException(Message.of("weights.tensor.dtype", where, dtypeNode.asText()),
                    path + ": unsupported dtype " + dtypeNode.asText(), null);
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            // An integer, not "64" nor 64.9 (which Jackson would read as 64).
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                throw new WeightsException(Message.of("weights.tensor.shape", where, shapeNode.toString()),
                        path + ": shape " + shapeNode, null);
            }
            shape[i] = d.asLong();
            try {
                elements = Math.multiplyExact(elements, shape[i]);
            } catch (ArithmeticException ex) {
                throw new WeightsException(Message.of("weights.tensor.shape", where, shapeNode.toString()),
                        path + ": shape overflows", null);
            }
        }
        if (!offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new WeightsException(Message.of("weights.tensor.offsets", where, offsets.toString()),
                    path + ": data_offsets " + offsets, null);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw new WeightsException(Message.of("weights.tensor.offsetsCorrupt", where, offsets.toString()),
                    path + ": data_offsets " + offsets, null);
        }
        // Exact: 2^62 elements × 4 bytes wraps to 0 and would "match" an empty range.
        long expected;
        try {
            expected = Math.multiplyExact(elements, (long) dtype.bytes());
        } catch (ArithmeticException overflow) {
            expected = -1;
        }
        if (expected < 0 || end - begin != expected) {
            throw new WeightsException(
                    Message.of("weights.tensor.sizeMismatch", where, shapeNode.toString(), dtype.toString(),
                            // The true product, not the -1 that stands for "does not fit a long".
                            java.math.BigInteger.valueOf(elements).multiply(java.math.BigInteger.valueOf(dtype.bytes())).toString(),
                            String.valueOf(end - begin)),
                    path + ": " + name + " shape " + shapeNode + " x " + dtype.bytes() + " != [" + begin + "," + end + ")",
                    null);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    public Path path() {
        return path;
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The optional {@code __metadata__} string map (e.g. {"format": "pt"}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new WeightsException(Message.of("weights.tensor.missing", name, String.valueOf(path.getFileName())),
                    path + ": no tensor named " + name + " (" + tensors.size() + " tensors)", null);
        }
        return t;
    }

    /** Total bytes of tensor data (what a forward pass reads). */
    public long dataBytes() {
        long n = 0;
        for (TensorInfo t : tensors.values()) n += t.byteLength();
        return n;
    }

    /** A floating tensor (F32, F16, BF16, F64) widened to float32, row-major. */
    public float[] readFloats(String name) {
        TensorInfo t = info(name);
        requireFloating(t);
        long n = t.elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new WeightsException(Message.of("weights.tensor.tooBigForJava", name), name + ": " + n + " elements", null);
        }
        float[] out = new float[(int) n];
        // Read, not mapped: loading straight into a packed format reads every tensor once, and mapped
        // pages would stay in this process's resident set until the mapping is collected.
        widenInto(t, FloatBuffer.wrap(out), true);
        return out;
    }

    /** As {@link #readFloats(String)}, written into {@code out} from its position: no Java array (the model loader's reused buffer). */
    public void readFloats(String name, FloatBuffer out) {
        TensorInfo t = info(name);
        requireFloating(t);
        if (out.remaining() < t.elementCount()) {
            throw new IllegalArgumentException(name + " has " + t.elementCount() + " elements, the buffer room for " + out.remaining());
        }
        widenInto(t, out, true);
    }

    /** An integer tensor (I64, I32, I16, I8, U8, BOOL) as longs. */
    public long[] readLongs(String name) {
        TensorInfo t = info(name);
        if (t.dtype().isFloating()) {
            throw new WeightsException(Message.of("weights.tensor.notInteger", name, t.dtype().toString()), t.toString(), null);
        }
        long[] out = new long[Math.toIntExact(t.elementCount())];
        int[] at = {0};
        forEachChunk(t, chunk -> {
            while (chunk.hasRemaining()) {
                out[at[0]++] = switch (t.dtype()) {
                    case I64 -> chunk.getLong();
                    case I32 -> chunk.getInt();
                    case I16 -> chunk.getShort();
                    case I8 -> chunk.get();
                    case U8, BOOL -> chunk.get() & 0xFF;
                    default -> throw new IllegalStateException();
                };
            }
        });
        return out;
    }

    /**
     * Loads a tensor into {@code manager}: floating types as FLOAT32 (BF16/F16 widened in Java),
     * I64 as INT64, I32 as INT32, U8/BOOL as UINT8/BOOLEAN, I8 as INT8, I16 widened to INT32.
     */
    public NDArray load(String name, NDManager manager) {
        TensorInfo t = info(name);
        Shape shape = new Shape(t.shape());
        if (t.dtype().isFloating()) {
            long bytes = t.elementCount() * 4;
            if (bytes > Integer.MAX_VALUE) {
                throw new WeightsException(Message.of("weights.tensor.over2GB", name), name + ": " + bytes + " bytes as float32",
                        null);
            }
            // DJL wraps a direct native-order buffer without copying; we fill it once.
            ByteBuffer direct = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
            widenInto(t, direct.asFloatBuffer());
            return manager.create(direct, shape, DataType.FLOAT32);
        }
        long[] values = readLongs(name);
        return switch (t.dtype()) {
            case I64 -> manager.create(values, shape);
            case I32, I16 -> manager.create(toInts(values), shape);
            case U8 -> manager.create(toBytes(values), shape).toType(DataType.UINT8, false);
            case I8 -> manager.create(toBytes(values), shape);
            case BOOL -> manager.create(toBytes(values), shape).toType(DataType.BOOLEAN, false);
            default -> throw new IllegalStateException(t.dtype().toString());
        };
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (int) v[i];
        return out;
    }

    private static byte[] toBytes(long[] v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
        return out;
    }

    private void requireFloating(TensorInfo t) {
        if (!t.dtype().isFloating()) {
            throw new WeightsException(Message.of("weights.tensor.notFloating", t.name(), t.dtype().toString()), t.toString(),
                    null);
        }
    }

    private void widenInto(TensorInfo t, FloatBuffer out) {
        widenInto(t, out, false);
    }

    private void widenInto(TensorInfo t, FloatBuffer out, boolean read) {
        ChunkConsumer widen = chunk -> {
            switch (t.dtype()) {
                case F32 -> out.put(chunk.asFloatBuffer());
                case BF16 -> {
                    // bfloat16 is the top half of a float32: shift the 16 bits back into place.
                    while (chunk.hasRemaining()) out.put(Float.intBitsToFloat((chunk.getShort() & 0xFFFF) << 16));
                }
                case F16 -> {
                    while (chunk.hasRemaining()) out.put(halfToFloat(chunk.getShort()));
                }
                case F64 -> {
                    while (chunk.hasRemaining()) out.put((float) chunk.getDouble());
                }
                default -> throw new IllegalStateException(t.dtype().toString());
            }
        };
        if (read) forEachReadChunk(t, widen);
        else forEachChunk(t, widen);
    }

    /** Reads the tensor's bytes (positional reads) through one heap buffer of at most 1 MiB. */
    private void forEachReadChunk(TensorInfo t, ChunkConsumer consumer) {
        int element = t.dtype().bytes();
        int step = (int) Math.max(element, Math.min(1 << 20, t.byteLength()) / element * element);
        ByteBuffer buffer = ByteBuffer.allocate(step).order(ByteOrder.LITTLE_ENDIAN);
        long position = dataStart + t.begin();
        long remaining = t.byteLength();
        try {
            while (remaining > 0) {
                int len = (int) Math.min(step, remaining);
                buffer.clear().limit(len);
                readFully(channel, buffer, position);
                consumer.accept(buffer);
                position += len;
                remaining -= len;
            }
        } catch (IOException e) {
            throw new WeightsException(Message.of("weights.tensor.readError", t.name(), String.valueOf(path.getFileName())),
                    e.toString(), e);
        }
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat only exists from Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private interface ChunkConsumer {
        void accept(ByteBuffer littleEndianChunk);
    }

    /** Bytes read at a time when converting: small enough to stay in cache, large enough to cost few calls. */
    static final int READ_CHUNK = 1 << 20;

    /**
     * One direct buffer per loading thread: a read into a heap buffer would make the JDK allocate
     * and cache a temporary direct buffer of the same size, which counts against
     * -XX:MaxDirectMemorySize.
     */
    private static final ThreadLocal<ByteBuffer> CHUNK =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_CHUNK).order(ByteOrder.LITTLE_ENDIAN));

    /**
     * Reads the tensor's bytes in pieces of at most {@link #READ_CHUNK} (and MAX_MAPPING), each a
     * whole number of elements, through one reused buffer. Read, not mapped: mapped pages stay in
     * the process's resident memory until the garbage collector unmaps them, which while a 0.5B
     * model loads added the whole file (1 GB in BF16) to the peak (issue #14).
     */
    private void forEachChunk(TensorInfo t, ChunkConsumer consumer) {
        long limit = Math.min(maxMapping, READ_CHUNK);
        long step = limit - (limit % t.dtype().bytes());
        long position = dataStart + t.begin();
        long remaining = t.byteLength();
        ByteBuffer buffer = CHUNK.get();
        try {
            while (remaining > 0) {
                int len = (int) Math.min(step, remaining);
                buffer.clear().limit(len);
                readFully(channel, buffer, position); // leaves it flipped, ready to read
                consumer.accept(buffer);
                position += len;
                remaining -= len;
            }
        } catch (IOException e) {
            throw new WeightsException(Message.of("weights.tensor.readError", t.name(), String.valueOf(path.getFileName())),
                    e.toString(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) throw new IOException("unexpected end of file");
        }
        buf.flip();
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already failing with a better message.
        }
    }

    /** Sizes the way a student reads them: "12 MB", "497 MB", "1,2 GB". */
    static String human(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024L * 1024) return String.format(Locale.ROOT, "%d KB", bytes / 1024);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%d MB", Math.round(bytes / 1048576.0));
        return String.format(new Locale("pt", "BR"), "%.1f GB", bytes / 1073741824.0);
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return path + " (" + tensors.size() + " tensors, " + human(dataBytes()) + ")";
    }
}
