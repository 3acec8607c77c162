package br.lncc.llm.cli;

import br.lncc.llm.lesson.compress.AblationExport;
import br.lncc.llm.lesson.compress.AblationResult;
import br.lncc.llm.lesson.compress.CompressionCondition;
import br.lncc.llm.lesson.compress.CompressionException;
import br.lncc.llm.lesson.compress.CompressionLab;
import br.lncc.llm.lesson.compress.CompressionModel;
import br.lncc.llm.lesson.compress.CompressionRequest;
import br.lncc.llm.lesson.compress.ConditionResult;
import br.lncc.llm.lesson.compress.Calibration;
import br.lncc.llm.lesson.compress.RandomCheckpoint;
import br.lncc.llm.lesson.compress.ResidentMemory;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code companion compress}: the seed 004 compression lab (Cap. 6.6) from the command line — one
 * condition, or {@code --ablation} for all of them at one budget. The original weights are
 * restored after each condition; stdout carries only the JSON (with --json) or the table.
 */
@Command(name = "compress", mixinStandardHelpOptions = true)
public final class CompressCommand implements Callable<Integer> {

    @Option(names = "--model")
    String model;

    @Option(names = "--random-checkpoint")
    String randomCheckpoint;

    @Option(names = "--calib", required = true)
    Path calib;

    @Option(names = "--eval", required = true)
    Path eval;

    @Option(names = "--prompts")
    Path prompts;

    @Option(names = "--condition")
    String condition;

    @Option(names = "--ablation")
    boolean ablation;

    @Option(names = "--sparsity", defaultValue = "0.32")
    double sparsity;

    @Option(names = "--bits", defaultValue = "4")
    int bits;

    @Option(names = "--group", defaultValue = "128")
    int group;

    @Option(names = "--skip-embeddings", defaultValue = "true", arity = "1")
    boolean skipEmbeddings;

    @Option(names = "--two-four")
    boolean twoFour;

    @Option(names = "--sweep", split = ",")
    List<Integer> sweep = new ArrayList<>();

    @Option(names = "--max-new-tokens", defaultValue = "150")
    int maxNewTokens;

    @Option(names = "--json")
    boolean json;

