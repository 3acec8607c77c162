package br.lncc.llm.bench.shard;

import br.lncc.llm.bench.BenchmarkException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Batch scripts that run one experiment as a Slurm job array — task {@code i} runs {@code --shard
 * i/N --resume}, so a requeued or preempted task continues its shard instead of starting over —
 * and a merge job that starts only when every task succeeded ({@code --dependency=afterok}). We
 * write scripts for Slurm and let Slurm schedule; nothing here is a scheduler of its own.
 */
public final class SlurmScripts {
    private SlurmScripts() {}

    static final Pattern TIME = Pattern.compile("(\\d{1,3}-)?\\d{1,3}:\\d{2}:\\d{2}");
    static final Pattern MEM = Pattern.compile("\\d+[KMGT]?", Pattern.CASE_INSENSITIVE);

    /**
     * What to write: {@code benchArgs} are the experiment's own options as the user gave them
     * (after {@code bench}), without {@code --shard}, {@code --resume} or the Slurm options;
     * {@code launcher} starts this same program ({@code java -jar companion.jar}) on a node.
     */
    public record Plan(String experiment, int tasks, Optional<String> partition, String time, int cpusPerTask,
                       Optional<String> mem, Optional<Integer> gpus, Path outDir, Path workDir, List<String> launcher,
                       List<String> benchArgs, Map<String, String> exportedEnvironment) {
        public Plan {
            if (tasks < 1) throw new IllegalArgumentException("tasks " + tasks);
            if (!TIME.matcher(time).matches()) throw new IllegalArgumentException("time " + time);
            if (cpusPerTask < 1) throw new IllegalArgumentException("cpus-per-task " + cpusPerTask);
            if (mem.isPresent() && !MEM.matcher(mem.get()).matches()) throw new IllegalArgumentException("mem " + mem.get());
            if (gpus.isPresent() && gpus.get() < 0) throw new IllegalArgumentException("gpus " + gpus.get());
            outDir = outDir.toAbsolutePath().normalize();
            workDir = workDir.toAbsolutePath().normalize();
        }

        /**
         * A plan with the defaults the Benchmark tab uses (1 hour, 2 cores per task, the site's
         * default partition and memory), run from this program's own jar.
         */
        public static Plan withDefaults(String experiment, int tasks, Path outDir, List<String> benchArgs) {
            return new Plan(experiment, tasks, Optional.empty(), "01:00:00", 2, Optional.empty(), Optional.empty(), outDir,
                    Path.of("").toAbsolutePath(), SlurmScripts.launcher(), benchArgs, Map.of());
        }
    }

    /** The written files and the command that submits both jobs. */
    public record Written(Path arrayScript, Path mergeScript, Path submitScript, String submitCommand) {}

    /** Job ids Slurm gave the array and the merge job. */
    public record Submitted(String arrayJob, String mergeJob) {}

    /** Why {@link #submit} could not submit. */
    public static final class SubmitFailure extends RuntimeException {
        private final boolean slurmMissing;

        SubmitFailure(boolean slurmMissing, String detail) {
            super(detail);
            this.slurmMissing = slurmMissing;
        }

        /** True when no {@code sbatch} is on the PATH (Slurm is not installed here). */
        public boolean slurmMissing() {
            return slurmMissing;
        }
    }

    /** Writes the two batch scripts and submit.sh under {@code <out>/slurm/}. */
    public static Written write(Plan plan) {
        Path dir = plan.outDir().resolve("slurm");
        Path array = dir.resolve(plan.experiment() + "-array.sbatch");
        Path merge = dir.resolve(plan.experiment() + "-merge.sbatch");
        Path submit = dir.resolve("submit.sh");
        try {
            Files.createDirectories(dir.resolve("logs"));
            write(array, arrayScript(plan));
            write(merge, mergeScript(plan));
            write(submit, submitScript(array, merge));
        } catch (IOException e) {
            throw new BenchmarkException(br.lncc.llm.text.Message.of("shard.scriptsFailed", dir.toString(), br.lncc.llm.text.WriteFailure.explain(e)), e.toString(), e);
        }
        return new Written(array, merge, submit, "bash " + quote(submit.toString()));
    }

