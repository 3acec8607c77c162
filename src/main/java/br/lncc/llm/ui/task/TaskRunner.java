package br.lncc.llm.ui.task;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.ui.I18n;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the UI runs long work (model load, download, generation, training, benchmark).
 *
 * <pre>{@code
 * ctx.tasks().run(i18n.get("lessons.loadBert"), sink -> BertLoader.load(sink), model -> show(model));
 * ctx.tasks().run(title, ProgressUnit.BYTES, sink -> hub.download(id, sink), path -> refresh());
 * }</pre>
 *
 * The work runs on a daemon thread and reports through the {@code ProgressSink} it receives;
 * the status bar shows the job with a progress bar, detail (bytes or steps, ETA) and Cancel.
 * {@code onDone} runs on the JavaFX thread with the result. Cancel (or a
 * {@link CancelledException} thrown by the work) is not an error: the result is dropped and the
 * status bar says "cancelado". Any other exception opens {@link ErrorDialog}.
 */
public final class TaskRunner {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final I18n i18n;
    private final Supplier<Window> owner;
    private final Consumer<String> status;
    private final ObservableList<TaskHandle> running = FXCollections.observableArrayList();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "companion-task-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /**
     * @param owner window that owns error dialogs (may return null)
     * @param status where one-line outcomes go ("Download concluído", "… cancelado")
     */
    public TaskRunner(I18n i18n, Supplier<Window> owner, Consumer<String> status) {
        this.i18n = i18n;
        this.owner = owner;
        this.status = status;
    }

    /** Jobs still running, in start order (the task area shows them). FX thread only. */
    public ObservableList<TaskHandle> running() {
        return running;
    }

    public <T> TaskHandle run(String title, BackgroundWork<T> work, Consumer<? super T> onDone) {
        return run(title, ProgressUnit.STEPS, work, onDone, null);
    }

    public <T> TaskHandle run(String title, BackgroundWork<T> work, Consumer<? super T> onDone, Runnable onFinished) {
        return run(title, ProgressUnit.STEPS, work, onDone, onFinished);
    }

    public <T> TaskHandle run(String title, ProgressUnit unit, BackgroundWork<T> work, Consumer<? super T> onDone) {
        return run(title, unit, work, onDone, null);
    }

    /**
     * Full form. {@code onFinished} (may be null) runs on the FX thread after success, failure or
     * cancel, e.g. to re-enable the button that started the job. Call from the FX thread.
     */
    public <T> TaskHandle run(
            String title,
            ProgressUnit unit,
            BackgroundWork<T> work,
            Consumer<? super T> onDone,
            Runnable onFinished) {
        var handle = new TaskHandle(title, unit, i18n, work);
        @SuppressWarnings("unchecked")
        var task = (javafx.concurrent.Task<T>) handle.task();
        task.setOnSucceeded(e -> {
            running.remove(handle);
            if (handle.isCancelRequested()) {
                status.accept(i18n.get("task.cancelled", title));
            } else {
                status.accept(i18n.get("task.finished", title));
                try {
                    if (onDone != null) onDone.accept(task.getValue());
                } catch (RuntimeException ex) {
                    fail(title, ex);
                }
            }
            finish(onFinished);
        });
        task.setOnFailed(e -> {
            running.remove(handle);
            Throwable error = task.getException();
            if (handle.isCancelRequested() || isCancellation(error)) {
                status.accept(i18n.get("task.cancelled", title));
            } else {
                fail(title, error);
            }
            finish(onFinished);
        });
        running.add(handle);
        executor.execute(task);
        return handle;
    }

    private void fail(String title, Throwable error) {
        log.error("task '{}' failed", title, error);
        status.accept(i18n.get("task.failed", title));
        ErrorDialog.show(owner.get(), i18n, i18n.get("task.failed", title), error);
    }

    private void finish(Runnable onFinished) {
        if (onFinished == null) return;
        try {
            onFinished.run();
        } catch (RuntimeException ex) {
            log.error("onFinished failed", ex);
        }
    }

    static boolean isCancellation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CancelledException || c instanceof InterruptedException) return true;
        }
        return false;
    }

    /** Asks every running job to stop (window closing). */
    public void cancelAll() {
        Runnable r = () -> running.forEach(TaskHandle::cancel);
        if (Platform.isFxApplicationThread()) r.run();
        else Platform.runLater(r);
    }
}
