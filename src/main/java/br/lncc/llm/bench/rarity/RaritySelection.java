package br.lncc.llm.bench.rarity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which models to benchmark (seed 002): per size category, the top N by rarity, plus the
 * mandatory baselines of that category even when their rarity is low.
 */
public final class RaritySelection {
    private RaritySelection() {}

    /** The seed's reference models. */
    public static final List<String> SEED_BASELINES =
            List.of("Llama 3.1 8B", "Llama 3.3 70B", "Foundation-Sec 8B", "GPT-OSS 20B", "Granite 3.2 8B");

    public record Pick(RarityScore score, boolean baseline, int rank) {}

    public record Category(SizeCategory category, List<Pick> picks) {}

    /** Full pipeline: latest-version filter, scores over the filtered table, selection. */
    /** The baseline names that match no model of the table (spaces and case ignored): typos to report. */
    public static List<String> unknownBaselines(List<ModelSpec> table, List<String> baselines) {
        Set<String> names = table.stream().map(m -> ModelSpec.key(m.name())).collect(Collectors.toSet());
        return baselines.stream().filter(b -> !names.contains(ModelSpec.key(b))).toList();
    }

    public static List<Category> select(List<ModelSpec> table, List<SizeCategory> categories, int topN, List<String> baselines) {
        List<RarityScore> scores = RarityScorer.score(RarityScorer.latestVersions(table));
        Set<String> baselineKeys = baselines.stream().map(ModelSpec::key).collect(Collectors.toSet());
        List<Category> result = new ArrayList<>();
        for (SizeCategory c : categories) {
            List<RarityScore> inBand = scores.stream()
                    .filter(s -> c.contains(s.model()))
                    .sorted(RarityScorer.byScoreDescending())
                    .toList();
            List<Pick> picks = new ArrayList<>();
            for (int i = 0; i < inBand.size(); i++) {
                RarityScore s = inBand.get(i);
                boolean baseline = baselineKeys.contains(ModelSpec.key(s.model().name()));
                if (i < topN || baseline) picks.add(new Pick(s, baseline, i + 1));
            }
            result.add(new Category(c, picks));
        }
        return result;
    }
}
