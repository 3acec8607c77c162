package br.lncc.llm.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level BPE as GPT-2 uses it (Cap. 6.2; minbpe's lesson): the text is cut into "words" by
 * GPT-2's regex, each word is its UTF-8 bytes (ids 0–255, so any text can be encoded), and
 * training repeatedly merges the most frequent adjacent pair into a new token. Encoding replays
 * the merges in the order they were learned (lowest rank first), exactly what Hugging Face's BPE
 * model does with the same merges, so DJL's tokenizer gives the same ids.
 */
public final class ByteLevelBpe implements CorpusTokenizer {

    /**
     * GPT-2's pre-tokenizer regex. In Unicode mode {@code \s} is Unicode white space, as in the
     * Oniguruma regex the Rust tokenizers run (Java's default {@code \s} is ASCII only).
     */
    static final Pattern WORDS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest map to U+0100 and up. */
    static final char[] BYTE_CHAR = new char[256];
    private static final int[] CHAR_BYTE = new int[512];

    /** The byte a bytes_to_unicode character stands for, or -1 (TextTokenizer shows partial characters with it). */
    static int byteOf(char c) {
        return c < CHAR_BYTE.length ? CHAR_BYTE[c] : -1;
    }

    static {
        Arrays.fill(CHAR_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_CHAR[b] = printable ? (char) b : (char) (256 + n++);
            CHAR_BYTE[BYTE_CHAR[b]] = b;
        }
    }

    /** Merge number {@code rank}: tokens {@code left} and {@code right} became token {@code 256 + rank}. */
    public record Merge(int rank, int left, int right, long count) {
        public int id() {
            return 256 + rank;
        }
    }

    private final List<Merge> merges;
    private final byte[][] tokenBytes;
    private final Map<Long, Integer> rankOfPair = new HashMap<>();
    private final Map<String, int[]> wordCache = new HashMap<>();

    private ByteLevelBpe(List<Merge> merges) {
        this.merges = List.copyOf(merges);
        tokenBytes = new byte[256 + merges.size()][];
        for (int b = 0; b < 256; b++) tokenBytes[b] = new byte[] {(byte) b};
        for (Merge m : merges) {
            byte[] l = tokenBytes[m.left()], r = tokenBytes[m.right()];
            byte[] joined = Arrays.copyOf(l, l.length + r.length);
            System.arraycopy(r, 0, joined, l.length, r.length);
            tokenBytes[m.id()] = joined;
            rankOfPair.put(pair(m.left(), m.right()), m.rank());
        }
    }

    public static ByteLevelBpe of(List<Merge> merges) {
        return new ByteLevelBpe(merges);
    }

    /**
     * Learns up to {@code targetSize − 256} merges from {@code text}. Stops early when no pair occurs
     * twice any more (the corpus allows no larger vocabulary): the caller compares
     * {@link #vocabSize()} with what it asked. {@code onMerge} sees each merge as it is learned.
     */
    public static ByteLevelBpe train(String text, int targetSize, Consumer<Merge> onMerge, BooleanSupplier cancelled) {
        if (targetSize < 256) throw new IllegalArgumentException("BPE vocabulary below 256 bytes: " + targetSize);
        // Unique words with their counts: merges act on word types, weighted by frequency.
        Map<String, long[]> counts = new LinkedHashMap<>();
        Matcher m = WORDS.matcher(text);
        while (m.find()) counts.computeIfAbsent(m.group(), k -> new long[1])[0]++;
        int n = counts.size();
        int[][] words = new int[n][];
        int[] lengths = new int[n];
        long[] freq = new long[n];
        int w = 0;
        for (var e : counts.entrySet()) {
            byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
            words[w] = new int[b.length];
            for (int i = 0; i < b.length; i++) words[w][i] = b[i] & 0xFF;
            lengths[w] = b.length;
            freq[w] = e.getValue()[0];
            w++;
        }
        Map<Long, Long> pairCounts = new HashMap<>();
        for (int i = 0; i < n; i++) addPairs(pairCounts, words[i], lengths[i], freq[i]);
        List<Merge> learned = new ArrayList<>();
        while (256 + learned.size() < targetSize) {
            if (cancelled.getAsBoolean()) break;
            long best = 0, bestCount = 1;
            for (var e : pairCounts.entrySet()) {
                long c = e.getValue();
                // Ties go to the smaller pair (left id, then right id): the same corpus, the same merges.
                if (c > bestCount || (c == bestCount && bestCount > 1 && e.getKey() < best)) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            if (bestCount < 2) break;
            int left = (int) (best >>> 32), right = (int) best;
            Merge merge = new Merge(learned.size(), left, right, bestCount);
            learned.add(merge);
            int id = merge.id();
            for (int i = 0; i < n; i++) {
                int[] word = words[i];
                int len = lengths[i];
                if (!containsPair(word, len, left, right)) continue;
                addPairs(pairCounts, word, len, -freq[i]);
                lengths[i] = mergeInPlace(word, len, left, right, id);
                addPairs(pairCounts, word, lengths[i], freq[i]);
            }
            pairCounts.remove(best);
            if (onMerge != null) onMerge.accept(merge);
        }
        return new ByteLevelBpe(learned);
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private static void addPairs(Map<Long, Long> counts, int[] word, int len, long delta) {
        for (int i = 0; i + 1 < len; i++) {
            long key = pair(word[i], word[i + 1]);
            long c = counts.getOrDefault(key, 0L) + delta;
            if (c == 0) counts.remove(key);
            else counts.put(key, c);
        }
    }

    private static boolean containsPair(int[] word, int len, int a, int b) {
        for (int i = 0; i + 1 < len; i++) if (word[i] == a && word[i + 1] == b) return true;
        return false;
    }

    /** Replaces every non-overlapping (a, b), left to right, by {@code id}; returns the new length. */
    private static int mergeInPlace(int[] word, int len, int a, int b, int id) {
        int out = 0;
        for (int i = 0; i < len; i++) {
            if (i + 1 < len && word[i] == a && word[i + 1] == b) {
                word[out++] = id;
                i++;
            } else {
                word[out++] = word[i];
            }
        }
        return out;
    }

    public List<Merge> merges() {
        return merges;
    }

    @Override
    public int vocabSize() {
        return 256 + merges.size() + 1;
    }

    @Override
    public String spec() {
        return "bpe:" + (256 + merges.size());
    }

    @Override
    public int[] encode(String text) {
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        Matcher m = WORDS.matcher(text);
        while (m.find()) {
            int[] ids = encodeWord(m.group());
            parts.add(ids);
            total += ids.length;
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private int[] encodeWord(String word) {
        int[] cached = wordCache.get(word);
        if (cached != null) return cached;
        byte[] b = word.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) ids[i] = b[i] & 0xFF;
        int len = ids.length;
        while (len > 1) {
            int bestRank = Integer.MAX_VALUE, bestAt = -1;
            for (int i = 0; i + 1 < len; i++) {
                Integer r = rankOfPair.get(pair(ids[i], ids[i + 1]));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    bestAt = i;
                }
            }
            if (bestAt < 0) break;
            Merge merge = merges.get(bestRank);
            len = mergeInPlace(ids, len, merge.left(), merge.right(), merge.id());
        }
        int[] out = Arrays.copyOf(ids, len);
        if (wordCache.size() < 200_000) wordCache.put(word, out);
        return out;
    }

    @Override
    public String decode(int[] ids) {
        var bytes = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            if (id >= 0 && id < tokenBytes.length) bytes.writeBytes(tokenBytes[id]);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String decodeShowingBytes(int[] ids) {
        var bytes = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            if (id >= 0 && id < tokenBytes.length) bytes.writeBytes(tokenBytes[id]);
        }
        return TextTokenizer.showingBytes(bytes.toByteArray());
    }

    @Override
    public String piece(int id) {
        if (id == endOfTextId()) return END_OF_TEXT;
        return new String(tokenBytes[id], StandardCharsets.UTF_8);
    }

    /** Bytes of UTF-8 per token over {@code text}: how much BPE compresses (1.0 for bytes alone). */
    public double compressionRatio(String text) {
        int tokens = encode(text).length;
        return tokens == 0 ? 1 : text.getBytes(StandardCharsets.UTF_8).length / (double) tokens;
    }

    /** The token as tokenizer.json spells it: each byte as GPT-2's printable stand-in character. */
    static String symbol(byte[] bytes) {
        var s = new StringBuilder(bytes.length);
        for (byte b : bytes) s.append(BYTE_CHAR[b & 0xFF]);
        return s.toString();
    }

    @Override
    public void writeJson(Path file) {
        var mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        addEndOfText(root.putArray("added_tokens"), endOfTextId());
        root.putNull("normalizer");
        // GPT-2's own settings: no prefix space, so ids equal the trainer's for any text.
        root.set("pre_tokenizer", byteLevel(mapper));
        root.set("post_processor", byteLevel(mapper));
        root.set("decoder", byteLevel(mapper));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < tokenBytes.length; id++) vocab.put(symbol(tokenBytes[id]), id);
        vocab.put(END_OF_TEXT, endOfTextId());
        ArrayNode list = model.putArray("merges");
        for (Merge m : merges) list.add(symbol(tokenBytes[m.left()]) + " " + symbol(tokenBytes[m.right()]));
        write(mapper, root, file);
    }

    /** Reads the merges back from a tokenizer.json this class wrote (to resume a run). */
    public static ByteLevelBpe readJson(Path file) {
        try {
            JsonNode model = new ObjectMapper().readTree(file.toFile()).path("model");
            Map<String, Integer> ids = new HashMap<>();
            model.path("vocab").fields().forEachRemaining(f -> ids.put(f.getKey(), f.getValue().asInt()));
            List<Merge> merges = new ArrayList<>();
            for (JsonNode m : model.path("merges")) {
                String[] lr = m.isArray() ? new String[] {m.get(0).asText(), m.get(1).asText()} : m.asText().split(" ", 2);
                merges.add(new Merge(merges.size(), ids.get(lr[0]), ids.get(lr[1]), 0));
            }
            return new ByteLevelBpe(merges);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(br.lncc.llm.text.Message.of("tokenizer.bpeUnreadable", String.valueOf(file)), String.valueOf(e.getMessage()), e);
        }
    }

    static void addEndOfText(ArrayNode added, int id) {
        ObjectNode t = added.addObject();
        t.put("id", id);
        t.put("content", END_OF_TEXT);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", true);
        t.put("special", true);
    }

    private static ObjectNode byteLevel(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", false);
        n.put("trim_offsets", true);
        n.put("use_regex", true);
        return n;
    }

    static void write(ObjectMapper mapper, ObjectNode root, Path file) {
        try {
            mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
