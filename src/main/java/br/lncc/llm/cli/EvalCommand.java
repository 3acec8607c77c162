package br.lncc.llm.cli;

import picocli.CommandLine.Command;

/** Evaluations of a model on a text (perplexity). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Avaliações de um modelo causal sobre um texto (perplexidade).",
        subcommands = {EvalPplCommand.class})
public final class EvalCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
