package br.lncc.llm.task;

/**
 * How long work below the UI reports progress and learns it was cancelled. The UI's task
 * framework implements it; the CLI prints it to stderr; tests use {@link #NONE}.
 */
public interface ProgressSink {

    /** done/total in any unit (bytes, steps, tokens); total ≤ 0 means unknown. */
    void update(long done, long total, String message);

    /**
     * Something the person should know that does not stop the work (e.g. lines of a results log
     * moved to quarantine). The CLI prints it on its own line; the default drops it.
     */
    default void notice(String message) {}

    /** Long loops check this between steps and stop by throwing {@link CancelledException}. */
    boolean isCancelled();

    default void checkCancelled() {
        if (isCancelled()) throw new CancelledException();
    }

    ProgressSink NONE = new ProgressSink() {
        @Override
        public void update(long done, long total, String message) {}

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
