package br.lncc.llm.lesson;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How repetitive a generated text is, with the two measures of the compression write-up (seed
 * 004) and Cap. 4's Part D: rep-n = share of repeated word n-grams (0 = none repeated, near 1 =
 * a loop) and distinct-n = share of distinct word n-grams. Words are whitespace-separated, as
 * the seed does, so the numbers compare across tokenizers.
 */
public final class Repetition {

    private Repetition() {}

    /** 1 − distinct n-grams / all n-grams; 0 for texts shorter than n words. */
    public static double repetitionRate(String text, int n) {
        List<List<String>> grams = ngrams(text, n);
        return grams.isEmpty() ? 0.0 : 1.0 - distinctCount(grams) / (double) grams.size();
    }

    /** distinct n-grams / all n-grams; 0 for texts shorter than n words. */
    public static double distinct(String text, int n) {
        List<List<String>> grams = ngrams(text, n);
        return grams.isEmpty() ? 0.0 : distinctCount(grams) / (double) grams.size();
    }

    private static int distinctCount(List<List<String>> grams) {
        Set<List<String>> set = new HashSet<>(grams);
        return set.size();
    }

    private static List<List<String>> ngrams(String text, int n) {
        String trimmed = text.strip();
        String[] words = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i + n <= words.length; i++) out.add(List.of(words).subList(i, i + n));
        return out;
    }
}