    static String arrayScript(Plan p) {
        var sb = new StringBuilder("#!/bin/bash\n");
        sb.append("# ").append(p.experiment()).append(" in ").append(p.tasks()).append(" shards, one Slurm array task per shard.\n");
        sb.append("# Task i runs --shard i/").append(p.tasks()).append(" --resume: a requeued or preempted task continues its\n");
        sb.append("# shard-i-of-").append(p.tasks()).append(".jsonl where it stopped. Written by companion --slurm; edit freely.\n");
        header(sb, p, "companion-" + p.experiment(), true);
        sb.append("#SBATCH --array=1-").append(p.tasks()).append('\n');
        sb.append("#SBATCH --requeue\n");
        environment(sb, p);
        List<String> cmd = new ArrayList<>(p.launcher());
        cmd.add("bench");
        cmd.addAll(p.benchArgs());
        sb.append("exec ").append(join(cmd)).append(" --shard \"${SLURM_ARRAY_TASK_ID}/").append(p.tasks()).append("\" --resume\n");
        return sb.toString();
    }

    static String mergeScript(Plan p) {
        var sb = new StringBuilder("#!/bin/bash\n");
        sb.append("# Merges the ").append(p.tasks()).append(" shards once every array task succeeded (submitted with\n");
        sb.append("# --dependency=afterok:<array job>). Exit 3 means some items are missing (report complete: false).\n");
        Plan small = new Plan(p.experiment(), p.tasks(), p.partition(), p.time(), 1, Optional.of("2G"), Optional.empty(), p.outDir(),
                p.workDir(), p.launcher(), p.benchArgs(), p.exportedEnvironment());
        header(sb, small, "companion-" + p.experiment() + "-merge", false);
        environment(sb, small);
        List<String> cmd = new ArrayList<>(p.launcher());
        cmd.addAll(List.of("bench", "merge", "--out", p.outDir().toString(), "--json"));
        sb.append("exec ").append(join(cmd)).append('\n');
        return sb.toString();
    }

    private static void header(StringBuilder sb, Plan p, String name, boolean array) {
        sb.append("#SBATCH --job-name=").append(name).append('\n');
        p.partition().ifPresent(v -> sb.append("#SBATCH --partition=").append(v).append('\n'));
        sb.append("#SBATCH --time=").append(p.time()).append('\n');
        sb.append("#SBATCH --nodes=1\n#SBATCH --ntasks=1\n");
        sb.append("#SBATCH --cpus-per-task=").append(p.cpusPerTask()).append('\n');
        p.mem().ifPresent(v -> sb.append("#SBATCH --mem=").append(v).append('\n'));
        p.gpus().filter(g -> g > 0).ifPresent(v -> sb.append("#SBATCH --gpus=").append(v).append('\n'));
        sb.append("#SBATCH --chdir=").append(p.workDir()).append('\n');
        // a requeued task appends to its log instead of replacing it: both attempts stay readable
        sb.append("#SBATCH --open-mode=append\n");
        sb.append("#SBATCH --output=").append(p.outDir().resolve("slurm/logs")).append(array ? "/%x-%A_%a.out\n" : "/%x-%j.out\n");
    }

    private static void environment(StringBuilder sb, Plan p) {
        sb.append("set -euo pipefail\n\n");
        sb.append("# Site setup: load what your cluster needs, e.g.\n");
        sb.append("# module load java/17\n\n");
        sb.append("# Compute nodes usually have no internet: models come from the Hugging Face cache on the shared\n");
        sb.append("# filesystem, downloaded beforehand on the login node (companion models download ID).\n");
        sb.append("export HF_HUB_OFFLINE=\"${HF_HUB_OFFLINE:-1}\"\n");
        p.exportedEnvironment().forEach((k, v) -> sb.append("export ").append(k).append('=').append(quote(v)).append('\n'));
        sb.append("# libtorch: one thread per allocated core, and no spinning OpenMP threads on a shared node\n");
        sb.append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        sb.append("export OMP_WAIT_POLICY=PASSIVE\n\n");
    }

