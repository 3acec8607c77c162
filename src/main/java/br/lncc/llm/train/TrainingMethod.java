package br.lncc.llm.train;

/** Cap. 7.3.5: where the gradient flows and in what precision the base is kept. */
public enum TrainingMethod {
    /** Every weight trainable, float32 (7.3.2). */
    SFT,
    /** Base frozen in float32, LoRA adapters trainable (7.3.3). */
    LORA,
    /** Base frozen in NF4, LoRA adapters trainable in float32 (7.3.4). */
    QLORA
}
