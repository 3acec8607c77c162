package br.lncc.llm.model;

import java.util.Locale;

/**
 * The module tree of Hugging Face's BertModel exactly as PyTorch's {@code print(model)} shows it
 * (notebook N1.02), and the parameter counts that go with it. Both come from the config alone,
 * so the UI can show them before any weights are loaded.
 */
public final class BertModuleTree {

    private BertModuleTree() {}

    /** Parameters of BertModel (embeddings + encoder + pooler): 109,482,240 for bert-base-uncased. */
    public static long bertModelParameters(BertConfig c) {
        return embeddingParameters(c) + c.numLayers() * layerParameters(c) + poolerParameters(c);
    }

    /**
     * Parameters of BertForMaskedLM: the encoder without pooler plus the prediction head. Its
     * decoder reuses the word-embedding matrix (tied), so only its bias is new: 109,514,298.
     */
    public static long maskedLmParameters(BertConfig c) {
        long h = c.hiddenSize();
        long head = h * h + h + 2 * h + c.vocabSize();
        return embeddingParameters(c) + c.numLayers() * layerParameters(c) + head;
    }

    public static long embeddingParameters(BertConfig c) {
        long h = c.hiddenSize();
        return (long) (c.vocabSize() + c.maxPositions() + c.typeVocabSize()) * h + 2 * h;
    }

    public static long layerParameters(BertConfig c) {
        long h = c.hiddenSize();
        long f = c.intermediateSize();
        long attention = 4 * (h * h + h) + 2 * h;
        long ffn = h * f + f + f * h + h + 2 * h;
        return attention + ffn;
    }

    public static long poolerParameters(BertConfig c) {
        long h = c.hiddenSize();
        return h * h + h;
    }

    /** PyTorch's repr of BertModel (transformers ≥ 4.4x, SDPA attention, as recorded in N1.02). */
    public static String render(BertConfig c) {
        String h = Integer.toString(c.hiddenSize());
        String ln = "LayerNorm((" + h + ",), eps=" + pythonFloat(c.layerNormEps()) + ", elementwise_affine=True)";
        String hiddenDrop = "Dropout(p=" + pythonFloat(c.hiddenDropout()) + ", inplace=False)";
        String attnDrop = "Dropout(p=" + pythonFloat(c.attentionDropout()) + ", inplace=False)";
        String layers = c.numLayers() == 1 ? "(0)" : "(0-" + (c.numLayers() - 1) + "): " + c.numLayers() + " x";
        var b = new StringBuilder();
        b.append("BertModel(\n");
        b.append("  (embeddings): BertEmbeddings(\n");
        b.append("    (word_embeddings): Embedding(").append(c.vocabSize()).append(", ").append(h)
                .append(", padding_idx=").append(c.padTokenId()).append(")\n");
        b.append("    (position_embeddings): Embedding(").append(c.maxPositions()).append(", ").append(h).append(")\n");
        b.append("    (token_type_embeddings): Embedding(").append(c.typeVocabSize()).append(", ").append(h).append(")\n");
        b.append("    (LayerNorm): ").append(ln).append('\n');
        b.append("    (dropout): ").append(hiddenDrop).append('\n');
        b.append("  )\n");
        b.append("  (encoder): BertEncoder(\n");
        b.append("    (layer): ModuleList(\n");
        b.append("      ").append(layers).append(c.numLayers() == 1 ? ": " : " ").append("BertLayer(\n");
        b.append("        (attention): BertAttention(\n");
        b.append("          (self): BertSdpaSelfAttention(\n");
        for (String p : new String[] {"query", "key", "value"}) {
            b.append("            (").append(p).append("): ").append(linear(c.hiddenSize(), c.hiddenSize())).append('\n');
        }
        b.append("            (dropout): ").append(attnDrop).append('\n');
        b.append("          )\n");
        b.append("          (output): BertSelfOutput(\n");
        b.append("            (dense): ").append(linear(c.hiddenSize(), c.hiddenSize())).append('\n');
        b.append("            (LayerNorm): ").append(ln).append('\n');
        b.append("            (dropout): ").append(hiddenDrop).append('\n');
        b.append("          )\n");
        b.append("        )\n");
        b.append("        (intermediate): BertIntermediate(\n");
        b.append("          (dense): ").append(linear(c.hiddenSize(), c.intermediateSize())).append('\n');
        b.append("          (intermediate_act_fn): GELUActivation()\n");
        b.append("        )\n");
        b.append("        (output): BertOutput(\n");
        b.append("          (dense): ").append(linear(c.intermediateSize(), c.hiddenSize())).append('\n');
        b.append("          (LayerNorm): ").append(ln).append('\n');
        b.append("          (dropout): ").append(hiddenDrop).append('\n');
        b.append("        )\n");
        b.append("      )\n");
        b.append("    )\n");
        b.append("  )\n");
        b.append("  (pooler): BertPooler(\n");
        b.append("    (dense): ").append(linear(c.hiddenSize(), c.hiddenSize())).append('\n');
        b.append("    (activation): Tanh()\n");
        b.append("  )\n");
        b.append(")");
        return b.toString();
    }

    private static String linear(int in, int out) {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=True)";
    }

    /** Python's repr of a float: 0.1, 1e-12. */
    static String pythonFloat(double v) {
        if (v != 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e16)) {
            String s = String.format(Locale.ROOT, "%.15e", v);
            String mantissa = s.substring(0, s.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
            int exp = Integer.parseInt(s.substring(s.indexOf('e') + 1));
            return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
        }
        String s = Double.toString(v);
        return s;
    }
}
