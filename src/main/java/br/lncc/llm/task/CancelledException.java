package br.lncc.llm.task;

import br.lncc.llm.text.Messages;

/** Thrown by long work when the user pressed Cancel; never an error to report. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super(Messages.render(Messages.PT_BR, "task.cancelled"));
    }
}
