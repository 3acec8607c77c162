package br.lncc.llm.bench.energy;

import br.lncc.llm.stats.Correlation;
import br.lncc.llm.stats.MannWhitney;
import br.lncc.llm.stats.OneWayAnova;
import br.lncc.llm.stats.StatisticsException;
import br.lncc.llm.stats.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The seed's statistical_tests.py over run files: Mann-Whitney between every pair of models and
 * one-way ANOVA across all, for latency and energy per query; Pearson and Spearman between
 * tokens, time and energy over all queries.
 */
public final class EnergyAnalysis {
    private EnergyAnalysis() {}

    /** A query metric the analysis compares. */
    public enum Metric {
        DURATION_S("duration_s", QueryRecord::durationS),
        ENERGY_KWH("energy_kwh", QueryRecord::energyKwh),
        TOKENS_OUTPUT("tokens_output", q -> q.tokensOutput()),
        TOKENS_INPUT("tokens_input", q -> q.tokensInput()),
        POWER_W("power_w", QueryRecord::powerW),
        RAM_MB("ram_mb", QueryRecord::ramMb);

        public final String field;
        public final ToDoubleFunction<QueryRecord> value;

        Metric(String field, ToDoubleFunction<QueryRecord> value) {
            this.field = field;
            this.value = value;
        }
    }

    /** One line of the statistics table; {@code error} is set when the test could not run. */
    public record Row(String test, String variables, String groups, double statistic, double pvalue, String method, String error) {}

    public static double[] values(EnergyReport r, Metric m) {
        return r.queryHistory().stream().mapToDouble(m.value).toArray();
    }

    public static List<Row> tests(List<EnergyReport> runs) {
        List<Row> rows = new ArrayList<>();
        for (Metric m : List.of(Metric.DURATION_S, Metric.ENERGY_KWH)) {
            for (int i = 0; i < runs.size(); i++) {
                for (int j = i + 1; j < runs.size(); j++) {
                    String groups = runs.get(i).model() + " × " + runs.get(j).model();
                    int a = i, b = j;
                    rows.add(row("Mann-Whitney U", m.field, groups, () -> MannWhitney.test(values(runs.get(a), m), values(runs.get(b), m))));
                }
            }
            if (runs.size() >= 2) {
                String groups = String.join(", ", runs.stream().map(EnergyReport::model).toList());
                rows.add(row("ANOVA F", m.field, groups, () -> OneWayAnova.test(runs.stream().map(r -> values(r, m)).toList())));
            }
        }
        List<QueryRecord> all = runs.stream().flatMap(r -> r.queryHistory().stream()).toList();
        Metric[][] pairs = {
            {Metric.TOKENS_OUTPUT, Metric.DURATION_S}, {Metric.DURATION_S, Metric.ENERGY_KWH}, {Metric.TOKENS_OUTPUT, Metric.ENERGY_KWH}
        };
        for (Metric[] p : pairs) {
            double[] x = all.stream().mapToDouble(p[0].value).toArray();
            double[] y = all.stream().mapToDouble(p[1].value).toArray();
            String vars = p[0].field + " × " + p[1].field;
            rows.add(row("Pearson r", vars, "todas as consultas", () -> Correlation.pearson(x, y)));
            rows.add(row("Spearman ρ", vars, "todas as consultas", () -> Correlation.spearman(x, y)));
        }
        return rows;
    }

    private static Row row(String test, String vars, String groups, java.util.function.Supplier<TestResult> t) {
        try {
            TestResult r = t.get();
            return new Row(test, vars, groups, r.statistic(), r.pvalue(), r.method(), null);
        } catch (StatisticsException e) {
            return new Row(test, vars, groups, Double.NaN, Double.NaN, "", e.getMessage());
        }
    }

    /** Query histories of several runs as one CSV table (model first), for spreadsheets. */
    public static String csv(List<EnergyReport> runs) {
        StringBuilder sb = new StringBuilder("model,timestamp,query,response,duration_s,tokens_input,tokens_output,energy_kwh,emissions,power_w,ram_mb\n");
        for (EnergyReport r : runs) {
            for (QueryRecord q : r.queryHistory()) {
                sb.append(Csv.field(r.model())).append(',').append(q.timestamp()).append(',').append(Csv.field(q.query())).append(',')
                        .append(Csv.field(q.response())).append(',').append(q.durationS()).append(',').append(q.tokensInput()).append(',')
                        .append(q.tokensOutput()).append(',').append(q.energyKwh()).append(',').append(q.emissions()).append(',')
                        .append(q.powerW()).append(',').append(q.ramMb()).append('\n');
            }
        }
        return sb.toString();
    }
}
