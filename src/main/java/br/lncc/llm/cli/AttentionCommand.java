package br.lncc.llm.cli;

import br.lncc.llm.lesson.ch02.BertLab;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One head's attention matrix of BERT for a sentence (Cap. 2.5; layers and heads from zero). */
@Command(name = "attention", mixinStandardHelpOptions = true)
public final class AttentionCommand implements Callable<Integer> {

    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--text", required = true)
    String text;

    @Option(names = "--layer", defaultValue = "0")
    int layer;

    @Option(names = "--head", defaultValue = "0")
    int head;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            java.util.Optional<java.nio.file.Path> t5 = EncoderDecoderCli.t5Folder(model);
            if (t5.isPresent()) return EncoderDecoderCli.attention(t5.get(), text, layer, head, json);
            if (CausalAttention.isCausal(model)) return CausalAttention.print(model, text, layer, head, json);
            CliInput.requireText(text);
            try (BertLab bert = BertLab.open(ModelArgument.folder(model))) {
                BertLab.HeadAttention a = bert.attention(text, layer, head);
                BertLab.Reading input = a.input();
                if (json) {
                    ObjectNode out = AttentionMatrixText.json(input.tokens(), a.matrix());
                    TruncationNotice.put(out, input.truncated(), input.originalLength(), input.notice());
                    System.out.println(out);
                } else {
                    TruncationNotice.warn(input.truncated(), input.notice());
                    System.out.println(CompanionCommand.text("cli.attention.header", layer, head));
                    AttentionMatrixText.printRows(input.tokens(), a.matrix());
                }
            }
            return 0;
        });
    }
}
