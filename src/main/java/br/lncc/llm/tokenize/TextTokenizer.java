package br.lncc.llm.tokenize;

import br.lncc.llm.text.Message;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Any model's tokenizer, read from the {@code tokenizer.json} of a Hugging Face-style folder
 * (WordPiece for BERT, byte-level BPE for GPT-2, Unigram for T5 — the file says which).
 *
 * <p>Truncation is off on purpose: DJL cuts at 512 tokens by default, which would silently
 * falsify token counts and the context-limit demos of Cap. 4 (texts of 3,005 and 10,063
 * tokens). Callers that feed a model with a position limit truncate explicitly and say so.
 */
public final class TextTokenizer implements AutoCloseable {

    public static final String FILE_NAME = "tokenizer.json";

    /** Large enough for any text a student pastes; only a guard against DJL's 512 default. */
    private static final int NO_LIMIT = 1 << 24;

    /** One tokenized text; arrays are parallel (one entry per token). */
    public record Encoding(long[] ids, String[] tokens, long[] attentionMask, long[] typeIds) {
        public int size() {
            return ids.length;
        }
    }

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private int vocabSize = -1;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
        this.tokenizer = tokenizer;
        this.file = file;
    }

    /** Loads {@code folder/tokenizer.json}. */
    public static TextTokenizer fromFolder(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException("tokenizer.missing", new Object[] {FILE_NAME, String.valueOf(folder.toAbsolutePath())},
                    "model folder has no " + FILE_NAME);
        }
        return fromFile(file);
    }

    /** Loads a {@code tokenizer.json} file directly. */
    public static TextTokenizer fromFile(Path file) {
        // Before the native library: a hostile pattern would abort the JVM instead of throwing.
        TokenizerFileCheck.requireSafe(file);
        try {
            var options = Map.of(
                    "truncation", "false",
                    "padding", "false",
                    "maxLength", Integer.toString(NO_LIMIT),
                    "addSpecialTokens", "true");
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(file, options), file);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(Message.of("tokenizer.unreadable", String.valueOf(file.toAbsolutePath())), String.valueOf(e), e);
        }
    }

    /**
     * Reads now what this tokenizer otherwise reads from tokenizer.json on first use (the pieces by
     * id, the vocabulary size), for a file that does not outlive the load: the bundled tiny models
     * unpack to a temporary folder, and a later read found nothing — their half characters showed
     * as "�" instead of {@code <0xNN>}.
     */
    public TextTokenizer readingVocabularyNow() {
        pieces();
        vocabSize();
        return this;
    }

    /** Encodes with the model's special tokens ([CLS] … [SEP] for BERT, none for GPT-2). */
    public Encoding encode(String text) {
        return encode(text, true);
    }

    public Encoding encode(String text, boolean addSpecialTokens) {
        var e = tokenizer.encode(text, addSpecialTokens, false);
        return new Encoding(e.getIds(), e.getTokens(), e.getAttentionMask(), e.getTypeIds());
    }

    /** Decodes ids back to text, special tokens included (they are part of what students inspect). */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /**
     * Like {@link #decode(long[], boolean)}, but bytes that do not form a UTF-8 character show as
     * {@code <0xNN>} instead of the replacement character "�". A byte-level BPE token (GPT-2, Qwen,
     * the course model) is a run of bytes, and a random model — or one that stops mid-character —
     * emits bytes that are half of a character; "�" hides which bytes they were.
     */
    public String decodeShowingBytes(long[] ids, boolean skipSpecialTokens) {
        String text = decode(ids, skipSpecialTokens);
        if (text.indexOf('\uFFFD') < 0) return text;
        Pieces p = pieces();
        if (!p.byteLevel() && !p.byteFallback()) return text;
        var bytes = new java.io.ByteArrayOutputStream();
        for (long id : ids) {
            if (!skipSpecialTokens || !p.special().contains(id)) bytes.writeBytes(tokenBytes(id));
        }
        return showingBytes(bytes.toByteArray());
    }

    /** A special token ("<|im_end|>", "[CLS]"): decoding with skipSpecialTokens leaves it out of the text. */
    public boolean isSpecial(long id) {
        return pieces().special().contains(id);
    }

    /**
     * The bytes one token stands for. A byte-level BPE piece ("Ã" for 0xC3) or a byte-fallback
     * piece ("<0xC3>") is a byte, not text: decoding the token alone gives "�" and hides which byte
     * it was. Special tokens and other pieces are the UTF-8 of their decoded text.
     */
    public byte[] tokenBytes(long id) {
        Pieces p = pieces();
        String piece = p.byId().get(id);
        if (piece == null || p.special().contains(id)) return decode(new long[] {id}, false).getBytes(UTF_8);
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
            return new byte[] {(byte) Integer.parseInt(piece.substring(3, 5), 16)};
        }
        if (!p.byteLevel()) return decode(new long[] {id}, false).getBytes(UTF_8);
        var bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            int b = ByteLevelBpe.byteOf(c);
            if (b >= 0) bytes.write(b);
            else bytes.writeBytes(String.valueOf(c).getBytes(UTF_8));
        }
        return bytes.toByteArray();
    }

    /** UTF-8 text where every byte that does not start a well-formed character is written {@code <0xNN>}. */
    public static String showingBytes(byte[] b) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < b.length) {
            int lead = b[i] & 0xff;
            int n = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            boolean ok = n > 0 && i + n <= b.length;
            for (int k = 1; ok && k < n; k++) ok = (b[i + k] & 0xC0) == 0x80;
            if (ok && n > 1) {
                String c = new String(b, i, n, UTF_8);
                ok = c.indexOf('\uFFFD') < 0; // overlong or surrogate forms
                if (ok) out.append(c);
            } else if (ok) {
                out.append((char) lead);
            }
            if (ok) {
                i += n;
            } else {
                out.append(String.format("<0x%02X>", lead));
                i++;
            }
        }
        return out.toString();
    }

    /** The vocabulary by id, read once from tokenizer.json (DJL does not expose it). */
    private record Pieces(Map<Long, String> byId, Set<Long> special, boolean byteLevel, boolean byteFallback) {}

    private Pieces pieces;

    private synchronized Pieces pieces() {
        if (pieces != null) return pieces;
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<Long, String> byId = new java.util.HashMap<>();
            JsonNode vocab = root.path("model").path("vocab");
            if (vocab.isObject()) {
                vocab.fields().forEachRemaining(f -> byId.put(f.getValue().asLong(), f.getKey()));
            } else if (vocab.isArray()) {
                for (int i = 0; i < vocab.size(); i++) byId.put((long) i, vocab.get(i).path(0).asText());
            }
            Set<Long> special = new HashSet<>();
            for (JsonNode added : root.path("added_tokens")) {
                byId.put(added.path("id").asLong(), added.path("content").asText());
                if (added.path("special").asBoolean()) special.add(added.path("id").asLong());
            }
            boolean byteLevel = root.path("decoder").toString().contains("\"ByteLevel\"");
            boolean byteFallback = root.path("model").path("byte_fallback").asBoolean(false);
            pieces = new Pieces(byId, special, byteLevel, byteFallback);
        } catch (IOException | RuntimeException e) {
            pieces = new Pieces(Map.of(), Set.of(), false, false);
        }
        return pieces;
    }

    /**
     * Number of distinct ids: the model's vocabulary plus added tokens not already in it. Read
     * from the JSON once, because DJL does not expose it.
     */
    public synchronized int vocabSize() {
        if (vocabSize < 0) vocabSize = countVocabulary(file);
        return vocabSize;
    }

    private static int countVocabulary(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            JsonNode vocab = root.path("model").path("vocab");
            Set<Long> ids = new HashSet<>();
            if (vocab.isObject()) {
                vocab.fields().forEachRemaining(f -> ids.add(f.getValue().asLong()));
            } else if (vocab.isArray()) {
                // Unigram (T5): a list of [piece, score] pairs, the index is the id.
                for (long i = 0; i < vocab.size(); i++) ids.add(i);
            }
            for (JsonNode added : root.path("added_tokens")) ids.add(added.path("id").asLong());
            return ids.size();
        } catch (IOException e) {
            throw new TokenizerException(Message.of("tokenizer.vocabulary", String.valueOf(file)), String.valueOf(e), e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
