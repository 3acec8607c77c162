package br.lncc.llm.session;

/** How a model's weights are held in memory (Cap. 6: quantization), part of a session's key. */
public enum ModelFormat {
    /** Float32 weights, as read (BF16/FP16 widened). */
    FP32,
    /** 4-bit NormalFloat blocks (QLoRA's base model). */
    NF4,
    /** 8-bit integers with per-row scales. */
    INT8
}
