package br.lncc.llm.cli;

import br.lncc.llm.generate.PromptWindow;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.model.ModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Next-token logits of a causal model for a text (last position, full vocabulary); for a T5, the
 * logits of the decoder's first position (what it would write first).
 */
@Command(name = "logits", mixinStandardHelpOptions = true)
public final class LogitsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--text", required = true)
    String text;

    @Option(names = "--top", defaultValue = "10")
    int top;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (text.isBlank()) throw new ModelException("cli.text.empty", new Object[0], "--text");
            if (top < 1) throw new IllegalArgumentException(CompanionCommand.text("cli.top.atLeastOne", top));
            java.nio.file.Path folder = ModelArgument.folder(model);
            if (EncoderDecoderCli.isT5(folder)) return EncoderDecoderCli.logits(folder, text, top, json);
            try (GenerationLab m = GenerationLab.open(folder)) {
                PromptWindow w = m.read(text).window();
                float[] logits = m.nextLogits(w.ids());
                if (json) {
                    ObjectNode out = new ObjectMapper().createObjectNode();
                    var idArray = out.putArray("ids");
                    for (long id : w.ids()) idArray.add(id);
                    var l = out.putArray("logits");
                    for (float f : logits) l.add(f);
                    TruncationNotice.put(out, w.truncated(), w.originalLength(), w.notice());
                    System.out.println(out);
                } else {
                    TruncationNotice.warn(w.truncated(), w.notice());
                    System.out.println(CompanionCommand.text("cli.logits.header", w.ids().length));
                    int[] order = br.lncc.llm.generate.Sampler.descendingOrder(toDouble(logits));
                    for (int r = 0; r < Math.min(top, order.length); r++) {
                        int id = order[r];
                        System.out.printf(Locale.ROOT, "%3d. %-20s id=%-6d logit=%.4f%n", r + 1,
                                "'" + m.decode(new long[] {id}) + "'", id, logits[id]);
                    }
                }
            }
            return 0;
        });
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
