package br.lncc.llm.cli;

import picocli.CommandLine.Command;

/** Evaluations of a model on a text (perplexity). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        subcommands = {EvalPplCommand.class})
public final class EvalCommand implements Runnable {
    // The command line built by CompanionCommand, so the usage is in --lang's language.
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
