package br.lncc.llm.model;

import java.math.BigDecimal;

/**
 * The module tree of a Hugging Face model as {@code print(model)} shows it in PyTorch, built from
 * the config alone, so the student can compare it line by line with the notebook's output.
 */
public final class ModuleTree {
    private ModuleTree() {}

    public static String llama(LlamaConfig c) {
        String p = c.classPrefix();
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        String norm = p + "RMSNorm((" + h + ",), eps=" + pythonFloat(c.rmsNormEps()) + ")";
        var b = new StringBuilder();
        b.append(c.hfClass()).append("(\n");
        b.append("  (model): ").append(p).append("Model(\n");
        b.append("    (embed_tokens): Embedding(").append(c.vocabSize()).append(", ").append(h).append(")\n");
        b.append("    (layers): ModuleList(\n");
        b.append("      (").append(range(c.numLayers())).append("): ").append(c.numLayers()).append(" x ")
                .append(p).append("DecoderLayer(\n");
        b.append("        (self_attn): ").append(p).append("Attention(\n");
        b.append("          (q_proj): ").append(linear(h, q, c.qkvBias())).append('\n');
        b.append("          (k_proj): ").append(linear(h, kv, c.qkvBias())).append('\n');
        b.append("          (v_proj): ").append(linear(h, kv, c.qkvBias())).append('\n');
        b.append("          (o_proj): ").append(linear(q, h, c.outputBias())).append('\n');
        b.append("        )\n");
        b.append("        (mlp): ").append(p).append("MLP(\n");
        b.append("          (gate_proj): ").append(linear(h, c.intermediateSize(), c.mlpBias())).append('\n');
        b.append("          (up_proj): ").append(linear(h, c.intermediateSize(), c.mlpBias())).append('\n');
        b.append("          (down_proj): ").append(linear(c.intermediateSize(), h, c.mlpBias())).append('\n');
        b.append("          (act_fn): SiLU()\n");
        b.append("        )\n");
        b.append("        (input_layernorm): ").append(norm).append('\n');
        b.append("        (post_attention_layernorm): ").append(norm).append('\n');
        b.append("      )\n");
        b.append("    )\n");
        b.append("    (norm): ").append(norm).append('\n');
        b.append("    (rotary_emb): ").append(p).append("RotaryEmbedding()\n");
        b.append("  )\n");
        b.append("  (lm_head): ").append(linear(h, c.vocabSize(), false)).append('\n');
        b.append(")");
        return b.toString();
    }

    public static String phi(PhiConfig c) {
        long h = c.hiddenSize();
        long kv = (long) c.numKvHeads() * c.headDim();
        String ln = "LayerNorm((" + h + ",), eps=" + pythonFloat(c.layerNormEps()) + ", elementwise_affine=True)";
        var b = new StringBuilder();
        b.append("PhiForCausalLM(\n");
        b.append("  (model): PhiModel(\n");
        b.append("    (embed_tokens): Embedding(").append(c.vocabSize()).append(", ").append(h).append(")\n");
        b.append("    (layers): ModuleList(\n");
        b.append("      (").append(range(c.numLayers())).append("): ").append(c.numLayers())
                .append(" x PhiDecoderLayer(\n");
        b.append("        (self_attn): PhiAttention(\n");
        b.append("          (q_proj): ").append(linear(h, h, true)).append('\n');
        b.append("          (k_proj): ").append(linear(h, kv, true)).append('\n');
        b.append("          (v_proj): ").append(linear(h, kv, true)).append('\n');
        b.append("          (dense): ").append(linear(h, h, true)).append('\n');
        b.append("        )\n");
        b.append("        (mlp): PhiMLP(\n");
        b.append("          (activation_fn): NewGELUActivation()\n");
        b.append("          (fc1): ").append(linear(h, c.intermediateSize(), true)).append('\n');
        b.append("          (fc2): ").append(linear(c.intermediateSize(), h, true)).append('\n');
        b.append("        )\n");
        b.append("        (input_layernorm): ").append(ln).append('\n');
        b.append("        (resid_dropout): Dropout(p=").append(pythonFloat(c.residDropout())).append(", inplace=False)\n");
        b.append("      )\n");
        b.append("    )\n");
        b.append("    (rotary_emb): PhiRotaryEmbedding()\n");
        b.append("    (embed_dropout): Dropout(p=").append(pythonFloat(c.embdDropout())).append(", inplace=False)\n");
        b.append("    (final_layernorm): ").append(ln).append('\n');
        b.append("  )\n");
        b.append("  (lm_head): ").append(linear(h, c.vocabSize(), true)).append('\n');
        b.append(")");
        return b.toString();
    }

    private static String range(int n) {
        return n == 1 ? "0" : "0-" + (n - 1);
    }

    private static String linear(long in, long out, boolean bias) {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=" + (bias ? "True" : "False") + ")";
    }

    /** Python's repr of a float: 1e-05, 1e-06, 0.1, 0.0. */
    static String pythonFloat(double v) {
        if (v == 0) return "0.0";
        double abs = Math.abs(v);
        if (abs >= 1e-4 && abs < 1e16) {
            String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        BigDecimal bd = BigDecimal.valueOf(v).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        String mantissa = bd.movePointLeft(exp).stripTrailingZeros().toPlainString();
        return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
}
