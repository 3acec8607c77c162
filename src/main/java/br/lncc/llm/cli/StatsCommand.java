package br.lncc.llm.cli;

import br.lncc.llm.bench.stats.Correlation;
import br.lncc.llm.bench.stats.MannWhitney;
import br.lncc.llm.bench.stats.McNemar;
import br.lncc.llm.bench.stats.OneWayAnova;
import br.lncc.llm.bench.stats.TestResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Statistical tests of the Benchmark tab, one subcommand each; p-values as SciPy/statsmodels. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Testes estatísticos (McNemar, Mann-Whitney, ANOVA, correlações).",
        subcommands = {
            StatsCommand.McNemarCommand.class,
            StatsCommand.MannWhitneyCommand.class,
            StatsCommand.AnovaCommand.class,
            StatsCommand.CorrelationCommand.class
        })
public final class StatsCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Prints {"statistic":x,"pvalue":p} with --json, a readable line otherwise; 1 on bad input. */
    static int print(Callable<TestResult> test, boolean json, String name) {
        TestResult r;
        try {
            r = test.call();
        } catch (IllegalArgumentException e) {
            System.err.println("Erro: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("Erro: " + e);
            return 1;
        }
        if (json) {
            var node = new ObjectMapper().createObjectNode();
            node.put("statistic", r.statistic());
            node.put("pvalue", r.pvalue());
            System.out.println(node);
        } else {
            System.out.printf(Locale.ROOT, "%s: estatística = %s, p = %s (%s)%n", name, r.statistic(), r.pvalue(), r.method());
        }
        return 0;
    }

    static double[] values(String csv) {
        try {
            return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lista de números inválida: '" + csv + "' (" + e.getMessage() + ")");
        }
    }

    @Command(name = "mcnemar", mixinStandardHelpOptions = true,
            description = "McNemar: b = 1º certo/2º errado, c = 1º errado/2º certo. χ² com correção de continuidade, ou binomial exato.")
    static final class McNemarCommand implements Callable<Integer> {
        @Option(names = "--b", required = true, description = "pares em que só o 1º acertou") long b;
        @Option(names = "--c", required = true, description = "pares em que só o 2º acertou") long c;
        @Option(names = "--exact", description = "teste binomial exato") boolean exact;
        @Option(names = "--json", description = "saída JSON {\"statistic\", \"pvalue\"}") boolean json;

        @Override
        public Integer call() {
            return print(() -> exact ? McNemar.exact(b, c) : McNemar.chiSquared(b, c), json, "McNemar");
        }
    }

    @Command(name = "mannwhitney", mixinStandardHelpOptions = true, description = "Mann-Whitney U bilateral (como scipy.stats.mannwhitneyu).")
    static final class MannWhitneyCommand implements Callable<Integer> {
        @Option(names = "--x", required = true, description = "valores separados por vírgula") String x;
        @Option(names = "--y", required = true, description = "valores separados por vírgula") String y;
        @Option(names = "--json", description = "saída JSON {\"statistic\", \"pvalue\"}") boolean json;

        @Override
        public Integer call() {
            return print(() -> MannWhitney.test(values(x), values(y)), json, "Mann-Whitney U");
        }
    }

    @Command(name = "anova", mixinStandardHelpOptions = true, description = "ANOVA de um fator (como scipy.stats.f_oneway).")
    static final class AnovaCommand implements Callable<Integer> {
        @Option(names = "--group", required = true, description = "um grupo: valores separados por vírgula; repita a opção") List<String> groups = new ArrayList<>();
        @Option(names = "--json", description = "saída JSON {\"statistic\", \"pvalue\"}") boolean json;

        @Override
        public Integer call() {
            return print(() -> OneWayAnova.test(groups.stream().map(StatsCommand::values).toList()), json, "ANOVA F");
        }
    }

    @Command(name = "correlation", mixinStandardHelpOptions = true, description = "Correlação de Pearson ou Spearman com p-valor (como SciPy).")
    static final class CorrelationCommand implements Callable<Integer> {
        @Option(names = "--x", required = true, description = "valores separados por vírgula") String x;
        @Option(names = "--y", required = true, description = "valores separados por vírgula") String y;
        @Option(names = "--method", defaultValue = "pearson", description = "pearson | spearman") String method;
        @Option(names = "--json", description = "saída JSON {\"statistic\", \"pvalue\"}") boolean json;

        @Override
        public Integer call() {
            return print(() -> Correlation.test(values(x), values(y), Correlation.Method.parse(method)), json, "Correlação " + method);
        }
    }
}
