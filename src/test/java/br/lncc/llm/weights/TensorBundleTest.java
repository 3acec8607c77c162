package br.lncc.llm.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TensorBundleTest {

    @Test
    void indexListsAll204FloatTensorsOfBertBase() {
        var bundle = TensorBundle.parseIndex(EmbeddedBertFixture.variablesIndex());
        assertEquals(204, bundle.entries().size());
        assertTrue(bundle.entries().values().stream().allMatch(e -> e.dtype() == TensorBundle.DType.FLOAT));
        assertArrayEquals(new long[] {30522, 768}, bundle.entry("module/bert/embeddings/word_embeddings").shape());
        assertArrayEquals(new long[] {768, 3072}, bundle.entry("module/bert/encoder/layer_11/intermediate/dense/kernel").shape());
        assertEquals(440_419_560L, bundle.dataBytes());
    }

    @Test
    void firstTensorsVerifyAgainstTheirChecksums() throws IOException {
        var bundle = TensorBundle.parseIndex(EmbeddedBertFixture.variablesIndex());
        AtomicInteger verified = new AtomicInteger();
        streamData(bundle, in -> in, verified, 5);
        assertEquals(5, verified.get());
    }

    @Test
    void aFlippedByteIsReportedByTensorName() {
        var bundle = TensorBundle.parseIndex(EmbeddedBertFixture.variablesIndex());
        // Byte 10 000 lies inside the position embeddings (offsets 6144 … 1 579 008).
        var ex = assertThrows(WeightsException.class, () -> streamData(bundle, in -> new FlipByteAt(in, 10_000), new AtomicInteger(), 10));
        assertTrue(ex.getMessage().contains("position_embeddings"), ex.getMessage());
        assertTrue(ex.getMessage().contains("CRC32C"), ex.getMessage());
    }

    @Test
    void truncatedOrForeignIndexIsRefusedClearly() {
        byte[] index = EmbeddedBertFixture.variablesIndex();
        var truncated = assertThrows(WeightsException.class, () -> TensorBundle.parseIndex(Arrays.copyOf(index, index.length - 100)));
        assertTrue(truncated.getMessage().contains("variables.index"), truncated.getMessage());
        byte[] damaged = index.clone();
        damaged[200] ^= 0x55;
        damaged[201] ^= 0x55;
        var flipped = assertThrows(WeightsException.class, () -> TensorBundle.parseIndex(damaged));
        assertTrue(flipped.getMessage().contains("CRC32C"), flipped.getMessage());
        assertThrows(WeightsException.class, () -> TensorBundle.parseIndex(new byte[10]));
        assertThrows(WeightsException.class, () -> TensorBundle.parseIndex(new byte[100]));
    }

    @Test
    void maskMatchesTensorFlowsDefinition() {
        // crc32c("") = 0 → mask(0) = 0xa282ead8; crc32c("123456789") = 0xe3069283.
        assertEquals(0xa282ead8, TensorBundle.mask(0));
        int crc = 0xe3069283;
        assertEquals(((crc >>> 15) | (crc << 17)) + 0xa282ead8, TensorBundle.mask(crc));
    }

    private interface Wrap {
        InputStream wrap(InputStream in);
    }

    /** Streams the real data file (the zip stores it first, so this stops early) through the bundle. */
    private static void streamData(TensorBundle bundle, Wrap wrap, AtomicInteger verified, int stopAfter) throws IOException {
        class Stop extends RuntimeException {}
        try {
            EmbeddedBertArchive.forEachEntry((name, size, data) -> {
                if (!name.equals(EmbeddedBertArchive.VARIABLES_DATA)) return true;
                bundle.streamData(wrap.wrap(data), (entry, bytes) -> {
                    if (verified.incrementAndGet() >= stopAfter) throw new Stop();
                });
                return false;
            });
        } catch (Stop done) {
            // enough tensors checked
        }
    }

    private static final class FlipByteAt extends FilterInputStream {
        private final long target;
        private long position;

        FlipByteAt(InputStream in, long target) {
            super(in);
            this.target = target;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && position++ == target) b ^= 0x01;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && target >= position && target < position + n) buf[off + (int) (target - position)] ^= 0x01;
            if (n > 0) position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 8192)];
            int r = read(sink, 0, sink.length);
            return Math.max(r, 0);
        }
    }
}
