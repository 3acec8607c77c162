package br.lncc.llm.lesson.compress;

/** What a compressible matrix does in the block (the page groups Fisher bars by it: Q/K vs V vs MLP). */
public enum LinearRole {
    /** GPT-2's fused c_attn (q, k and v in one matrix). */
    QKV, Q, K, V, ATTN_OUT, MLP_IN, MLP_OUT,
    /** The output projection (the token embedding itself when tied). */
    HEAD, EMBEDDING;

    /** The role of a weight by its checkpoint name (GPT-2, Llama family, Phi), or null for none of these. */
    public static LinearRole of(String name) {
        if (name.endsWith("attn.c_attn.weight")) return QKV;
        if (name.endsWith("q_proj.weight")) return Q;
        if (name.endsWith("k_proj.weight")) return K;
        if (name.endsWith("v_proj.weight")) return V;
        if (name.endsWith("attn.c_proj.weight") || name.endsWith("o_proj.weight") || name.endsWith("self_attn.dense.weight")) {
            return ATTN_OUT;
        }
        if (name.endsWith("mlp.c_fc.weight") || name.endsWith("gate_proj.weight") || name.endsWith("up_proj.weight")
                || name.endsWith("mlp.fc1.weight")) {
            return MLP_IN;
        }
        if (name.endsWith("mlp.c_proj.weight") || name.endsWith("down_proj.weight") || name.endsWith("mlp.fc2.weight")) {
            return MLP_OUT;
        }
        return null;
    }
}
