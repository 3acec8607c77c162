package br.lncc.llm.bench.rarity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Architectural rarity score of seed 002. Each categorical value weighs N / count(value); the
 * context window weighs the same way but is rescaled to the attention weights' scale
 * (w / max(w) · mean attention weight) because raw context weights would dominate; the score is
 * the mean of the four. Scoring runs on the latest version of each (family, size) only.
 */
public final class RarityScorer {
    private RarityScorer() {}

    /** Keeps, for every (family, size), the row with the highest version ("3.3" beats "3.1"). */
    public static List<ModelSpec> latestVersions(List<ModelSpec> models) {
        Map<String, ModelSpec> best = new LinkedHashMap<>();
        for (ModelSpec m : models) {
            String key = ModelSpec.key(m.family()) + "|" + m.sizeB();
            best.merge(key, m, (a, b) -> compareVersions(b.version(), a.version()) > 0 ? b : a);
        }
        return new ArrayList<>(best.values());
    }

    /** Numeric comparison segment by segment: "2.5" < "3" < "3.1" < "3.10". */
    static int compareVersions(String a, String b) {
        String[] pa = a.split("[.\\-_]"), pb = b.split("[.\\-_]");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            String sa = i < pa.length ? pa[i] : "0", sb = i < pb.length ? pb[i] : "0";
            int c;
            try {
                c = Long.compare(Long.parseLong(sa), Long.parseLong(sb));
            } catch (NumberFormatException e) {
                c = sa.compareToIgnoreCase(sb);
            }
            if (c != 0) return c;
        }
        return 0;
    }

    /** Scores every model of the list as given (apply {@link #latestVersions} first). */
    public static List<RarityScore> score(List<ModelSpec> models) {
        int n = models.size();
        if (n == 0) return List.of();
        Map<String, Integer> attention = counts(models, ModelSpec::attention);
        Map<String, Integer> activation = counts(models, ModelSpec::activation);
        Map<String, Integer> norm = counts(models, ModelSpec::norm);
        Map<String, Integer> context = counts(models, m -> String.valueOf(m.contextTokens()));

        double meanAttention = 0, maxContext = 0;
        for (ModelSpec m : models) {
            meanAttention += weight(n, attention, m.attention());
            maxContext = Math.max(maxContext, weight(n, context, String.valueOf(m.contextTokens())));
        }
        meanAttention /= n;

        List<RarityScore> scores = new ArrayList<>();
        for (ModelSpec m : models) {
            double wa = weight(n, attention, m.attention());
            double wact = weight(n, activation, m.activation());
            double wn = weight(n, norm, m.norm());
            double wc = weight(n, context, String.valueOf(m.contextTokens()));
            double wcNorm = wc / maxContext * meanAttention;
            scores.add(new RarityScore(m, wa, wact, wn, wc, wcNorm, (wa + wact + wn + wcNorm) / 4));
        }
        return scores;
    }

    /** The seed's formula for one model when only the counts are known (its worked example). */
    public static double score(int n, int attentionCount, int activationCount, int normCount, double contextNormalized) {
        return ((double) n / attentionCount + (double) n / activationCount + (double) n / normCount + contextNormalized) / 4;
    }

    private static double weight(int n, Map<String, Integer> counts, String value) {
        return (double) n / counts.get(normalize(value));
    }

    private static Map<String, Integer> counts(List<ModelSpec> models, Function<ModelSpec, String> trait) {
        Map<String, Integer> counts = new HashMap<>();
        for (ModelSpec m : models) counts.merge(normalize(trait.apply(m)), 1, Integer::sum);
        return counts;
    }

    /** "RMSNorm" and "rmsnorm " are the same value. */
    private static String normalize(String value) {
        return value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
    }

    static Comparator<RarityScore> byScoreDescending() {
        return Comparator.comparingDouble(RarityScore::score).reversed().thenComparing(s -> s.model().name());
    }
}
