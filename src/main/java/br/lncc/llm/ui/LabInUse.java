package br.lncc.llm.ui;

import br.lncc.llm.session.SharedLab;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * A chapter's {@link SharedLab} as a page sees it: a JavaFX property the page listens to, always
 * changed on the FX thread. The lab itself (and the lease it holds) lives in the app's
 * {@code ModelSessions}, so every page of the group — and the model manager — see the same one.
 */
public final class LabInUse<T extends AutoCloseable> {
    private final SharedLab<T> lab;
    private final ReadOnlyObjectWrapper<T> property;

    public LabInUse(SharedLab<T> lab) {
        this.lab = lab;
        this.property = new ReadOnlyObjectWrapper<>(lab.get());
        lab.subscribe(next -> {
            if (Platform.isFxApplicationThread()) property.set(next);
            else Platform.runLater(() -> property.set(lab.get()));
        });
    }

    public ReadOnlyObjectProperty<T> property() {
        return property.getReadOnlyProperty();
    }

    /** The lab in use now (any thread), null before one was opened. */
    public T get() {
        return lab.get();
    }

    /** Uses {@code next} from now on (another model picked); the replaced lab is closed. */
    public void set(T next) {
        lab.set(next);
    }

    /** A page's default, opened in the background: used only if no page picked one meanwhile, else closed. */
    public void setIfEmpty(T opened) {
        if (!lab.setIfEmpty(opened)) {
            try {
                opened.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing an unused lab failed", e);
            }
        }
    }
}
