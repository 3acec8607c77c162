package br.lncc.llm.bench;

import br.lncc.llm.task.ProgressSink;

/** Opens a model by Hub id or folder for the benchmarks (downloads it if needed). */
@FunctionalInterface
public interface CompleterLoader {
    TextCompleter open(String idOrPath, ProgressSink progress);
}
