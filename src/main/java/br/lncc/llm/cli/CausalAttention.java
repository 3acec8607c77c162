package br.lncc.llm.cli;

import br.lncc.llm.hub.EmbeddedModel;
import br.lncc.llm.lesson.ch04.GenerationLab;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
            return GenerationLab.isCausal(ModelArgument.folder(model));
        } catch (RuntimeException e) {
            return false; // not loadable: the BERT path reports the problem
        }
    }

    static int print(String model, String text, int layer, int head, boolean json) {
        CliInput.requireText(text);
        try (GenerationLab lab = GenerationLab.open(ModelArgument.folder(model))) {
            GenerationLab.HeadAttention a = lab.attention(text, layer, head);
            var w = a.input().window();
            var tokens = a.input().tokens();
            float[][] matrix = a.matrix();
            if (json) {
                ObjectNode out = AttentionMatrixText.json(tokens, matrix);
                TruncationNotice.put(out, w.truncated(), w.originalLength(), w.notice());
                System.out.println(out);
            } else {
                TruncationNotice.warn(w.truncated(), w.notice());
                System.out.println(CompanionCommand.text("cli.attention.causalHeader", layer, head));
                AttentionMatrixText.printRows(tokens, matrix);
            }
        }
        return 0;
    }
}
