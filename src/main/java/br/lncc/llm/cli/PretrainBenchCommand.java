package br.lncc.llm.cli;

import br.lncc.llm.lesson.ch06.PretrainLab;
import br.lncc.llm.lesson.ch06.TorchPeerComparison;
import br.lncc.llm.train.PretrainException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `bench pretrain`: our pre-training loop against the same run in PyTorch eager, ratios from one run (Cap. 6). */
@Command(name = "pretrain", mixinStandardHelpOptions = true)
public final class PretrainBenchCommand implements Callable<Integer> {

    @Option(names = "--corpus", defaultValue = "app")
    String corpus;

    @Option(names = "--tokenizer", defaultValue = "char")
    String tokenizer;

    @Option(names = "--layers", defaultValue = "4")
    int layers;

    @Option(names = "--heads", defaultValue = "4")
    int heads;

    @Option(names = "--dim", defaultValue = "128")
    int dim;

    @Option(names = "--context", defaultValue = "64")
    int context;

    @Option(names = "--batch", defaultValue = "12")
    int batch;

    @Option(names = "--steps", defaultValue = "200")
    int steps;

    @Option(names = "--lr", defaultValue = "1e-3")
    double lr;

    @Option(names = "--seed", defaultValue = "1337")
    long seed;

    @Option(names = "--eval-every", defaultValue = "50")
    int evalEvery;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Option(names = "--peer-init", defaultValue = "shared")
    String peerInit;

    @Option(names = "--peer-script")
    Path peerScript;

    @Option(names = "--python")
    String python;

    @Option(names = "--keep")
    Path keep;