    static String submitScript(Path array, Path merge) {
        return "#!/bin/bash\n"
                + "# Submits the array, then the merge job that waits for every task to succeed.\n"
                + "set -euo pipefail\n"
                + "array=$(sbatch --parsable " + quote(array.toString()) + ")\n"
                + "array=${array%%;*}\n"
                + "merge=$(sbatch --parsable --dependency=afterok:${array} " + quote(merge.toString()) + ")\n"
                + "merge=${merge%%;*}\n"
                + "echo \"array job ${array}, merge job ${merge} (afterok:${array})\"\n";
    }

    /** Submits the array and then the merge job (afterok on the array), as submit.sh does. */
    public static Submitted submit(Written w, Map<String, String> env) {
        Optional<Path> sbatch = onPath("sbatch", env.getOrDefault("PATH", ""));
        if (sbatch.isEmpty()) throw new SubmitFailure(true, "sbatch not on PATH");
        String array = sbatch(List.of(sbatch.get().toString(), "--parsable", w.arrayScript().toString()));
        String merge = sbatch(List.of(sbatch.get().toString(), "--parsable", "--dependency=afterok:" + array, w.mergeScript().toString()));
        return new Submitted(array, merge);
    }

    private static String sbatch(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try (var in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SubmitFailure(false, String.join(" ", command) + ": no answer in 60 s");
            }
            if (p.exitValue() != 0 || out.isEmpty()) throw new SubmitFailure(false, String.join(" ", command) + ": " + out);
            String last = out.lines().reduce((a, b) -> b).orElse(out);
            return last.split(";")[0].strip(); // --parsable prints "id" or "id;cluster"
        } catch (IOException e) {
            throw new SubmitFailure(false, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubmitFailure(false, "interrupted");
        }
    }

    static Optional<Path> onPath(String program, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * Whether compute nodes are unlikely to see {@code dir}: node-local temporary space (/tmp,
     * /var/tmp, /dev/shm or a tmpfs) is not shared between the login node and the nodes.
     */
    public static boolean looksNodeLocal(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        for (String local : List.of("/tmp", "/var/tmp", "/dev/shm")) {
            if (abs.startsWith(local)) return true;
        }
        try {
            Path existing = abs;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            return existing != null && Files.getFileStore(existing).type().toLowerCase(Locale.ROOT).equals("tmpfs");
        } catch (IOException e) {
            return false;
        }
    }

    /** The command that starts this program again on a node: {@code java -jar} or {@code java -cp}. */
    public static List<String> launcher() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The script exports OMP_WAIT_POLICY, so the program does not start itself again (PassiveOpenMp),
        // and a jar manifest cannot add modules: the decode kernels' Vector API module is named here.
        List<String> cmd = new ArrayList<>(List.of("\"${COMPANION_JAVA:-" + javaBin + "}\"",
                "--add-modules=" + br.lncc.llm.platform.PassiveOpenMp.VECTOR_MODULE, "-Dai.djl.offline=true"));
        try {
            Path self = Path.of(SlurmScripts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (self.toString().endsWith(".jar")) {
                cmd.addAll(List.of("-jar", self.toAbsolutePath().toString()));
                return cmd;
            }
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the class path
        }
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().normalize().toString()).collect(java.util.stream.Collectors.joining(File.pathSeparator));
        cmd.addAll(List.of("-cp", classPath, "br.lncc.llm.Main"));
        return cmd;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // Windows: sbatch runs on the cluster, where the file is read by bash anyway
        }
    }

    private static String join(List<String> words) {
        return String.join(" ", words.stream().map(w -> w.startsWith("\"${") ? w : quote(w)).toList());
    }

    /** A word for bash: left bare when safe, else in single quotes. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:=@%+,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
