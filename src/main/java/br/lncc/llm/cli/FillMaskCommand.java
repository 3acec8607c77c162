package br.lncc.llm.cli;

import br.lncc.llm.model.BertInput;
import br.lncc.llm.model.FillMask;
import br.lncc.llm.model.ModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
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
            LoadedBert.requireText(text);
            if (!text.contains(FillMask.MASK)) {
                throw new ModelException("cli.fillMask.noMask", new Object[] {FillMask.MASK}, "--text");
            }
            if (top < 1) throw new ModelException("cli.top.atLeastOne", new Object[] {top}, "--top " + top);
            try (LoadedBert bert = LoadedBert.open(model)) {
                BertInput input = bert.encode(text);
                if (!Arrays.asList(input.tokens()).contains(FillMask.MASK)) {
                    throw new ModelException("cli.fillMask.maskCut", new Object[] {FillMask.MASK, input.length()}, "--text");
                }
                // The JSON contract is a bare array, so a truncation notice goes to stderr.
                if (input.truncated()) System.err.println(CompanionCommand.text("notice.prefix", input.notice()));
                long masks = Arrays.stream(input.tokens()).filter(FillMask.MASK::equals).count();
                if (masks > 1) {
                    System.err.println(CompanionCommand.text("cli.fillMask.manyMasks", masks));
                }
                var predictions = FillMask.topK(bert.model(), bert.tokenizer(), input.ids(), input.tokens(), top);
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
