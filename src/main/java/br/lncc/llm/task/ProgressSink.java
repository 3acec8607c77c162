package br.lncc.llm.task;

import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;

/**
 * How long work below the UI reports progress and learns it was cancelled. The UI's task
 * framework implements it; the CLI prints it to stderr; tests use {@link #NONE}.
 *
 * <p>Work below the UI reports with {@link #update(long, long, Message)} (a key + arguments), so
 * the UI shows it in the student's language and the CLI in {@code --lang}'s. The String form is
 * the older one (a finished text) and stays while callers move to keys.
 */
public interface ProgressSink {

    /** done/total in any unit (bytes, steps, tokens); total ≤ 0 means unknown. */
    void update(long done, long total, String message);

    /**
     * done/total with a message as key + arguments. Sinks that know their language (the UI's task
     * framework, the CLI) override this; the default renders pt-BR into the String form.
     */
    default void update(long done, long total, Message message) {
        update(done, total, Messages.render(Messages.PT_BR, message));
    }

    /**
     * Something the person should know that does not stop the work (e.g. lines of a results log
     * moved to quarantine). The CLI prints it on its own line; the default drops it.
     */
    default void notice(String message) {}

    /** A notice as key + arguments; the default renders pt-BR into the String form. */
    default void notice(Message message) {
        notice(Messages.render(Messages.PT_BR, message));
    }

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
