package br.lncc.llm.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One token per character (Unicode code point) of the corpus, as nanoGPT's Shakespeare lesson:
 * a vocabulary of a few dozen symbols, long sequences (Cap. 6.2). Characters the corpus never
 * had are dropped when encoding (Hugging Face's BPE model with no unknown token does the same).
 *
 * <p>As tokenizer.json it is a BPE model with the characters as vocabulary and no merges, no
 * pre-tokenizer (every character is its own token) and the Fuse decoder (tokens joined with no
 * spaces between them).
 */
public final class CharTokenizer implements CorpusTokenizer {
    private final int[] codePoints;
    private final Map<Integer, Integer> idOf = new HashMap<>();

    private CharTokenizer(int[] codePoints) {
        this.codePoints = codePoints;
        for (int i = 0; i < codePoints.length; i++) idOf.put(codePoints[i], i);
    }

    /** The sorted distinct characters of {@code text}. */
    public static CharTokenizer of(String text) {
        TreeSet<Integer> set = new TreeSet<>();
        text.codePoints().forEach(set::add);
        return new CharTokenizer(set.stream().mapToInt(Integer::intValue).toArray());
    }

    public static CharTokenizer readJson(Path file) {
        try {
            JsonNode vocab = new ObjectMapper().readTree(file.toFile()).path("model").path("vocab");
            List<int[]> entries = new ArrayList<>();
            vocab.fields().forEachRemaining(f -> {
                if (!f.getKey().equals(END_OF_TEXT)) entries.add(new int[] {f.getValue().asInt(), f.getKey().codePointAt(0)});
            });
            entries.sort((a, b) -> Integer.compare(a[0], b[0]));
            return new CharTokenizer(entries.stream().mapToInt(e -> e[1]).toArray());
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(br.lncc.llm.text.Message.of("tokenizer.charUnreadable", String.valueOf(file)), String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public int[] encode(String text) {
        return text.codePoints().map(c -> idOf.getOrDefault(c, -1)).filter(id -> id >= 0).toArray();
    }

    @Override
    public String decode(int[] ids) {
        var s = new StringBuilder(ids.length);
        for (int id : ids) if (id >= 0 && id < codePoints.length) s.appendCodePoint(codePoints[id]);
        return s.toString();
    }

    @Override
    public int vocabSize() {
        return codePoints.length + 1;
    }

    @Override
    public String spec() {
        return "char";
    }

    @Override
    public String piece(int id) {
        return id == endOfTextId() ? END_OF_TEXT : new String(Character.toChars(codePoints[id]));
    }

    public int[] codePoints() {
        return Arrays.copyOf(codePoints, codePoints.length);
    }

    @Override
    public void writeJson(Path file) {
        var mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ByteLevelBpe.addEndOfText(root.putArray("added_tokens"), endOfTextId());
        root.putNull("normalizer");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < codePoints.length; i++) vocab.put(new String(Character.toChars(codePoints[i])), i);
        vocab.put(END_OF_TEXT, endOfTextId());
        model.putArray("merges");
        ByteLevelBpe.write(mapper, root, file);
    }
}
