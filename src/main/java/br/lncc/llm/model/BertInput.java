package br.lncc.llm.model;

import br.lncc.llm.tokenize.TextTokenizer;
import java.util.Arrays;

/**
 * A tokenized sentence made to fit BERT's positions. Longer texts are cut, never silently: the
 * first {@code max − 1} tokens are kept and the final [SEP] is put back, and {@link #notice()}
 * says so (shown in the UI and in the CLI's JSON).
 */
public record BertInput(long[] ids, String[] tokens, long[] typeIds, boolean truncated, int originalLength) {

    public static BertInput fit(TextTokenizer.Encoding encoding, int maxPositions) {
        int n = encoding.size();
        if (n <= maxPositions) {
            return new BertInput(encoding.ids(), encoding.tokens(), encoding.typeIds(), false, n);
        }
        long[] ids = Arrays.copyOf(encoding.ids(), maxPositions);
        String[] tokens = Arrays.copyOf(encoding.tokens(), maxPositions);
        long[] types = Arrays.copyOf(encoding.typeIds(), maxPositions);
        // The last token of a BERT encoding is [SEP]; keeping it keeps the input well-formed.
        ids[maxPositions - 1] = encoding.ids()[n - 1];
        tokens[maxPositions - 1] = encoding.tokens()[n - 1];
        types[maxPositions - 1] = encoding.typeIds()[n - 1];
        return new BertInput(ids, tokens, types, true, n);
    }

    public int length() {
        return ids.length;
    }

    /** Empty when nothing was cut. */
    public String notice() {
        if (!truncated) return "";
        return "O texto tem " + originalLength + " tokens, mas o BERT só tem " + ids.length + " posições: foram usados os "
                + (ids.length - 1) + " primeiros e o [SEP] final (text truncated from " + originalLength + " to "
                + ids.length + " tokens).";
    }
}
