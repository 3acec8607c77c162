package br.lncc.llm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the CLI: the same functions as the GUI, scriptable, JSON on stdout with --json. */
@Command(
        name = "companion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "LLM Course Companion — MC-CD05 (LNCC). Sem argumentos abre a interface gráfica.",
        subcommands = {
            VersionCommand.class,
            DoctorCommand.class,
            LogitsCommand.class,
            GenerateCommand.class,
            StatsCommand.class,
            RarityCommand.class,
            BenchCommand.class,
            ModelsCommand.class,
            NotebookCommand.class,
            TokenizeCommand.class,
            AttentionCommand.class,
            FillMaskCommand.class,
            JudgeCommand.class,
            EvalCommand.class,
        })
public final class CompanionCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the CLI and returns the exit code (2 for usage errors, as picocli does). */
    public static int run(String... args) {
        return new CommandLine(new CompanionCommand()).execute(args);
    }
}
