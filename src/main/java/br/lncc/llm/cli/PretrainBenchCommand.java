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

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (!peerInit.equals("shared") && !peerInit.equals("scheme")) {
                throw new IllegalArgumentException("--peer-init aceita shared ou scheme, não '" + peerInit + "'");
            }
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
                        peerScript != null ? peerScript : TorchPeerComparison.DEFAULT_SCRIPT, py, threads, peerInit.equals("shared"), work);
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
            ObjectNode peer = o.putObject("peer");
            peer.put("name", "pytorch-eager").put("torch_version", r.peerTorchVersion()).put("blas", r.peerBlas()).put("threads", r.peerThreads())
                    .put("init", r.sharedInit() ? "shared" : "scheme").put("tokens_per_s", r.peer().tokensPerSecond())
                    .put("peak_rss_mib", r.peer().peakRssMiB())
                    .put("final_val_loss", r.peer().evals().get(r.peer().evals().size() - 1).valLoss());
            ObjectNode ratios = o.putObject("ratios");
            ratios.put("tokens_per_s", r.tokensPerSecondRatio());
            var arr = ratios.putArray("val_loss_at_step");
            for (var e : r.valLosses()) {
                arr.addObject().put("step", e.step()).put("ours", e.oursValLoss()).put("peer", e.peerValLoss()).put("ratio", e.ratio());
            }
            ratios.put("max_val_loss_gap", r.maxValLossGap());
            ratios.put("max_step_loss_diff", r.maxStepLossDifference());
            System.out.println(o);
            return;
        }
        System.out.printf(Locale.ROOT, "%s, %s (V=%d), %,d parâmetros, %d×%d×%d, contexto %d, batch %d, %d passos%n", r.corpusName(),
                r.tokenizer(), r.vocabSize(), r.parameters(), r.shape().layers(), r.shape().heads(), r.shape().dim(), r.shape().context(),
                r.batch(), r.steps());
        System.out.printf(Locale.ROOT, "nosso:           %8.0f tokens/s  pico RSS %.0f MiB%n", r.ours().tokensPerSecond(), r.ours().peakRssMiB());
        System.out.printf(Locale.ROOT, "PyTorch %s eager: %8.0f tokens/s  pico RSS %.0f MiB  (%d threads, início %s, BLAS %s)%n",
                r.peerTorchVersion(), r.peer().tokensPerSecond(), r.peer().peakRssMiB(), r.peerThreads(),
                r.sharedInit() ? "com os nossos pesos" : "sorteio próprio", r.peerBlas());
        System.out.printf(Locale.ROOT, "razão tokens/s nosso ÷ PyTorch: %.2f×%n", r.tokensPerSecondRatio());
        for (var e : r.valLosses()) {
            System.out.printf(Locale.ROOT, "  passo %5d: validação nosso %.4f  PyTorch %.4f  razão %.4f%n", e.step(), e.oursValLoss(),
                    e.peerValLoss(), e.ratio());
        }
        System.out.printf(Locale.ROOT, "maior diferença de validação: %.2f %%; maior diferença de perda por passo: %.2e%n",
                100 * r.maxValLossGap(), r.maxStepLossDifference());
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder left behind does no harm.
        }
    }
}