    /** Used when --prompts is not given: short domain prompts of the course, in Portuguese. */
    static final List<String> DEFAULT_PROMPTS = List.of(
            "O modelo de linguagem",
            "A atenção permite que cada token",
            "Para treinar uma rede neural,",
            "A quantização de um modelo",
            "O Brasil é um país");

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            List<CompressionCondition> conditions = conditions();
            List<String> calibration = CompressionRequest.lines(EvalPplCommand.readText(calib));
            String evaluation = EvalPplCommand.readText(eval);
            List<String> promptList = prompts == null ? DEFAULT_PROMPTS : CompressionRequest.lines(EvalPplCommand.readText(prompts));
            var request = new CompressionRequest(conditions, bits, sparsity, group, skipEmbeddings, twoFour, calibration,
                    evaluation, promptList, maxNewTokens, Calibration.Settings.SEED, 16, sweep);
            if ((model == null) == (randomCheckpoint == null)) throw new IllegalArgumentException(text("cli.compress.modelOrRandom"));
            Path temporary = null;
            java.nio.file.Path folder;
            if (randomCheckpoint != null) {
                temporary = java.nio.file.Files.createTempDirectory("companion-random-" + randomCheckpoint);
                System.err.println(text("cli.compress.writingRandom", randomCheckpoint, temporary));
                folder = RandomCheckpoint.write(randomCheckpoint, temporary, 1234, new StderrProgress());
            } else {
                folder = br.lncc.llm.hub.ModelResolver.standard().resolve(model, new StderrProgress());
            }
            // Issue #14's budget: calibration + pruning + quantization within ~2× the model's fp32 size.
            var peak = ResidentMemory.start();
            long t0 = System.nanoTime();
            try (CompressionModel m = CompressionModel.open(new CompressionModel.Source.Folder(folder))) {
                System.err.println(text("cli.compress.loaded", mib(ResidentMemory.residentMiB()), mib(peak.peakMiB())));
                AblationResult r;
                try (StopOnSignal stop = new StopOnSignal()) {
                    var phases = new PhaseMemoryProgress(new StderrProgress(stop::requested), peak);
                    r = CompressionLab.run(m, request, phases, c -> System.err.println(text(
                            "cli.compress.condition", c.condition().cliName(), fmt("%.3f", c.ppl()), fmt("%.2f", c.budget().compressed()),
                            fmt("%.2f", c.budget().allWeights()), fmt("%.1f", c.seconds()), mib(ResidentMemory.residentMiB()),
                            mib(peak.peakMiB()))));
                    phases.endPhase();
                }
                if (r.cancelled()) System.err.println(text("cli.compress.cancelled"));
                System.err.println(text("cli.compress.peak", mib(peak.peakMiB()), peak.method(), mib(m.weightsMiB()),
                        fmt("%.1f", (System.nanoTime() - t0) / 1e9)));
                print(r);
            } finally {
                if (temporary != null) deleteTree(temporary);
            }
            return 0;
        });
    }

    /**
     * Prints each phase's memory (peak while it ran, resident size at its end) when the next phase
     * begins: loading, calibration, Fisher, baseline, each condition (#14: where the peak is).
     */
    static final class PhaseMemoryProgress implements ProgressSink {
        private final ProgressSink out;
        private final ResidentMemory memory;
        private Message current = Message.of("cli.compress.memory.load");

        PhaseMemoryProgress(ProgressSink out, ResidentMemory memory) {
            this.out = out;
            this.memory = memory;
        }

        @Override
        public void update(long done, long total, Message message) {
            if (!message.key().equals(current.key()) || !Arrays.equals(message.args(), current.args())) {
                endPhase();
                current = message;
            }
            out.update(done, total, message);
        }

        @Override
        public void update(long done, long total, String message) {
            out.update(done, total, message);
        }

        @Override
        public boolean isCancelled() {
            return out.isCancelled();
        }

        /** Prints the memory of the phase that just ended. */
        void endPhase() {
            ResidentMemory.Phase p = memory.endPhase();
            System.err.println(text("cli.compress.memory.phase", Messages.render(CompanionCommand.language(), current),
                    mib(p.peakMiB()), mib(p.residentAtEndMiB())));
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            System.err.println(text("cli.compress.notDeleted", dir, e.getMessage()));
        }
    }

    private List<CompressionCondition> conditions() {
        if (ablation) {
            return Arrays.stream(CompressionCondition.values()).filter(c -> c != CompressionCondition.NONE).toList();
        }
        if (condition == null) throw new IllegalArgumentException(text("cli.compress.noCondition"));
        try {
            return List.of(CompressionCondition.ofCliName(condition));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(text("cli.compress.unknownCondition", condition));
        }
    }

    private void print(AblationResult r) {
        if (json && !ablation) {
            ConditionResult c = r.conditions().isEmpty() ? r.baseline() : r.conditions().get(0);
            System.out.println(AblationExport.condition(c, r.baseline().ppl()));
            return;
        }
        if (json) {
            System.out.println(AblationExport.ablation(r));
            return;
        }
        System.out.println(text("cli.compress.model", r.model(), r.architecture(), fmt("%.1f", 100 * r.embeddingShare()),
                r.tied() ? text("cli.compress.tied") : ""));
        System.out.printf(Locale.ROOT, "%-14s %9s %10s %10s %8s %7s %7s %7s %8s%n", text("cli.compress.col.condition"),
                text("cli.compress.col.bitsCompressed"), text("cli.compress.col.bitsAll"), "ppl", text("cli.compress.col.ratio"),
                "rep-4", "dist-2", text("cli.compress.col.switches"), text("cli.compress.col.seconds"));
        List<ConditionResult> all = new ArrayList<>(AblationExport.rows(r));
        all.addAll(r.sweep());
        for (ConditionResult c : all) {
            System.out.printf(Locale.ROOT, "%-14s %9.2f %10.2f %10.3f %7.3fx %7.3f %7.3f %7d %8.1f%n", AblationExport.label(c, r),
                    c.budget().compressed(), c.budget().allWeights(), c.ppl(), c.pplRatio(), c.rep4(), c.distinct2(),
                    c.scriptSwitches(), c.seconds());
        }
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    private static String mib(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
