package br.lncc.llm.tokenize;

import br.lncc.llm.text.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a {@code tokenizer.json} before DJL's Rust library sees it. A pre-tokenizer or normalizer
 * regex that backtracks catastrophically ("(a+)+$") makes Oniguruma hit its retry limit while
 * encoding, the Rust code panics across JNI and the whole JVM aborts (exit 134, no report, no
 * message). Every {@code "Regex"} pattern in the file is therefore looked at here:
 * <ul>
 *   <li>absurdly long patterns are refused;</li>
 *   <li>patterns with the shape of catastrophic backtracking — a repeated group that itself holds
 *       a repetition or an alternation, {@code (a+)+}, {@code (x|xx)*} — are tried for real in a
 *       child process ({@link TokenizerProbe}) that loads the tokenizer in the native library and
 *       encodes texts made to trigger it; if that process dies, the tokenizer is refused and this
 *       process lives on. Java's own matcher cannot be the judge: it memoizes exactly these loops.</li>
 * </ul>
 * Real tokenizers (GPT-2, Llama 3, Qwen2, BERT, T5) have no such shape and load at once.
 */
public final class TokenizerFileCheck {
    /** Longest pattern accepted; real tokenizers' patterns are a few hundred characters. */
    static final int MAX_PATTERN_CHARS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Files already checked (path, size, modification time): loading a model twice checks once. */
    private static final Map<String, Boolean> CHECKED = new ConcurrentHashMap<>();

    private TokenizerFileCheck() {}

    /** Throws {@link TokenizerException} naming the first pattern that is unsafe for the native library. */
    public static void requireSafe(Path file) {
        String key;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            key = file.toAbsolutePath() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return; // a missing file is reported by whoever opens it
        }
        if (CHECKED.containsKey(key)) return;
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new TokenizerException(Message.of("tokenizercheck.notJson", file.toString()), e.getMessage(), e);
        }
        List<String> patterns = new ArrayList<>();
        collectRegexes(root, patterns);
        for (String p : patterns) check(file, p);
        CHECKED.put(key, Boolean.TRUE);
    }

    private static void collectRegexes(JsonNode node, List<String> out) {
        if (node == null) return;
        if (node.isObject()) {
            JsonNode regex = node.get("Regex");
            if (regex != null && regex.isTextual()) out.add(regex.asText());
            // vocab and merges hold no patterns and are most of the file: skip them
            node.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("vocab") && !f.getKey().equals("merges")) collectRegexes(f.getValue(), out);
            });
        } else if (node.isArray()) {
            for (JsonNode n : node) collectRegexes(n, out);
        }
    }

    static void check(Path file, String pattern) {
        String shown = pattern.length() > 80 ? pattern.substring(0, 80) + "…" : pattern;
        if (pattern.length() > MAX_PATTERN_CHARS) {
            throw new TokenizerException(Message.of("tokenizercheck.tooLong", file.toString(), pattern.length()), "pattern " + shown, null);
        }
        if (!nestedRepetition(pattern)) return;
        TokenizerProbe.Verdict v = TokenizerProbe.run(file, probes(pattern));
        if (!v.survived()) {
            throw new TokenizerException(Message.of("tokenizercheck.catastrophic", file.toString(), shown),
                    "regex " + shown + ": the native tokenizer died in a child process (" + v.detail() + ")", null);
        }
    }

    /**
     * Whether some repeated group ({@code (…)+}, {@code (…)*}, {@code (…)&#123;n,m&#125;}, {@code (…)&#123;n&#125;})
     * holds a repetition (bounded ones too) or an alternation: the shape whose backtracking grows exponentially. Possessive
     * ({@code ++}) and atomic ({@code (?>…)}) groups cannot backtrack and do not count.
     */
    public static boolean nestedRepetition(String p) {
        java.util.ArrayDeque<boolean[]> groups = new java.util.ArrayDeque<>(); // [holds repetition or '|', atomic]
        boolean[] top = {false, false};
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
                if (i + 1 < p.length() && "+*".indexOf(p.charAt(i + 1)) >= 0) top[0] = true;
                continue;
            }
            if (c == '[') {
                int j = i + 1;
                if (j < p.length() && p.charAt(j) == '^') j++;
                if (j < p.length() && p.charAt(j) == ']') j++;
                int depth = 1;
                for (; j < p.length() && depth > 0; j++) {
                    char d = p.charAt(j);
                    if (d == '\\') j++;
                    else if (d == '[') depth++;
                    else if (d == ']') depth--;
                }
                i = j - 1;
                if (j < p.length() && "+*".indexOf(p.charAt(j)) >= 0) top[0] = true;
                continue;
            }
            if (c == '(') {
                groups.push(top);
                top = new boolean[] {false, p.startsWith("(?>", i)};
                continue;
            }
            if (c == '|') top[0] = true;
            if (c == '+' || c == '*' || (c == '{' && quantifierEnd(p, i) > 0)) top[0] = true;
            if (c == ')') {
                boolean inner = top[0] && !top[1];
                top = groups.isEmpty() ? new boolean[] {false, false} : groups.pop();
                int q = i + 1;
                int end = quantifierEnd(p, q);
                boolean repeated = end > 0;
                boolean possessive = repeated && end < p.length() && p.charAt(end) == '+';
                if (repeated && inner && !possessive) return true;
                if (repeated || inner) top[0] = top[0] || repeated || inner;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern COUNT = java.util.regex.Pattern.compile("\\{(\\d{1,9})(,(\\d{0,9}))?}");

    /**
     * Where a quantifier that repeats (+, *, {n} or {n,m} with a maximum above 1, {n,}) starting at
     * {@code q} ends, or -1. Bounded counts nest too: (a{1,10}){1,10}$ and (.*a){30}$ aborted the
     * JVM through the native tokenizer while only +, * and {n,} were looked at (issue 18, item 8).
     */
    static int quantifierEnd(String p, int q) {
        if (q >= p.length()) return -1;
        char c = p.charAt(q);
        if (c == '+' || c == '*') return q + 1;
        if (c != '{') return -1;
        java.util.regex.Matcher m = COUNT.matcher(p);
        if (!m.find(q) || m.start() != q) return -1;
        boolean unbounded = m.group(2) != null && m.group(3).isEmpty();
        long max = unbounded ? Long.MAX_VALUE : Long.parseLong(m.group(3) != null ? m.group(3) : m.group(1));
        return max > 1 ? m.end() : -1;
    }

    /**
     * Texts that make backtracking explode when a pattern nests repetitions: long runs of one
     * character (letters, digits, spaces, symbols, and the pattern's own literal characters) ended
     * by a character that makes the match fail.
     */
    static List<String> probes(String pattern) {
        List<String> seeds = new ArrayList<>(List.of("a", "1", " ", "!", "'", "ab", "\u4e2d"));
        for (char c : pattern.toCharArray()) {
            if (Character.isLetterOrDigit(c) || " '-_.,;:!?".indexOf(c) >= 0) {
                String s = String.valueOf(c);
                if (!seeds.contains(s)) seeds.add(s);
            }
            if (seeds.size() > 24) break;
        }
        List<String> out = new ArrayList<>();
        for (String seed : seeds) {
            String run = seed.repeat(Math.max(1, 200 / seed.length()));
            out.add(run + "!");
            out.add(run + "\u0000");
        }
        return out;
    }
}
