package br.lncc.llm.lesson.ch02;

import java.util.List;

/**
 * One sentence through the real BERT-base, everything Cap. 2.2–2.5 shows: tokens, ids, mask,
 * the three embedding lookups and their sum, the PCA of the sum, and the attention of every
 * layer and head. Computed once per sentence; switching layer/head only reads these arrays.
 *
 * @param text            the sentence as typed
 * @param tokens          WordPiece tokens, with [CLS] and [SEP]
 * @param ids             input_ids (1, n)
 * @param attentionMask   attention_mask (1, n), all ones for one sentence
 * @param typeIds         token_type_ids (1, n), all zeros for one sentence
 * @param originalLength  tokens before truncation; &gt; n means the text was cut to fit 512 positions
 * @param tokenEmbeddings E_tok[ids] (n, 768); likewise position, segment and their sum (before LayerNorm)
 * @param pca             the sum projected to 2-D
 * @param repeated        the "two 'a'" proof when some word appears twice, else null
 * @param attentions      [layer][head][query][key]
 */
public record BertSentence(
        String text,
        List<String> tokens,
        long[] ids,
        long[] attentionMask,
        long[] typeIds,
        int originalLength,
        float[][] tokenEmbeddings,
        float[][] positionEmbeddings,
        float[][] segmentEmbeddings,
        float[][] sumEmbeddings,
        PcaProjection pca,
        RepeatedToken repeated,
        float[][][][] attentions) {

    public int length() {
        return ids.length;
    }

    public boolean truncated() {
        return originalLength > ids.length;
    }

    public int layers() {
        return attentions.length;
    }

    public int heads() {
        return attentions[0].length;
    }

    public int hidden() {
        return sumEmbeddings[0].length;
    }

    /** One head's matrix as doubles (rows = queries). */
    public double[][] attention(int layer, int head) {
        return AttentionInspector.toDouble(attentions[layer][head]);
    }

    /** Labels "i:token" as in N1.07's scatter. */
    public List<String> indexedTokens() {
        var out = new java.util.ArrayList<String>();
        for (int i = 0; i < tokens.size(); i++) out.add(i + ":" + tokens.get(i));
        return List.copyOf(out);
    }

    /**
     * Proof that a repeated token shares its lexical row but not its input vector (Cap. 2.3.4).
     *
     * @param token             the repeated token ("a")
     * @param first             its first position
     * @param second            its second position
     * @param tokenRowMaxDiff   max |E_tok[first] − E_tok[second]| (0: the same row of E)
     * @param sumRowDistance    ‖X[first] − X[second]‖ (&gt; 0: positions differ)
     * @param positionRowDistance ‖E_pos[first] − E_pos[second]‖, the whole difference
     */
    public record RepeatedToken(String token, int first, int second, double tokenRowMaxDiff, double sumRowDistance,
                                double positionRowDistance) {}
}
