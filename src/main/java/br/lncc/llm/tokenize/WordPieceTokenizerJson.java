package br.lncc.llm.tokenize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@code tokenizer.json} that tokenizes exactly like Hugging Face's {@code BertTokenizer}
 * (uncased) from a plain {@code vocab.txt}. The embedded BERT ships only the vocabulary; the
 * pipeline below is the one the original BERT code hard-wires (Cap. 2.2):
 * clean text, split CJK ideographs, lower-case, strip accents; split on whitespace and
 * punctuation; greedy longest-match WordPiece with "##" continuations, [UNK] for words over 100
 * characters; then [CLS] A [SEP] (and B [SEP] with type id 1 for pairs).
 */
public final class WordPieceTokenizerJson {

    private static final List<String> SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WordPieceTokenizerJson() {}

    /** One token per line; the line number is the id (as BERT's own loader reads it). */
    public static List<String> readVocab(Path vocabTxt) throws IOException {
        return parseVocab(Files.readString(vocabTxt, StandardCharsets.UTF_8));
    }

    public static List<String> parseVocab(String text) {
        List<String> tokens = new ArrayList<>(List.of(text.split("\n", -1)));
        // A final newline leaves one empty string behind; it is not a token.
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isEmpty()) tokens.remove(tokens.size() - 1);
        tokens.replaceAll(t -> t.endsWith("\r") ? t.substring(0, t.length() - 1) : t);
        return tokens;
    }

    /** Writes {@code tokenizer.json} for the vocabulary. */
    public static void write(List<String> vocab, Path tokenizerJson) throws IOException {
        Files.writeString(tokenizerJson, toJson(vocab), StandardCharsets.UTF_8);
    }

    public static String toJson(List<String> vocab) {
        try {
            return new ObjectMapper().writeValueAsString(build(vocab));
        } catch (IOException e) {
            throw new TokenizerException("Falha ao gerar tokenizer.json: " + e.getMessage(), e);
        }
    }

    private static ObjectNode build(List<String> vocab) {
        for (String special : SPECIAL_TOKENS) {
            if (!vocab.contains(special)) {
                throw new TokenizerException("tokenizer.noSpecialToken", new Object[] {special}, "vocab.txt is not a BERT vocabulary");
            }
        }
        ObjectNode root = JSON.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", addedTokens(vocab));
        root.set("normalizer", JSON.objectNode()
                .put("type", "BertNormalizer")
                .put("clean_text", true)
                .put("handle_chinese_chars", true)
                .put("strip_accents", true)
                .put("lowercase", true));
        root.set("pre_tokenizer", JSON.objectNode().put("type", "BertPreTokenizer"));
        root.set("post_processor", template(vocab));
        root.set("decoder", JSON.objectNode().put("type", "WordPiece").put("prefix", "##").put("cleanup", true));
        ObjectNode model = JSON.objectNode()
                .put("type", "WordPiece")
                .put("unk_token", "[UNK]")
                .put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode ids = model.putObject("vocab");
        for (int i = 0; i < vocab.size(); i++) {
            // Duplicated lines keep their first id, as BertTokenizer's dict does with the last; none exist in BERT's vocab.
            if (!ids.has(vocab.get(i))) ids.put(vocab.get(i), i);
        }
        root.set("model", model);
        return root;
    }

    private static ArrayNode addedTokens(List<String> vocab) {
        ArrayNode added = JSON.arrayNode();
        for (String special : SPECIAL_TOKENS) {
            added.addObject()
                    .put("id", vocab.indexOf(special))
                    .put("content", special)
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", true);
        }
        return added;
    }

    private static ObjectNode template(List<String> vocab) {
        ObjectNode post = JSON.objectNode().put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, "[CLS]", 0);
        sequence(single, "A", 0);
        special(single, "[SEP]", 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, "[CLS]", 0);
        sequence(pair, "A", 0);
        special(pair, "[SEP]", 0);
        sequence(pair, "B", 1);
        special(pair, "[SEP]", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String token : List.of("[CLS]", "[SEP]")) {
            ObjectNode entry = specials.putObject(token).put("id", token);
            entry.putArray("ids").add(vocab.indexOf(token));
            entry.putArray("tokens").add(token);
        }
        return post;
    }

    private static void special(ArrayNode pieces, String token, int typeId) {
        pieces.addObject().putObject("SpecialToken").put("id", token).put("type_id", typeId);
    }

    private static void sequence(ArrayNode pieces, String id, int typeId) {
        pieces.addObject().putObject("Sequence").put("id", id).put("type_id", typeId);
    }
}
