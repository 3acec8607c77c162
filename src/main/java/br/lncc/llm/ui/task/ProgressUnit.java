package br.lncc.llm.ui.task;

/** How the task area shows ProgressSink's done/total numbers. */
public enum ProgressUnit {
    /** "37 / 200" (steps, tokens, examples...). */
    STEPS,
    /** "12,3 MB / 548 MB". */
    BYTES,
    /** Only the percentage. */
    FRACTION
}
