package br.lncc.llm.cli;

import br.lncc.llm.bench.shard.SlurmScripts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --slurm}: instead of running, write an sbatch array (one task per shard) and a dependent
 * merge job for the same command; {@code --submit} also submits them.
 */
final class SlurmOptions {
    @Option(names = "--slurm")
    boolean slurm;

    @Option(names = "--array", paramLabel = "N", defaultValue = "4")
    int array;

    @Option(names = "--partition", paramLabel = "P") String partition;

    @Option(names = "--time", paramLabel = "HH:MM:SS", defaultValue = "01:00:00")
    String time;

    @Option(names = "--cpus-per-task", paramLabel = "C", defaultValue = "2")
    int cpusPerTask;

    @Option(names = "--mem", paramLabel = "M") String mem;

    @Option(names = "--gpus", paramLabel = "G")
    Integer gpus;

    @Option(names = "--submit") boolean submit;

    /** Where sbatch is looked up ({@code PATH}); tests replace it. */
    static java.util.function.Supplier<Map<String, String>> environment = System::getenv;

    /** Options that belong to the Slurm job, not to the experiment each task runs. */
    private static final Set<String> NOT_FOR_TASKS = Set.of("--slurm", "--array", "--partition", "--time", "--cpus-per-task",
            "--mem", "--gpus", "--submit", "--shard", "--resume", "--json", "--out");

    boolean requested() {
        return slurm;
    }

    /** Writes (and with --submit submits) the scripts for the command in {@code spec}; the exit code. */
    int write(CommandSpec spec, String experiment, Path out, boolean json) throws Exception {
        var cl = spec.commandLine();
        if (array < 1) throw new CommandLine.ParameterException(cl, CompanionCommand.text("shard.cli.atLeastOne", "--array", array));
        if (cpusPerTask < 1) throw new CommandLine.ParameterException(cl, CompanionCommand.text("shard.cli.atLeastOne", "--cpus-per-task", cpusPerTask));
        if (gpus != null && gpus < 0) throw new CommandLine.ParameterException(cl, CompanionCommand.text("shard.cli.negativeGpus", gpus));
        if (!time.matches("(\\d{1,3}-)?\\d{1,3}:\\d{2}:\\d{2}")) {
            throw new CommandLine.ParameterException(cl, CompanionCommand.text("shard.cli.badTime", time));
        }
        if (mem != null && !mem.matches("(?i)\\d+[KMGT]?")) {
            throw new CommandLine.ParameterException(cl, CompanionCommand.text("shard.cli.badMem", mem));
        }
        List<String> args = new ArrayList<>(List.of(experiment));
        for (var option : cl.getParseResult().matchedOptions()) {
            if (NOT_FOR_TASKS.contains(option.longestName())) continue;
            if (option.arity().max() == 0) {
                args.add(option.longestName());
            } else {
                for (String v : option.originalStringValues()) {
                    args.add(option.longestName());
                    args.add(v);
                }
            }
        }
        args.add("--out");
        args.add(out.toAbsolutePath().normalize().toString());
        Map<String, String> exported = new LinkedHashMap<>();
        for (String k : List.of("HF_HOME", "HF_HUB_CACHE", "HF_TOKEN_PATH", "DJL_CACHE_DIR", "COMPANION_HOME")) {
            String v = System.getenv(k);
            if (v != null && !v.isBlank()) exported.put(k, v);
        }
        String home = System.getProperty("companion.home");
        List<String> launcher = new ArrayList<>(SlurmScripts.launcher());
        if (home != null) launcher.add(2, "-Dcompanion.home=" + home);
        var plan = new SlurmScripts.Plan(experiment, array, Optional.ofNullable(partition), time, cpusPerTask, Optional.ofNullable(mem),
                Optional.ofNullable(gpus), out, Path.of("").toAbsolutePath(), launcher, args, exported);
        if (SlurmScripts.looksNodeLocal(out)) {
            System.err.println(CompanionCommand.text("shard.cli.nodeLocal", plan.outDir()));
        }
        var written = SlurmScripts.write(plan);
        System.err.println(CompanionCommand.text("shard.cli.scripts", written.arrayScript(), array, written.mergeScript()));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("array_script", written.arrayScript().toString());
        summary.put("merge_script", written.mergeScript().toString());
        summary.put("submit_command", written.submitCommand());
        if (!submit) {
            System.err.println(CompanionCommand.text("shard.cli.toSubmit"));
            if (!json) System.out.println(written.submitCommand());
        } else {
            try {
                var jobs = SlurmScripts.submit(written, environment.get());
                summary.put("array_job", jobs.arrayJob());
                summary.put("merge_job", jobs.mergeJob());
                if (!json) {
                    System.out.println(CompanionCommand.text("shard.cli.submitted", String.valueOf(jobs.arrayJob()), array, String.valueOf(jobs.mergeJob())));
                }
            } catch (SlurmScripts.SubmitFailure e) {
                System.err.println(CompanionCommand.text("error.prefix", e.slurmMissing()
                        ? CompanionCommand.text("shard.cli.noSlurm", written.arrayScript().getParent(), written.submitCommand())
                        : CompanionCommand.text("shard.cli.refused", e.getMessage())));
                return 1;
            }
        }
        if (json) System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        return 0;
    }
}
