package br.lncc.llm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * How {@code companion attention} prints one head's matrix, the same for BERT, causal models and
 * T5's encoder: JSON {@code {"tokens":[…],"matrix":[[…]]}} (callers add their fields), or one
 * line per query token — its index, the token, then its weight on every key.
 */
final class AttentionMatrixText {
    private AttentionMatrixText() {}

    static ObjectNode json(List<String> tokens, float[][] matrix) {
        ObjectNode out = new ObjectMapper().createObjectNode();
        var t = out.putArray("tokens");
        for (String s : tokens) t.add(s);
        var rows = out.putArray("matrix");
        for (float[] row : matrix) {
            var r = rows.addArray();
            for (float v : row) r.add(v);
        }
        return out;
    }

    static void printRows(List<String> tokens, float[][] matrix) {
        for (int q = 0; q < matrix.length; q++) {
            var line = new StringBuilder(String.format(Locale.ROOT, "%02d %-12s", q, tokens.get(q)));
            for (float v : matrix[q]) line.append(String.format(Locale.ROOT, " %.4f", v));
            System.out.println(line);
        }
    }
}
