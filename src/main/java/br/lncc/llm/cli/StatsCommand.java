package br.lncc.llm.cli;

import br.lncc.llm.stats.Correlation;
import br.lncc.llm.stats.MannWhitney;
import br.lncc.llm.stats.McNemar;
import br.lncc.llm.stats.OneWayAnova;
import br.lncc.llm.stats.TestResult;
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
        subcommands = {
            StatsCommand.McNemarCommand.class,
            StatsCommand.MannWhitneyCommand.class,
            StatsCommand.AnovaCommand.class,
            StatsCommand.CorrelationCommand.class
        })
public final class StatsCommand implements Runnable {

    // The command line built by CompanionCommand, so the usage is in --lang's language.
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Prints {"statistic":x,"pvalue":p} with --json, a readable line otherwise; 1 on bad input. */
    static int print(Callable<TestResult> test, boolean json, String name) {
        TestResult r;
        try {
            r = test.call();
        } catch (Exception e) {
            return CliErrors.report(e);
        }
        if (json) {
            var node = new ObjectMapper().createObjectNode();
            node.put("statistic", r.statistic());
            node.put("pvalue", r.pvalue());
            System.out.println(node);
        } else {
            System.out.println(CompanionCommand.text("cli.stats.result", name, String.valueOf(r.statistic()), String.valueOf(r.pvalue()),
                    r.method()));
        }
        return 0;
    }

    static double[] values(String csv) {
        try {
            return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CompanionCommand.text("cli.stats.badList", csv, e.getMessage()));
        }
    }

    @Command(name = "mcnemar", mixinStandardHelpOptions = true)
    static final class McNemarCommand implements Callable<Integer> {
        @Option(names = "--b", required = true) long b;
        @Option(names = "--c", required = true) long c;
        @Option(names = "--exact") boolean exact;
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() {
            return print(() -> exact ? McNemar.exact(b, c) : McNemar.chiSquared(b, c), json, "McNemar");
        }
    }

    @Command(name = "mannwhitney", mixinStandardHelpOptions = true)
    static final class MannWhitneyCommand implements Callable<Integer> {
        @Option(names = "--x", required = true) String x;
        @Option(names = "--y", required = true) String y;
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() {
            return print(() -> MannWhitney.test(values(x), values(y)), json, "Mann-Whitney U");
        }
    }

    @Command(name = "anova", mixinStandardHelpOptions = true)
    static final class AnovaCommand implements Callable<Integer> {
        @Option(names = "--group", required = true) List<String> groups = new ArrayList<>();
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() {
            return print(() -> OneWayAnova.test(groups.stream().map(StatsCommand::values).toList()), json, "ANOVA F");
        }
    }

    @Command(name = "correlation", mixinStandardHelpOptions = true)
    static final class CorrelationCommand implements Callable<Integer> {
        @Option(names = "--x", required = true) String x;
        @Option(names = "--y", required = true) String y;
        @Option(names = "--method", defaultValue = "pearson") String method;
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() {
            return print(() -> Correlation.test(values(x), values(y), Correlation.Method.parse(method)), json, CompanionCommand.text("cli.stats.correlation", method));
        }
    }
}
