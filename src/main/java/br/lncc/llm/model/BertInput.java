package br.lncc.llm.model;

import br.lncc.llm.text.Message;
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

    /**
     * What was cut, as a message the UI or the CLI renders in its language (issue 13); an empty
     * literal when nothing was cut.
     */
    public Message notice() {
        if (!truncated) return Message.literal("");
        return Message.of("model.bert.truncated", originalLength, ids.length, ids.length - 1);
    }
}
