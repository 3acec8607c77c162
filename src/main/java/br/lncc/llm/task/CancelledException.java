package br.lncc.llm.task;

/** Thrown by long work when the user pressed Cancel; never an error to report. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("Cancelado pelo usuário");
    }
}
