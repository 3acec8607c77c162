package br.lncc.llm.cli;

import ai.djl.ndarray.NDManager;
import br.lncc.llm.generate.PromptWindow;
import br.lncc.llm.hub.EmbeddedModel;
import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.Architecture;
import br.lncc.llm.model.AttentionCapture;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.weights.Checkpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code attention} command for decoder-only models (GPT-2, Llama family, Phi): one head's
 * causal attention matrix — each row sums to 1 and nothing above the diagonal (Cap. 4.6).
 */
final class CausalAttention {
    private CausalAttention() {}

    /** True when {@code --model} names a causal LM we run (so BERT keeps its own path). */
    static boolean isCausal(String model) {
        if (EmbeddedModel.isEmbeddedId(model.trim())) return false;
        try {
            Path folder = ModelResolver.standard().resolve(model, new StderrProgress());
            Architecture.of(Checkpoint.readConfig(folder));
            return true;
        } catch (RuntimeException e) {
            return false; // not causal, or not loadable: the BERT path reports the problem
        }
    }

    static int print(String model, String text, int layer, int head, boolean json) {
        if (text == null || text.isBlank()) throw new ModelException("cli.text.empty", new Object[0], "--text");
        try (LoadedModel m = LoadedModel.open(model)) {
            var encoding = m.tokenizer().encode(text, false);
            if (encoding.size() == 0) throw new ModelException("cli.text.noTokens", new Object[0], "--text");
            PromptWindow w = PromptWindow.fit(encoding.ids(), m.model().maxPositions(), 0);
            String[] tokens = Arrays.copyOfRange(encoding.tokens(), encoding.size() - w.ids().length, encoding.size());
            AttentionCapture capture = new AttentionCapture();
            try (NDManager scope = m.model().manager().newSubManager()) {
                m.model().forward(scope.create(w.ids()).reshape(1, w.ids().length), null, true, capture);
            }
            int layers = capture.layers().size();
            if (layer < 0 || layer >= layers) {
                throw new ModelException("cli.attention.noLayer", new Object[] {layer, layers - 1}, "--layer " + layer);
            }
            int heads = capture.layers().get(layer).length;
            if (head < 0 || head >= heads) {
                throw new ModelException("cli.attention.noHead", new Object[] {head, heads - 1}, "--head " + head);
            }
            float[][] matrix = capture.map(layer, head);
            if (json) {
                ObjectNode out = new ObjectMapper().createObjectNode();
                var t = out.putArray("tokens");
                for (String s : tokens) t.add(s);
                var rows = out.putArray("matrix");
                for (float[] row : matrix) {
                    var r = rows.addArray();
                    for (float v : row) r.add(v);
                }
                if (w.truncated()) {
                    out.put("truncated", true);
                    out.put("original_tokens", w.originalLength());
                    out.put("notice", w.notice().render(CompanionCommand.language()));
                }
                System.out.println(out);
            } else {
                if (w.truncated()) System.err.println(br.lncc.llm.text.Messages.render(CompanionCommand.language(), "notice.prefix", w.notice()));
                System.out.println(CompanionCommand.text("cli.attention.causalHeader", layer, head));
                for (int q = 0; q < matrix.length; q++) {
                    var line = new StringBuilder(String.format(Locale.ROOT, "%02d %-12s", q, tokens[q]));
                    for (float v : matrix[q]) line.append(String.format(Locale.ROOT, " %.4f", v));
                    System.out.println(line);
                }
            }
        }
        return 0;
    }
}
