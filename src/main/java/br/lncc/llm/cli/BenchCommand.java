package br.lncc.llm.cli;

import br.lncc.llm.bench.CompleterLoader;
import picocli.CommandLine.Command;

/** Benchmarks: energy (SLM Green Benchmark) and the sentiment prompt-repetition experiment. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (energia, sentimento, velocidade de decodificação).",
        subcommands = {BenchEnergyCommand.class, BenchSentimentCommand.class, BenchMergeCommand.class, DecodeBenchCommand.class,
                TrainBenchCommand.class, QuantBenchCommand.class, PretrainBenchCommand.class})
public final class BenchCommand implements Runnable {

    /** How benchmark commands open a model; tests put a fixture loader here. */
    static CompleterLoader loader = br.lncc.llm.bench.ModelOpener.standard();

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
