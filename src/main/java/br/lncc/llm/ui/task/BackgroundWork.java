package br.lncc.llm.ui.task;

import br.lncc.llm.task.ProgressSink;

/** A long job run off the JavaFX thread; it reports through the sink and checks it for Cancel. */
@FunctionalInterface
public interface BackgroundWork<T> {
    T run(ProgressSink sink) throws Exception;
}
