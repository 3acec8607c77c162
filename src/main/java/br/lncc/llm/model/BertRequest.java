package br.lncc.llm.model;

/**
 * What a forward pass should hand back besides the last hidden state and the pooler output.
 * Copying attentions out costs L·H·n² floats (≈ 150 MB at 512 tokens), so it is opt-in.
 */
public record BertRequest(boolean embeddings, boolean hiddenStates, boolean attentions, int[] mlmPositions) {

    public static final BertRequest MINIMAL = new BertRequest(false, false, false, new int[0]);
    public static final BertRequest EVERYTHING = new BertRequest(true, true, true, new int[0]);

    public BertRequest {
        mlmPositions = mlmPositions == null ? new int[0] : mlmPositions.clone();
    }

    public static BertRequest attentionsOnly() {
        return new BertRequest(false, false, true, new int[0]);
    }

    public static BertRequest maskedLm(int... positions) {
        return new BertRequest(false, false, false, positions);
    }
}
