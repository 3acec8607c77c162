package br.lncc.llm.bench.rarity;

import java.util.Locale;

/**
 * One row of the rarity table (seed 002): a model by family, size and version, and the four
 * architectural traits the score counts.
 *
 * @param sizeB parameters in billions
 * @param contextTokens context window in tokens
 */
public record ModelSpec(
        String family, double sizeB, String version, String attention, String activation, String norm, long contextTokens) {

    /** "Llama 3.1 8B": what people call the model, and what baselines are matched against. */
    public String name() {
        String size = sizeB == Math.rint(sizeB) ? String.valueOf((long) sizeB) : String.valueOf(sizeB);
        return (family + " " + version).trim() + " " + size + "B";
    }

    /** Names compared without spaces or case, so "Granite3.2 8B" finds "Granite 3.2 8B". */
    static String key(String name) {
        return name.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    /** "8K", "128K", "1M" or a plain token count. */
    public static long parseContext(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        try {
            if (t.endsWith("K")) return Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1024);
            if (t.endsWith("M")) return Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1024 * 1024);
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new br.lncc.llm.text.InvalidInputException("benchdata.rarity.context", text);
        }
    }

    public static String formatContext(long tokens) {
        if (tokens >= 1024 * 1024 && tokens % (1024 * 1024) == 0) return tokens / (1024 * 1024) + "M";
        if (tokens >= 1024 && tokens % 1024 == 0) return tokens / 1024 + "K";
        return String.valueOf(tokens);
    }
}
