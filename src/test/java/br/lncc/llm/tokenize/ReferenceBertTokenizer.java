package br.lncc.llm.tokenize;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent, deliberately plain re-reading of Hugging Face's Python {@code BertTokenizer}
 * (BasicTokenizer + WordpieceTokenizer) used only as a test oracle for the generated
 * tokenizer.json. It follows the Python code path, not the Rust one DJL runs.
 */
final class ReferenceBertTokenizer {
    private final Map<String, Integer> ids = new HashMap<>();

    ReferenceBertTokenizer(List<String> vocab) {
        for (int i = 0; i < vocab.size(); i++) ids.putIfAbsent(vocab.get(i), i);
    }

    List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        out.add("[CLS]");
        // Special tokens typed in the text ("[MASK]") are never split nor lower-cased.
        for (String part : text.split("(?=\\[(?:PAD|UNK|CLS|SEP|MASK)\\])|(?<=\\[(?:PAD|UNK|CLS|SEP|MASK)\\])")) {
            if (part.matches("\\[(?:PAD|UNK|CLS|SEP|MASK)\\]")) {
                out.add(part);
                continue;
            }
            for (String word : basicTokens(part)) out.addAll(wordPiece(word));
        }
        out.add("[SEP]");
        return out;
    }

    long[] ids(List<String> tokens) {
        return tokens.stream().mapToLong(t -> ids.get(t)).toArray();
    }

    private List<String> basicTokens(String text) {
        StringBuilder cleaned = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) return;
            if (isWhitespace(cp)) cleaned.append(' ');
            else if (isCjk(cp)) cleaned.append(' ').appendCodePoint(cp).append(' ');
            else cleaned.appendCodePoint(cp);
        });
        List<String> words = new ArrayList<>();
        for (String raw : cleaned.toString().trim().split(" +")) {
            if (raw.isEmpty()) continue;
            String lowered = Normalizer.normalize(raw.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
            StringBuilder noAccents = new StringBuilder();
            lowered.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                    .forEach(noAccents::appendCodePoint);
            StringBuilder current = new StringBuilder();
            noAccents.codePoints().forEach(cp -> {
                if (isPunctuation(cp)) {
                    if (current.length() > 0) words.add(current.toString());
                    current.setLength(0);
                    words.add(new String(Character.toChars(cp)));
                } else {
                    current.appendCodePoint(cp);
                }
            });
            if (current.length() > 0) words.add(current.toString());
        }
        return words;
    }

    private List<String> wordPiece(String word) {
        if (word.codePointCount(0, word.length()) > 100) return List.of("[UNK]");
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            String found = null;
            while (start < end) {
                String candidate = (start > 0 ? "##" : "") + word.substring(start, end);
                if (ids.containsKey(candidate)) {
                    found = candidate;
                    break;
                }
                end--;
            }
            if (found == null) return List.of("[UNK]");
            pieces.add(found);
            start = end;
        }
        return pieces;
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE || t == Character.SURROGATE
                || t == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
