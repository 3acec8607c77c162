package br.lncc.llm.cli;

import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.lesson.ch07.TrainStepBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `bench train`: milliseconds per step of SFT, LoRA and QLoRA on a GPT-2. */
@Command(name = "train", mixinStandardHelpOptions = true)
public final class TrainBenchCommand implements Callable<Integer> {

    @Option(names = "--model")
    String model;

    @Option(names = "--seq", defaultValue = "64")
    int seq;

    @Option(names = "--batch", defaultValue = "1")
    int batch;

    @Option(names = "--steps", defaultValue = "4")
    int steps;

    @Option(names = "--json")
    boolean json;

    private static String peakNote(br.lncc.llm.platform.PeakResidentMemory.Source s) {
        return CompanionCommand.text(switch (s) {
            case CLEAR_REFS_VMHWM -> "cli.trainBench.peakPerMethod";
            case VMHWM_SINCE_START -> "cli.trainBench.peakSinceStart";
            case UNAVAILABLE -> "cli.trainBench.peakUnavailable";
        });
    }

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            LabModelSource source = LabGpt2.source(model);
            var rows = TrainStepBenchmark.run(source, seq, batch, steps, new StderrProgress());
            if (json) {
                var out = new ObjectMapper().createObjectNode();
                out.put("model", source.name());
                out.put("seq_len", seq);
                out.put("batch", batch);
                var arr = out.putArray("methods");
                for (var r : rows) {
                    var o = arr.addObject();
                    o.put("method", r.method().name());
                    o.put("ms_per_step", r.msPerStep());
                    o.put("trainable_params", r.trainableParameters());
                    o.put("trainable_percent", r.trainablePercent());
                    o.put("base_mib", r.baseMiB());
                    o.put("optimizer_mib", r.optimizerMiB());
                    o.put("resident_mib", r.residentMiB());
                    o.put("peak_rss_mib", r.peakResidentMiB());
                    o.put("peak_rss_source", r.peakSource().name().toLowerCase(Locale.ROOT));
                    o.put("forward_ms", r.forwardMs());
                    o.put("backward_ms", r.backwardMs());
                    o.put("optimizer_ms", r.optimizerMs());
                }
                System.out.println(out);
            } else {
                System.out.printf(Locale.ROOT, "%s, seq %d, batch %d%n", source.name(), seq, batch);
                for (var r : rows) {
                    System.out.println(CompanionCommand.text("cli.trainBench.row", CompanionCommand.fixed("%-6s", r.method()),
                            CompanionCommand.fixed("%8.0f", r.msPerStep()), CompanionCommand.fixed("%.0f", r.forwardMs()),
                            CompanionCommand.fixed("%.0f", r.backwardMs()), CompanionCommand.fixed("%.0f", r.optimizerMs()),
                            CompanionCommand.fixed("%,d", r.trainableParameters()), CompanionCommand.fixed("%.4f", r.trainablePercent()),
                            CompanionCommand.fixed("%.1f", r.baseMiB()), CompanionCommand.fixed("%.1f", r.optimizerMiB()),
                            CompanionCommand.fixed("%.0f", r.residentMiB()), CompanionCommand.fixed("%.0f", r.peakResidentMiB()),
                            peakNote(r.peakSource())));
                }
            }
            return 0;
        });
    }
}
