package br.lncc.llm.cli;

import br.lncc.llm.model.BertInput;
import br.lncc.llm.model.BertRequest;
import br.lncc.llm.model.ModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
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
            LoadedBert.requireText(text);
            try (LoadedBert bert = LoadedBert.open(model)) {
                int layers = bert.config().numLayers();
                int heads = bert.config().numHeads();
                if (layer < 0 || layer >= layers) {
                    throw new ModelException("cli.attention.noLayer", new Object[] {layer, layers - 1}, "--layer " + layer);
                }
                if (head < 0 || head >= heads) {
                    throw new ModelException("cli.attention.noHead", new Object[] {head, heads - 1}, "--head " + head);
                }
                BertInput input = bert.encode(text);
                float[][] matrix = bert.model().forward(input.ids(), input.typeIds(), BertRequest.attentionsOnly())
                        .attentions()[layer][head];
                if (json) {
                    ObjectNode out = new ObjectMapper().createObjectNode();
                    var tokens = out.putArray("tokens");
                    for (String t : input.tokens()) tokens.add(t);
                    var rows = out.putArray("matrix");
                    for (float[] row : matrix) {
                        var r = rows.addArray();
                        for (float v : row) r.add(v);
                    }
                    if (input.truncated()) {
                        out.put("truncated", true);
                        out.put("original_tokens", input.originalLength());
                        out.put("notice", input.notice());
                    }
                    System.out.println(out);
                } else {
                    if (input.truncated()) System.err.println(CompanionCommand.text("notice.prefix", input.notice()));
                    System.out.println(CompanionCommand.text("cli.attention.header", layer, head));
                    for (int q = 0; q < matrix.length; q++) {
                        var line = new StringBuilder(String.format(Locale.ROOT, "%02d %-12s", q, input.tokens()[q]));
                        for (float v : matrix[q]) line.append(String.format(Locale.ROOT, " %.4f", v));
                        System.out.println(line);
                    }
                }
            }
            return 0;
        });
    }
}
