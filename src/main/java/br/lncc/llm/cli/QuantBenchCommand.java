package br.lncc.llm.cli;

import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.lesson.ch06.QuantComparison;
import br.lncc.llm.weights.quant.QuantFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench quant`: Cap. 6.5–6.6 from the command line — the same GPT-2 in FP32, INT8, INT4, NF4
 * and NF4 with double quantization: weight memory, mean per-layer error, time per generated
 * token and the greedy output, measured in one run so the ratios are comparable.
 */
@Command(name = "quant", mixinStandardHelpOptions = true)
public final class QuantBenchCommand implements Callable<Integer> {

    @Option(names = "--model")
    String model;

    @Option(names = "--prompt")
    String prompt;

    @Option(names = "--tokens", defaultValue = "16")
    int tokens;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (tokens < 1) throw new IllegalArgumentException(CompanionCommand.text("cli.tokens.atLeastOne", tokens));
            LabModelSource source = LabGpt2.source(model);
            var r = QuantComparison.run(source, prompt != null ? prompt : LabGpt2.defaultPrompt(source, "What is El Niño?"), tokens,
                    new StderrProgress());
            double fp32Ms = r.outputs().get(QuantFormat.FP32).msPerToken();
            if (json) {
                var out = new ObjectMapper().createObjectNode();
                out.put("model", r.model());
                out.put("prompt", r.prompt());
                out.put("new_tokens", tokens);
                var arr = out.putArray("formats");
                for (QuantFormat f : QuantComparison.FORMATS) {
                    var o = arr.addObject();
                    var mem = r.memory().get(f);
                    var output = r.outputs().get(f);
                    o.put("format", f.name());
                    o.put("weights_mib", mem.bytes() / (double) (1 << 20));
                    o.put("linear_bits_per_weight", r.conv1dMemory().get(f).bitsPerWeight());
                    o.put("mean_relative_rms_error", meanError(r, f));
                    o.put("ms_per_token", output.msPerToken());
                    o.put("time_vs_fp32", output.msPerToken() / fp32Ms);
                    o.put("tokens", output.tokens());
                    o.put("text", output.text());
                }
                System.out.println(out);
            } else {
                System.out.println(CompanionCommand.text("cli.quant.header", r.model(), r.prompt(), tokens));
                System.out.printf(Locale.ROOT, "%-8s %12s %10s %12s %10s %8s  %s%n", CompanionCommand.text("cli.quant.col.format"),
                        CompanionCommand.text("cli.quant.col.weights"), CompanionCommand.text("cli.quant.col.bits"),
                        CompanionCommand.text("cli.quant.col.error"), "ms/token", "× FP32", CompanionCommand.text("cli.quant.col.output"));
                for (QuantFormat f : QuantComparison.FORMATS) {
                    var mem = r.memory().get(f);
                    var output = r.outputs().get(f);
                    System.out.printf(Locale.ROOT, "%-8s %12.1f %10.2f %12.5f %10.1f %8.2f  %s%n",
                            f.label(), mem.bytes() / (double) (1 << 20), r.conv1dMemory().get(f).bitsPerWeight(),
                            meanError(r, f), output.msPerToken(), output.msPerToken() / fp32Ms,
                            output.text().replace('\n', ' '));
                }
            }
            return 0;
        });
    }

    /** Mean over the linear (Conv1D) layers of the relative RMS error; FP32's is 0. */
    static double meanError(QuantComparison.Result r, QuantFormat f) {
        return r.layers().stream().mapToDouble(l -> l.relativeRms().get(f)).average().orElse(0);
    }
}
