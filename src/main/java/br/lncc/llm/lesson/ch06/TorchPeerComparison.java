package br.lncc.llm.lesson.ch06;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.platform.PeakResidentMemory;
import br.lncc.llm.train.PretrainCorpus;
import br.lncc.llm.train.PretrainException;
import br.lncc.llm.train.PretrainSettings;
import br.lncc.llm.train.StepPhases;
import br.lncc.llm.train.Pretraining;
import br.lncc.llm.weights.SafetensorsWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The same pre-training run twice in one process' lifetime (Cap. 6 benchmark): ours, then a
 * plain PyTorch-eager peer ({@code tools/peers/gpt2_pretrain_peer.py}, Debian's python3-torch) on
 * the same token ids, the same batches (their window starts are written for it), the same
 * schedule and — unless asked for the peer's own initialisation — the same initial weights.
 * Reported as same-run ratios: tokens/s ours ÷ peer and validation loss at each evaluation step.
 *
 * <p>Both sides time optimizer steps only (batch gather, forward, backward, clipping, AdamW) and
 * leave out the first step (warm-up: native kernels and allocator caches).
 */
public final class TorchPeerComparison {
    private TorchPeerComparison() {}

    /** The peer script, relative to the repository (it is the project's own code, not shipped in the jar). */
    public static final Path DEFAULT_SCRIPT = Path.of("tools/peers/gpt2_pretrain_peer.py");

    /** Where PyTorch is: the python that imports torch, and the scripts' folder. */
    public record Python(String executable) {
        /**
         * The first of $COMPANION_PYTHON, /usr/bin/python3 (Debian's, where apt puts python3-torch)
         * and python3 on the PATH that can import torch; empty when none can.
         */
        public static java.util.Optional<Python> find() {
            List<String> candidates = new ArrayList<>();
            String env = System.getenv("COMPANION_PYTHON");
            if (env != null && !env.isBlank()) candidates.add(env);
            candidates.add("/usr/bin/python3");
            candidates.add("python3");
            for (String c : candidates) {
                if (importsTorch(c)) return java.util.Optional.of(new Python(c));
            }
            return java.util.Optional.empty();
        }

        private static boolean importsTorch(String python) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * @param sharedInit the peer starts from our initial weights (losses comparable step by step);
     *     false: from its own draw of the same GPT-2 scheme (comparable in distribution only)
     * @param threads torch.set_num_threads of the peer (ours: libtorch's default in this JVM)
     */
    public record Request(PretrainCorpus corpus, PretrainLab.Plan plan, Path script, Python python, int threads, boolean sharedInit,
            Path workDir, int rounds) {
        public Request {
            if (rounds < 1) throw new IllegalArgumentException("rounds < 1: " + rounds);
        }

        /** One round: ours, then the peer. */
        public Request(PretrainCorpus corpus, PretrainLab.Plan plan, Path script, Python python, int threads, boolean sharedInit,
                Path workDir) {
            this(corpus, plan, script, python, threads, sharedInit, workDir, 1);
        }
    }

    public record EvalPair(int step, double oursValLoss, double peerValLoss) {
        /** ours ÷ peer: 1.00 is the same loss. */
        public double ratio() {
            return oursValLoss / peerValLoss;
        }
    }

    /**
     * One side of the comparison: tokens/s over steps 2..S (the median over rounds), the per-step
     * losses and evaluations (the same every round), peak memory (the largest), the process's CPU
     * time per step, all threads (median; on a shared machine the work done, where wall time also
     * counts the waits for a core), and the wall milliseconds of each phase of a step (mean; the
     * names of {@link br.lncc.llm.train.StepPhases#millisPerStep()}).
     */
    public record Side(double tokensPerSecond, double[] stepLosses, List<Pretraining.EvalPoint> evals, double peakRssMiB,
            double cpuMillisPerStep, Map<String, Double> phaseMillisPerStep) {}

    /** One round: both sides trained once, in this order, back to back. */
    public record Round(boolean oursFirst, double oursTokensPerSecond, double peerTokensPerSecond, double oursCpuMillisPerStep,
            double peerCpuMillisPerStep) {
        public double ratio() {
            return oursTokensPerSecond / peerTokensPerSecond;
        }
    }

    /** @param peerBlas the BLAS library the peer's torch loaded (the reference BLAS makes it ~10× slower) */
    public record Result(String corpusName, long parameters, int vocabSize, String tokenizer, PretrainSettings.ModelShape shape,
            int steps, int batch, Side ours, Side peer, String peerTorchVersion, String peerBlas, int peerThreads, boolean sharedInit,
            List<EvalPair> valLosses, List<Round> rounds) {
        /** Our tokens/s ÷ the peer's, measured in the same run: the median of the rounds' ratios. */
        public double tokensPerSecondRatio() {
            return median(rounds.stream().mapToDouble(Round::ratio).toArray());
        }

        /** Our tokens per CPU-second ÷ the peer's (the peer's CPU time per step ÷ ours). */
        public double tokensPerCpuSecondRatio() {
            return peer.cpuMillisPerStep() / ours.cpuMillisPerStep();
        }

        /** The largest |ours ÷ peer − 1| of the validation losses at equal steps (the issue asks ≤ 3 %). */
        public double maxValLossGap() {
            return valLosses.stream().mapToDouble(e -> Math.abs(e.ratio() - 1)).max().orElse(Double.NaN);
        }

        /** The largest |ours − peer| of the training losses at equal steps. */
        public double maxStepLossDifference() {
            int n = Math.min(ours.stepLosses().length, peer.stepLosses().length);
            double max = 0;
            for (int i = 0; i < n; i++) max = Math.max(max, Math.abs(ours.stepLosses()[i] - peer.stepLosses()[i]));
            return max;
        }
    }

    /**
     * Trains both sides {@code rounds} times, alternating which goes first (ours first in round 1),
     * so that a machine whose load drifts during the run does not favour one side.
     */
    public static Result run(Request request, ProgressSink progress) {
        if (!Files.isRegularFile(request.script())) {
            throw new PretrainException("pretrain.peer.noScript", request.script().toAbsolutePath());
        }
        PretrainSettings settings = request.plan().settings();
        Path dir = request.workDir();
        int steps = settings.schedule().steps();
        long total = 2L * steps * request.rounds();
        List<Side> oursRounds = new ArrayList<>(), peerRounds = new ArrayList<>();
        List<Round> rounds = new ArrayList<>();
        JsonNode peerJson = null;
        Pretraining.Prepared prepared = null;
        for (int r = 0; r < request.rounds(); r++) {
            boolean oursFirst = r % 2 == 0;
            long done = 2L * steps * r;
            Side ours = null, peer = null;
            for (int half = 0; half < 2; half++) {
                if ((half == 0) == oursFirst) {
                    var trained = trainOurs(request, settings, dir, r == 0, progress, done, total);
                    ours = trained.side();
                    prepared = trained.prepared();
                } else {
                    progress.update(done + steps, total, Message.of("pretrain.peer.progress.peer", request.python().executable()));
                    peerJson = runPeer(request, dir, progress);
                    peer = peerSide(peerJson);
                }
                done += steps;
            }
            oursRounds.add(ours);
            peerRounds.add(peer);
            rounds.add(new Round(oursFirst, ours.tokensPerSecond(), peer.tokensPerSecond(), ours.cpuMillisPerStep(), peer.cpuMillisPerStep()));
        }
        Side ours = combined(oursRounds), peer = combined(peerRounds);
        List<EvalPair> pairs = new ArrayList<>();
        for (var e : ours.evals()) {
            for (var q : peer.evals()) {
                if (q.step() == e.step()) pairs.add(new EvalPair(e.step(), e.valLoss(), q.valLoss()));
            }
        }
        progress.update(total, total, Message.of("pretrain.peer.progress.done"));
        return new Result(prepared.corpusName(), prepared.parameters(), prepared.vocabSize(), prepared.tokenizerSpec(),
                settings.shape(), steps, settings.schedule().batch(), ours, peer, peerJson.path("torch_version").asText(),
                peerJson.path("blas").asText(), peerJson.path("threads").asInt(), request.sharedInit(), List.copyOf(pairs), List.copyOf(rounds));
    }

    private record OurRun(Side side, Pretraining.Prepared prepared) {}

    /** Ours: the same loop as Pretraining.run, without checkpoints and samples; the first round also writes the peer's inputs. */
    private static OurRun trainOurs(Request request, PretrainSettings settings, Path dir, boolean writeRunFolder, ProgressSink progress,
            long done, long total) {
        var peak = new PeakResidentMemory();
        peak.reset();
        try (Pretraining run = Pretraining.start(request.corpus(), settings, Pretraining.Listener.NONE, progress::isCancelled,
                PretrainLab.availableMemoryBytes())) {
            List<Integer> evalSteps = evalSteps(settings.schedule());
            if (writeRunFolder) writeRunFolder(dir, run, evalSteps);
            int steps = settings.schedule().steps();
            double[] losses = new double[steps];
            List<Pretraining.EvalPoint> evals = new ArrayList<>();
            evals.add(run.evaluate());
            double timedSeconds = 0;
            long cpuNanos = 0;
            StepPhases afterWarmUp = run.phases();
            for (int k = 0; k < steps; k++) {
                progress.checkCancelled();
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                Pretraining.StepPoint p = run.trainStep();
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (k > 0) {
                    timedSeconds += seconds;
                    cpuNanos += processCpuNanos() - cpu0;
                } else {
                    afterWarmUp = run.phases();
                }
                losses[k] = p.loss();
                progress.update(done + k + 1, total, Message.of("pretrain.peer.progress.ours", k + 1, steps, p.loss()));
                if (evalSteps.contains(k + 1)) evals.add(run.evaluate());
            }
            long tokensPerStep = (long) settings.schedule().batch() * settings.shape().context();
            int timed = Math.max(1, steps - 1);
            double tps = steps > 1 ? tokensPerStep * (steps - 1) / timedSeconds : tokensPerStep / Math.max(1e-9, timedSeconds);
            var phases = steps > 1 ? run.phases().since(afterWarmUp) : run.phases();
            return new OurRun(new Side(tps, losses, evals, peak.peakMiB(), cpuNanos / 1e6 / timed, phases.millisPerStep()), run.prepared());
        }
    }

    /** CPU time of this process, all threads (libtorch's OpenMP workers included), or 0 where the JVM does not say. */
    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
    }

    /** The rounds of one side as one: median tokens/s and CPU per step, the largest peak, mean phases, the first round's curves. */
    private static Side combined(List<Side> rounds) {
        Side first = rounds.get(0);
        Map<String, Double> phases = new LinkedHashMap<>();
        for (Side s : rounds) s.phaseMillisPerStep().forEach((k, v) -> phases.merge(k, v / rounds.size(), Double::sum));
        return new Side(median(rounds.stream().mapToDouble(Side::tokensPerSecond).toArray()), first.stepLosses(), first.evals(),
                rounds.stream().mapToDouble(Side::peakRssMiB).max().orElse(-1),
                median(rounds.stream().mapToDouble(Side::cpuMillisPerStep).toArray()), java.util.Collections.unmodifiableMap(phases));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Step 0, every evalEvery steps, and the last step: where Pretraining.run evaluates. */
    static List<Integer> evalSteps(PretrainSettings.Schedule s) {
        List<Integer> out = new ArrayList<>();
        for (int k = s.evalEvery(); k < s.steps(); k += s.evalEvery()) out.add(k);
        out.add(s.steps());
        return out;
    }

    /** The peer's inputs: ids, window starts, initial weights, and the schedule and optimiser as numbers. */
    static void writeRunFolder(Path dir, Pretraining run, List<Integer> evalSteps) {
        var sched = run.settings().schedule();
        var c = run.model().config();
        var opt = Pretraining.OPTIMIZER;
        try {
            Files.createDirectories(dir);
            writeInts(dir.resolve("train.i32"), run.trainIds());
            writeInts(dir.resolve("val.i32"), run.validationIds());
            writeInts(dir.resolve("eval_train.i32"), run.evalStarts(false));
            writeInts(dir.resolve("eval_val.i32"), run.evalStarts(true));
            int b = sched.batch();
            int[] batches = new int[sched.steps() * b];
            for (int k = 0; k < sched.steps(); k++) System.arraycopy(run.batchStarts(k), 0, batches, k * b, b);
            writeInts(dir.resolve("batches.i32"), batches);
            Map<String, long[]> shapes = new LinkedHashMap<>();
            run.model().parameters().forEach((k, v) -> shapes.put(k, v.getShape().getShape()));
            try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve("init.safetensors"), shapes, Map.of("format", "pt"))) {
                run.model().parameters().forEach((k, v) -> w.write(k, v.toFloatArray()));
            }
            var mapper = new ObjectMapper();
            ObjectNode m = mapper.createObjectNode();
            ObjectNode cfg = m.putObject("config");
            cfg.put("vocab_size", c.vocabSize()).put("n_positions", c.nPositions()).put("n_embd", c.nEmbd())
                    .put("n_layer", c.nLayer()).put("n_head", c.nHead()).put("layer_norm_epsilon", c.layerNormEps());
            m.put("steps", sched.steps()).put("batch", b).put("lr", sched.learningRate()).put("warmup_steps", sched.warmupSteps())
                    .put("min_lr_ratio", 0.1).put("seed", sched.seed());
            m.put("beta1", opt.beta1()).put("beta2", opt.beta2()).put("eps", opt.eps()).put("weight_decay", opt.weightDecay())
                    .put("clip", opt.clipNorm());
            var lrs = m.putArray("learning_rates");
            for (int k = 0; k < sched.steps(); k++) lrs.add(sched.learningRateAt(k));
            var ev = m.putArray("eval_steps");
            evalSteps.forEach(ev::add);
            mapper.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("manifest.json").toFile(), m);
        } catch (IOException e) {
            throw new PretrainException(e, "pretrain.error.save", dir.toAbsolutePath(), e.getMessage());
        }
    }

    private static void writeInts(Path file, int[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(values);
        Files.write(file, buf.array());
    }

    private static JsonNode runPeer(Request request, Path dir, ProgressSink progress) {
        Path stderr = dir.resolve("peer.stderr.txt");
        var pb = new ProcessBuilder(request.python().executable(), request.script().toAbsolutePath().toString(), "--run",
                dir.toAbsolutePath().toString(), "--threads", String.valueOf(request.threads()), "--init",
                request.sharedInit() ? "shared" : "scheme");
        // As the app's own libtorch (PassiveOpenMp): idle OpenMP threads sleep instead of spinning on a shared box.
        pb.environment().put("OMP_WAIT_POLICY", "passive");
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(request.threads()));
        pb.redirectError(stderr.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new PretrainException(e, "pretrain.peer.failed", request.python().executable(), -1, e.getMessage());
        }
        try {
            byte[] out;
            var reader = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread t = new Thread(() -> {
                try {
                    reader.complete(p.getInputStream().readAllBytes());
                } catch (IOException e) {
                    reader.completeExceptionally(e);
                }
            }, "torch-peer-stdout");
            t.setDaemon(true);
            t.start();
            while (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
                if (progress.isCancelled()) {
                    p.destroyForcibly();
                    throw new CancelledException();
                }
            }
            out = reader.get(30, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                throw new PretrainException("pretrain.peer.failed", request.python().executable(), p.exitValue(), tail(stderr));
            }
            return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new PretrainException(e, "pretrain.peer.failed", request.python().executable(), p.exitValue(), tail(stderr));
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.length() > 600 ? "…" + s.substring(s.length() - 600) : s;
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static Side peerSide(JsonNode j) {
        JsonNode l = j.path("losses");
        double[] losses = new double[l.size()];
        for (int i = 0; i < losses.length; i++) losses[i] = l.get(i).asDouble();
        List<Pretraining.EvalPoint> evals = new ArrayList<>();
        for (JsonNode e : j.path("evals")) {
            evals.add(new Pretraining.EvalPoint(e.path("step").asInt(), e.path("train_loss").asDouble(), e.path("val_loss").asDouble()));
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        j.path("phase_ms_per_step").fields().forEachRemaining(e -> phases.put(e.getKey(), e.getValue().asDouble()));
        return new Side(j.path("tokens_per_s").asDouble(), losses, List.copyOf(evals), j.path("peak_rss_mib").asDouble(),
                j.path("cpu_ms_per_step").asDouble(Double.NaN), java.util.Collections.unmodifiableMap(phases));
    }
}
