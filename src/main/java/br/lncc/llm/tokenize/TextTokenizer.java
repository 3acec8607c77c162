package br.lncc.llm.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
            throw new TokenizerException(
                    "A pasta do modelo não tem o arquivo " + FILE_NAME + " (tokenizador): " + folder.toAbsolutePath()
                            + " — model folder has no " + FILE_NAME);
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
            throw new TokenizerException(
                    "Não foi possível ler o tokenizador " + file.toAbsolutePath() + ": arquivo inválido ou corrompido ("
                            + e.getMessage() + ")",
                    e);
        }
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
            throw new TokenizerException("Não foi possível ler o vocabulário de " + file + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
