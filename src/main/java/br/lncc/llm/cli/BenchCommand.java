package br.lncc.llm.cli;

import br.lncc.llm.bench.CompleterLoader;
import picocli.CommandLine.Command;

/** Benchmarks: energy (SLM Green Benchmark) and the sentiment prompt-repetition experiment. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchEnergyCommand.class, BenchSentimentCommand.class, BenchMergeCommand.class, DecodeBenchCommand.class,
                TrainBenchCommand.class, QuantBenchCommand.class, PretrainBenchCommand.class})
public final class BenchCommand implements Runnable {

    /** How benchmark commands open a model; tests put a fixture loader here. */
    static CompleterLoader loader = br.lncc.llm.bench.ModelOpener.standard();

    // The command line built by CompanionCommand, so the usage is in --lang's language.
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