    @Option(names = "--rounds", defaultValue = "1")
    int rounds;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (!peerInit.equals("shared") && !peerInit.equals("scheme")) {
                throw new IllegalArgumentException(text("cli.pretrainBench.peerInit", peerInit));
            }
            if (rounds < 1) throw new IllegalArgumentException(text("cli.pretrainBench.rounds.invalid", rounds));
            var py = python != null ? new TorchPeerComparison.Python(python)
                    : TorchPeerComparison.Python.find().orElseThrow(() -> new PretrainException("pretrain.peer.noPython"));
            var source = switch (corpus) {
                case "app" -> new PretrainLab.CorpusSource.AppTexts();
                case "foca" -> new PretrainLab.CorpusSource.Focalinux();
                default -> new PretrainLab.CorpusSource.File(Path.of(corpus));
            };
            var plan = new PretrainLab.Plan(tokenizer, layers, heads, dim, context, steps, batch, lr, seed, evalEvery);
            Path work = keep != null ? keep : Files.createTempDirectory("companion-pretrain-peer");
            try (StopOnSignal signal = new StopOnSignal()) {
                var request = new TorchPeerComparison.Request(source.read(), plan,
                        peerScript != null ? peerScript : TorchPeerComparison.DEFAULT_SCRIPT, py, threads, peerInit.equals("shared"), work,
                        rounds);
                var r = TorchPeerComparison.run(request, new StderrProgress(signal::requested));
                print(r);
                return 0;
            } finally {
                if (keep == null) deleteTree(work);
            }
        });
    }

    private void print(TorchPeerComparison.Result r) {
        if (json) {
            var mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("corpus", r.corpusName()).put("tokenizer", r.tokenizer()).put("vocab_size", r.vocabSize()).put("params", r.parameters());
            o.put("layers", r.shape().layers()).put("heads", r.shape().heads()).put("dim", r.shape().dim()).put("context", r.shape().context());
            o.put("batch", r.batch()).put("steps", r.steps());
            ObjectNode ours = o.putObject("ours");
            ours.put("tokens_per_s", r.ours().tokensPerSecond()).put("peak_rss_mib", r.ours().peakRssMiB())
                    .put("final_val_loss", r.ours().evals().get(r.ours().evals().size() - 1).valLoss());
            sideDetails(ours, r.ours());
            ObjectNode peer = o.putObject("peer");
            peer.put("name", "pytorch-eager").put("torch_version", r.peerTorchVersion()).put("blas", r.peerBlas()).put("threads", r.peerThreads())
                    .put("init", r.sharedInit() ? "shared" : "scheme").put("tokens_per_s", r.peer().tokensPerSecond())
                    .put("peak_rss_mib", r.peer().peakRssMiB())
                    .put("final_val_loss", r.peer().evals().get(r.peer().evals().size() - 1).valLoss());
            sideDetails(peer, r.peer());
            ObjectNode ratios = o.putObject("ratios");
            ratios.put("tokens_per_s", r.tokensPerSecondRatio());
            ratios.put("tokens_per_cpu_s", r.tokensPerCpuSecondRatio());
            var roundsJson = o.putArray("rounds");
            for (var round : r.rounds()) {
                roundsJson.addObject().put("first", round.oursFirst() ? "ours" : "peer").put("ours_tokens_per_s", round.oursTokensPerSecond())
                        .put("peer_tokens_per_s", round.peerTokensPerSecond()).put("ratio", round.ratio())
                        .put("ours_cpu_ms_per_step", round.oursCpuMillisPerStep()).put("peer_cpu_ms_per_step", round.peerCpuMillisPerStep());
            }
            var arr = ratios.putArray("val_loss_at_step");
            for (var e : r.valLosses()) {
                arr.addObject().put("step", e.step()).put("ours", e.oursValLoss()).put("peer", e.peerValLoss()).put("ratio", e.ratio());
            }
            ratios.put("max_val_loss_gap", r.maxValLossGap());
            ratios.put("max_step_loss_diff", r.maxStepLossDifference());
            System.out.println(o);
            return;
        }
        System.out.println(text("cli.pretrainBench.setup", r.corpusName(), r.tokenizer(), r.vocabSize(), fixed("%,d", r.parameters()),
                fixed("%d×%d×%d", r.shape().layers(), r.shape().heads(), r.shape().dim()), r.shape().context(), r.batch(), r.steps()));
        System.out.println(text("cli.pretrainBench.ours", fixed("%8.0f", r.ours().tokensPerSecond()), fixed("%.0f", r.ours().peakRssMiB())));
        System.out.println(text("cli.pretrainBench.peer", r.peerTorchVersion(), fixed("%8.0f", r.peer().tokensPerSecond()),
                fixed("%.0f", r.peer().peakRssMiB()), r.peerThreads(),
                text(r.sharedInit() ? "cli.pretrainBench.sharedInit" : "cli.pretrainBench.ownInit"), r.peerBlas()));
        System.out.println(text("cli.pretrainBench.ratio", fixed("%.2f", r.tokensPerSecondRatio())));
        if (r.rounds().size() > 1) {
            System.out.println(text("cli.pretrainBench.rounds", r.rounds().size(),
                    String.join(" ", r.rounds().stream().map(x -> fixed("%.2f", x.ratio())).toList())));
        }
        System.out.println(text("cli.pretrainBench.cpu", fixed("%.1f", r.ours().cpuMillisPerStep()), fixed("%.1f", r.peer().cpuMillisPerStep()),
                fixed("%.2f", r.tokensPerCpuSecondRatio())));
        for (var phase : r.ours().phaseMillisPerStep().keySet()) {
            System.out.println(text("cli.pretrainBench.phase", phase, fixed("%7.2f", r.ours().phaseMillisPerStep().get(phase)),
                    fixed("%7.2f", r.peer().phaseMillisPerStep().getOrDefault(phase, Double.NaN))));
        }
        for (var e : r.valLosses()) {
            System.out.println(text("cli.pretrainBench.step", fixed("%5d", e.step()), fixed("%.4f", e.oursValLoss()),
                    fixed("%.4f", e.peerValLoss()), fixed("%.4f", e.ratio())));
        }
        System.out.println(text("cli.pretrainBench.gaps", fixed("%.2f", 100 * r.maxValLossGap()), fixed("%.2e", r.maxStepLossDifference())));
    }

    /** CPU per step and the phases of a step, in milliseconds (the same names on both sides). */
    private static void sideDetails(ObjectNode side, TorchPeerComparison.Side s) {
        side.put("cpu_ms_per_step", s.cpuMillisPerStep());
        ObjectNode phases = side.putObject("phase_ms_per_step");
        s.phaseMillisPerStep().forEach(phases::put);
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }

    private static String fixed(String format, Object... values) {
        return CompanionCommand.fixed(format, values);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder left behind does no harm.
        }
    }
}
