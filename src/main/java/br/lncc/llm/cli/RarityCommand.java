package br.lncc.llm.cli;

import br.lncc.llm.bench.rarity.ModelSpec;
import br.lncc.llm.bench.rarity.RarityScorer;
import br.lncc.llm.bench.rarity.RaritySelection;
import br.lncc.llm.bench.rarity.RarityTable;
import br.lncc.llm.bench.rarity.SizeCategory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Architectural rarity score and model selection (seed 002) from an editable CSV table. */
@Command(name = "rarity", mixinStandardHelpOptions = true)
public final class RarityCommand implements Callable<Integer> {

    @Option(names = "--table", required = true) Path table;
    @Option(names = "--top", defaultValue = "5") int top;
    @Option(names = "--baseline") List<String> baselines;
    @Option(names = "--json") boolean json;

    @Override
    public Integer call() throws Exception {
        if (top < 0) { // before the table is read: a setting is checked before any work
            System.err.println(CompanionCommand.text("error.prefix", CompanionCommand.text("cli.rarity.negativeTop", top)));
            return 1;
        }
        List<ModelSpec> models;
        try {
            models = RarityTable.read(table);
        } catch (RuntimeException e) {
            return CliErrors.report(e);
        }
        if (models.isEmpty()) {
            System.err.println(CompanionCommand.text("error.prefix", CompanionCommand.text("cli.rarity.empty", table, RarityTable.HEADER)));
            return 1;
        }
        // A mistyped mandatory model would silently drop out of the selection.
        List<String> unknown = baselines == null ? List.of() : RaritySelection.unknownBaselines(models, baselines);
        if (!unknown.isEmpty()) {
            System.err.println(CompanionCommand.text("error.prefix", CompanionCommand.text("cli.rarity.unknownBaseline", unknown, table,
                    models.stream().map(ModelSpec::name).toList())));
            return 1;
        }
        List<ModelSpec> latest = RarityScorer.latestVersions(models);
        var scores = RarityScorer.score(latest);
        var selection = RaritySelection.select(models, List.of(SizeCategory.SMALL, SizeCategory.LARGE), top,
                baselines == null ? RaritySelection.SEED_BASELINES : baselines);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("models_in_table", models.size());
            out.put("models_after_version_filter", latest.size());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (var s : scores) rows.add(row(s));
            out.put("scores", rows);
            List<Map<String, Object>> cats = new ArrayList<>();
            for (var c : selection) {
                Map<String, Object> cat = new LinkedHashMap<>();
                cat.put("category", c.category().label());
                List<Map<String, Object>> picks = new ArrayList<>();
                for (var p : c.picks()) {
                    Map<String, Object> m = row(p.score());
                    m.put("rank", p.rank());
                    m.put("baseline", p.baseline());
                    picks.add(m);
                }
                cat.put("selected", picks);
                cats.add(cat);
            }
            out.put("selection", cats);
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        } else {
            System.out.println(CompanionCommand.text("cli.rarity.counts", models.size(), latest.size()));
            for (var c : selection) {
                System.out.println(CompanionCommand.text("cli.rarity.category", c.category().label()));
                for (var p : c.picks()) {
                    System.out.printf(Locale.ROOT, "  %2d. %-24s %6.2f%s%n", p.rank(), p.score().model().name(), p.score().score(),
                            p.baseline() ? "  (baseline)" : "");
                }
            }
        }
        return 0;
    }

    private static Map<String, Object> row(br.lncc.llm.bench.rarity.RarityScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.model().name());
        m.put("attention", s.model().attention());
        m.put("activation", s.model().activation());
        m.put("norm", s.model().norm());
        m.put("context", ModelSpec.formatContext(s.model().contextTokens()));
        m.put("weight_attention", s.attentionWeight());
        m.put("weight_activation", s.activationWeight());
        m.put("weight_norm", s.normWeight());
        m.put("weight_context_norm", s.contextWeightNormalized());
        m.put("score", s.score());
        return m;
    }
}
