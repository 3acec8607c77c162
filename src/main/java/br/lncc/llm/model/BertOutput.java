package br.lncc.llm.model;

/**
 * What one BERT forward pass computed, as plain Java arrays (no NDArrays) so lessons and views
 * can keep it. Fields that were not requested are null.
 *
 * @param tokens         the input, one id per position
 * @param embeddings     Cap. 2.3–2.4: the three lookups and their sum, before LayerNorm
 * @param hiddenStates   [layer 0 = embeddings after LayerNorm, 1..L = each encoder layer][position][hidden]
 * @param attentions     [layer][head][query][key], softmax rows (Cap. 2.5); HF's shape (1, H, n, n) per layer
 * @param lastHidden     [position][hidden], always present
 * @param pooled         tanh(W·h[CLS] + b), always present
 * @param mlmPositions   positions whose masked-LM logits were computed
 * @param mlmLogits      [i][vocab] logits at mlmPositions[i]
 */
public record BertOutput(long[] tokens, BertEmbeddings embeddings, float[][][] hiddenStates, float[][][][] attentions,
                         float[][] lastHidden, float[] pooled, int[] mlmPositions, float[][] mlmLogits) {

    public int length() {
        return tokens.length;
    }

    /** HF's shape of one layer's attention tensor: (batch 1, heads, n, n). */
    public int[] attentionShape() {
        if (attentions == null) throw new IllegalStateException("attentions were not requested");
        return new int[] {1, attentions[0].length, tokens.length, tokens.length};
    }

    /** The three embedding tables looked up for the sentence, and their sum (each [position][hidden]). */
    public record BertEmbeddings(float[][] token, float[][] position, float[][] segment, float[][] sum) {}
}
