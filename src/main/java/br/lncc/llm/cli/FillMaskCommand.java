package br.lncc.llm.cli;

import br.lncc.llm.lesson.ch02.BertLab;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** BERT's guesses for the [MASK] of a sentence, with probabilities. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true)
public final class FillMaskCommand implements Callable<Integer> {

    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--text", required = true)
    String text;

    @Option(names = "--top", defaultValue = "5")
    int top;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            CliInput.requireText(text);
            BertLab.requireMask(text, top);
            try (BertLab bert = BertLab.open(ModelArgument.folder(model))) {
                BertLab.MaskGuesses r = bert.fillMask(text, top);
                // The JSON contract is a bare array, so a truncation notice goes to stderr.
                TruncationNotice.warn(r.input().truncated(), r.input().notice());
                if (r.masks() > 1) {
                    System.err.println(CompanionCommand.text("cli.fillMask.manyMasks", r.masks()));
                }
                var predictions = r.guesses();
                if (json) {
                    var out = new ObjectMapper().createArrayNode();
                    for (var p : predictions) out.addObject().put("token", p.token()).put("prob", p.prob());
                    System.out.println(out);
                } else {
                    for (int i = 0; i < predictions.size(); i++) {
                        var p = predictions.get(i);
                        System.out.printf(Locale.ROOT, "%2d. %-16s %.4f%n", i + 1, p.token(), p.prob());
                    }
                }
            }
            return 0;
        });
    }
}
