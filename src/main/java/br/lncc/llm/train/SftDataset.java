package br.lncc.llm.train;

import br.lncc.llm.text.ReadFailure;
import br.lncc.llm.tokenize.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cap. 7.8's supervised dataset, tokenized the way the book's tokenize_fn does it: every row
 * padded with the end-of-text token to the longest row (truncated at max_length), labels equal to
 * the input ids — so padded positions are trained to predict the pad token, as in the book —
 * and an attention mask that hides the padding from every query.
 */
public record SftDataset(List<String> texts, long[][] ids, long[][] attention) {

    /** The book's two rows: the same question in two styles. */
    public static List<String> bookRows() {
        return List.of(
                "You are a meteorology expert. Explain El Niño with a scientific tone.",
                "You are a casual assistant. Explain El Niño in a friendly, informal way.");
    }

    /** The prompt whose answer the book compares before and after training (7.7). */
    public static final String REFERENCE_PROMPT = "What is El Niño?";

    public static SftDataset tokenize(List<String> texts, TextTokenizer tokenizer, int maxLength, long padId) {
        return tokenize(texts, TokenCodec.of(tokenizer), maxLength, padId);
    }

    public static SftDataset tokenize(List<String> texts, TokenCodec tokenizer, int maxLength, long padId) {
        if (texts.isEmpty()) throw new TrainingException("train.plan.noRows", new Object[] {}, "");
        if (maxLength < 2) throw new TrainingException("train.sft.maxLength", new Object[] {}, "");
        List<long[]> rows = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isBlank()) throw new TrainingException("train.sft.emptyLine", new Object[] {i + 1}, "");
            long[] enc = tokenizer.encode(t);
            if (enc.length > maxLength) enc = java.util.Arrays.copyOf(enc, maxLength);
            if (enc.length < 2) {
                throw new TrainingException("train.sft.oneToken", new Object[] {i + 1, enc.length}, "");
            }
            rows.add(enc);
            longest = Math.max(longest, enc.length);
        }
        long[][] ids = new long[rows.size()][longest];
        long[][] mask = new long[rows.size()][longest];
        for (int i = 0; i < rows.size(); i++) {
            long[] r = rows.get(i);
            java.util.Arrays.fill(ids[i], padId);
            System.arraycopy(r, 0, ids[i], 0, r.length);
            java.util.Arrays.fill(mask[i], 0, r.length, 1);
        }
        return new SftDataset(List.copyOf(texts), ids, mask);
    }

    /** One JSON object per line with a "text" field; blank lines are skipped, bad ones named. */
    public static List<String> readJsonl(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new TrainingException(br.lncc.llm.text.Message.of("train.sft.unreadable", file, ReadFailure.reason(e)), String.valueOf(e), e);
        }
        var json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (IOException e) {
                throw new TrainingException("train.sft.badJson", new Object[] {i + 1, String.valueOf(file.getFileName()), e.getMessage().lines().findFirst().orElse("")}, "");
            }
            JsonNode text = node == null ? null : node.get("text");
            if (text == null || !text.isTextual() || text.asText().isBlank()) {
                throw new TrainingException("train.sft.noText", new Object[] {i + 1, String.valueOf(file.getFileName())}, "");
            }
            texts.add(text.asText());
        }
        if (texts.isEmpty()) throw new TrainingException("train.sft.noRows", new Object[] {String.valueOf(file.getFileName())}, "");
        return texts;
    }

    public int rows() {
        return ids.length;
    }

    public int length() {
        return ids[0].length;
    }
}
