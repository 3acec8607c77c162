package br.lncc.llm.ui.task;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.ui.I18n;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.concurrent.Task;

/**
 * One background job as the task area sees it: title, progress, detail line, Cancel.
 *
 * <p>Cancel only raises a flag that the work reads through {@link ProgressSink#isCancelled()};
 * the job stays listed ("cancelando…") until the work has really stopped, so the user never
 * starts a second download while the first is still writing.
 */
public final class TaskHandle {
    private final String title;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper(false);
    private final SinkTask<?> task;

    <T> TaskHandle(String title, ProgressUnit unit, I18n i18n, BackgroundWork<T> work) {
        this.title = title;
        this.task = new SinkTask<>(work, unit, i18n, cancelRequested);
    }

    public String title() {
        return title;
    }

    /** Asks the work to stop; it ends at its next ProgressSink check. */
    public void cancel() {
        cancelRequested.set(true);
        cancelling.set(true);
    }

    public boolean isCancelRequested() {
        return cancelRequested.get();
    }

    public ReadOnlyBooleanProperty cancellingProperty() {
        return cancelling.getReadOnlyProperty();
    }

    /** 0..1, or -1 while the total is unknown (indeterminate bar). */
    public ReadOnlyDoubleProperty progressProperty() {
        return task.progressProperty();
    }

    /** "message · 12 / 100 · 12% · faltam 30 s". */
    public ReadOnlyStringProperty detailProperty() {
        return task.messageProperty();
    }

    /** True once the work has returned or thrown (FX thread view). */
    public boolean isDone() {
        return task.isDone();
    }

    Task<?> task() {
        return task;
    }

    /** The javafx Task that adapts ProgressSink calls to progress/message properties. */
    // The sink is a separate object: Task inherits FutureTask.isCancelled(), which Task's own
    // state machine reads, so the sink's isCancelled() must not override it.
    static final class SinkTask<T> extends Task<T> {
        private final BackgroundWork<T> work;
        private final ProgressUnit unit;
        private final I18n i18n;
        private final AtomicBoolean cancelRequested;
        private long rateStartNanos = -1;
        private long rateStartDone;

        SinkTask(BackgroundWork<T> work, ProgressUnit unit, I18n i18n, AtomicBoolean cancelRequested) {
            this.work = work;
            this.unit = unit;
            this.i18n = i18n;
            this.cancelRequested = cancelRequested;
        }

        @Override
        protected T call() throws Exception {
            return work.run(sink);
        }

        private final ProgressSink sink = new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {
                report(done, total, message);
            }

            @Override
            public void notice(String message) {
                updateMessage(message);
            }

            @Override
            public void notice(Message message) {
                updateMessage(i18n.get(message));
            }

            @Override
            public void update(long done, long total, Message message) {
                report(done, total, i18n.get(message));
            }

            @Override
            public boolean isCancelled() {
                return cancelRequested.get();
            }
        };

        private synchronized void report(long done, long total, String message) {
            long now = System.nanoTime();
            if (rateStartNanos < 0) {
                rateStartNanos = now;
                rateStartDone = done;
            }
            double eta = -1;
            double elapsed = (now - rateStartNanos) / 1e9;
            // The rate is measured from the first report, so a resumed download does not claim
            // it fetched the already-present bytes in zero seconds.
            if (total > 0 && done > rateStartDone && elapsed > 0.5) {
                double rate = (done - rateStartDone) / elapsed;
                eta = (total - done) / rate;
            }
            if (total > 0) updateProgress(Math.min(done, total), total);
            else updateProgress(-1, 1);
            updateMessage(ProgressText.format(i18n, unit, done, total, message, eta));
        }
    }
}
