package br.lncc.llm.cli;

import br.lncc.llm.bench.BenchmarkException;
import br.lncc.llm.bench.CompleterLoader;
import br.lncc.llm.bench.JsonlLog;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** Benchmarks: energy (SLM Green Benchmark) and the sentiment prompt-repetition experiment. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (energia, sentimento, velocidade de decodificação).",
        subcommands = {BenchEnergyCommand.class, BenchSentimentCommand.class, DecodeBenchCommand.class,
                TrainBenchCommand.class, QuantBenchCommand.class})
public final class BenchCommand implements Runnable {

    /** How benchmark commands open a model; tests put a fixture loader here. */
    static CompleterLoader loader = br.lncc.llm.bench.ModelOpener.standard();

    /**
     * A run without --resume starts its log from scratch; when the folder already holds measured
     * records we stop instead, so a repeated command line never wipes hours of results.
     */
    static void refuseToOverwrite(Path log) {
        int records = JsonlLog.read(log).size();
        if (records > 0) {
            throw new BenchmarkException(log.getFileName() + " em " + log.toAbsolutePath().getParent() + " já tem " + records
                    + " resultado(s) medido(s): use --resume para continuar essa execução ou escolha outra --out (nada foi apagado)");
        }
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
