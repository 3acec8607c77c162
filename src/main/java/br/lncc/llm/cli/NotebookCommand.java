package br.lncc.llm.cli;

import br.lncc.llm.notebooks.N01;
import br.lncc.llm.notebooks.N02;
import br.lncc.llm.notebooks.N03;
import br.lncc.llm.task.ProgressSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs a course notebook's Java equivalent cell by cell, printing what the notebook prints. */
@Command(name = "notebook", mixinStandardHelpOptions = true)
public final class NotebookCommand implements Callable<Integer> {

    @Parameters(index = "0") String id;

    @Option(names = "--out")
    Path out;

    @Option(names = "--gpt2")
    Path gpt2;

    @Option(names = "--t5")
    Path t5;

    @Option(names = "--tokens")
    Integer tokens;

    @Option(names = "--model")
    String model;

    @Option(names = "--seed")
    Long seed;

    @Option(names = "--cpu-only")
    boolean cpuOnly;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            checkOptions();
            switch (id.toUpperCase(Locale.ROOT)) {
                case "N01", "N1" -> N01.run(System.out, out != null ? out : N01.defaultPlotDir(), cpuOnly);
                case "N02", "N2" -> new N02(System.out, gpt2, t5, tokens == null ? 80 : tokens, seedOrDefault()).run();
                case "N03", "N3" -> new N03(System.out, out != null ? out : N03.defaultOutDir(), model, seedOrDefault())
                        .run(ProgressSink.NONE);
                default -> {
                    System.err.println(CompanionCommand.text("cli.notebook.unknown", id));
                    return 2;
                }
            }
            return 0;
        });
    }

    private static void onlyFor(String option, boolean given, String notebook, String... notebooks) {
        if (!given || !java.util.List.of("N1", "N2", "N3").contains(notebook) || java.util.List.of(notebooks).contains(notebook)) {
            return;
        }
        throw new IllegalArgumentException(CompanionCommand.text("cli.notebook.notFor", option, notebook.replace("N", "N0"),
                String.join(", ", java.util.Arrays.stream(notebooks).map(n -> n.replace("N", "N0")).toList())));
    }

    /** Options a notebook would only trip over cells later (after minutes of output) are checked first. */
    private long seedOrDefault() {
        return seed == null ? 42 : seed;
    }

    private void checkOptions() {
        String notebook = id.toUpperCase(Locale.ROOT).replace("N0", "N");
        // An option of another notebook would be ignored without a word (N02 --model runs GPT-2, not the model given).
        onlyFor("--model", model != null, notebook, "N3");
        onlyFor("--gpt2", gpt2 != null, notebook, "N2");
        onlyFor("--t5", t5 != null, notebook, "N2");
        onlyFor("--tokens", tokens != null, notebook, "N2");
        onlyFor("--seed", seed != null, notebook, "N2", "N3");
        onlyFor("--out", out != null, notebook, "N1", "N3");
        onlyFor("--cpu-only", cpuOnly, notebook, "N1");
        if (tokens != null && tokens < 1) throw new IllegalArgumentException(CompanionCommand.text("cli.notebook.tokens", tokens));
        if (gpt2 != null && !Files.isDirectory(gpt2)) throw new IllegalArgumentException(CompanionCommand.text("cli.notebook.noFolder", "--gpt2", gpt2));
        if (t5 != null && !Files.isDirectory(t5)) throw new IllegalArgumentException(CompanionCommand.text("cli.notebook.noFolder", "--t5", t5));
        if (out != null) {
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new IllegalArgumentException(CompanionCommand.text("cli.notebook.outNotCreated", out, String.valueOf(e)));
            }
            if (!Files.isWritable(out)) throw new IllegalArgumentException(CompanionCommand.text("cli.notebook.outNotWritable", out));
        }
    }
}
