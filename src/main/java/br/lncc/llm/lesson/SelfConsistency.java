package br.lncc.llm.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cap. 5.7: self-consistency — sample several answers, parse each, take the majority vote.
 * The parsing rules are the notebook's (N2.25, N2.26), shown to the student as they are, with
 * their quirks: the numeric parser takes the FIRST integer, so an echoed "27 + 58 = 85" counts
 * as 27.
 */
public final class SelfConsistency {

    /** Shown when no sample could be parsed (N2.25). */
    public static final String UNDECIDED = "INDETERMINADO";

    private static final Pattern LABEL = Pattern.compile("\\b(POSITIVO|NEGATIVO)\\b");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private SelfConsistency() {}

    /** Upper-cases the trimmed text and takes the first whole-word POSITIVO or NEGATIVO. */
    public static Optional<String> parseLabel(String sample) {
        Matcher m = LABEL.matcher(sample.trim().toUpperCase(java.util.Locale.ROOT));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The first integer in the text (optional minus sign, then digits). */
    public static Optional<Integer> parseFirstInteger(String sample) {
        Matcher m = INTEGER.matcher(sample);
        return m.find() ? Optional.of(Integer.parseInt(m.group())) : Optional.empty();
    }

    /**
     * Parses every sample and votes. Counts keep first-seen order and ties go to the first value
     * seen, as Python's Counter.most_common does.
     */
    public static <T> Vote<T> vote(List<String> samples, Function<String, Optional<T>> parser) {
        Map<T, Integer> counts = new LinkedHashMap<>();
        List<Optional<T>> parsed = new ArrayList<>();
        int unparsed = 0;
        for (String s : samples) {
            Optional<T> value = parser.apply(s);
            parsed.add(value);
            if (value.isPresent()) counts.merge(value.get(), 1, Integer::sum);
            else unparsed++;
        }
        T winner = null;
        int best = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                winner = e.getKey();
            }
        }
        return new Vote<>(List.copyOf(samples), List.copyOf(parsed), Map.copyOf(counts),
                orderedKeys(counts), unparsed, Optional.ofNullable(winner));
    }

    private static <T> List<T> orderedKeys(Map<T, Integer> counts) {
        return List.copyOf(counts.keySet());
    }

    /**
     * The outcome of a vote. {@code order} lists the parsed values in first-seen order (the order
     * Python prints the Counter in); {@code winner} is empty when nothing parsed.
     */
    public record Vote<T>(List<String> samples, List<Optional<T>> parsed, Map<T, Integer> counts,
                          List<T> order, int unparsed, Optional<T> winner) {

        public int total() {
            return samples.size();
        }

        /** The label vote's final word: the winner, or INDETERMINADO. */
        public String verdict() {
            return winner.map(String::valueOf).orElse(UNDECIDED);
        }
    }
}
