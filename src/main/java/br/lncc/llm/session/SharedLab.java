package br.lncc.llm.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lab the sections of a chapter share (Cap. 4.8–4.12 the generation lab, Cap. 5.5–5.8 the
 * prompting lab): every page of the group works on the same instance, so switching sections never
 * opens a second copy. Held by {@link ModelSessions#lab}; a lab holds its model's lease, so
 * replacing it (another model chosen) or {@link #release() releasing} it gives that lease back.
 *
 * <p>Thread-safe; listeners run on the thread that changed the lab (the UI's adapter moves them
 * to the FX thread).
 */
public final class SharedLab<T extends AutoCloseable> {
    private static final Logger log = LoggerFactory.getLogger(SharedLab.class);

    private final String group;
    private final Class<T> type;
    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
    private T current;

    SharedLab(String group, Class<T> type) {
        this.group = group;
        this.type = type;
    }

    public String group() {
        return group;
    }

    Class<T> type() {
        return type;
    }

    /** The lab now in use, null before one was opened. */
    public synchronized T get() {
        return current;
    }

    /** Puts {@code next} in use (null: none) and closes the one it replaces. */
    public void set(T next) {
        T old;
        synchronized (this) {
            old = current;
            current = next;
        }
        if (old != next) {
            closeQuietly(old);
            for (var l : listeners) l.accept(next);
        }
    }

    /**
     * Puts {@code opened} in use only if nothing is yet (a page's default opened in the background
     * while another page chose a model wins nothing); otherwise closes it.
     *
     * @return true when {@code opened} is now in use
     */
    public boolean setIfEmpty(T opened) {
        synchronized (this) {
            if (current == null) {
                current = opened;
            } else {
                opened = null;
            }
        }
        if (opened == null) return false;
        for (var l : listeners) l.accept(opened);
        return true;
    }

    /** Closes the lab in use (its lease returns); the pages show none until one is opened again. */
    public void release() {
        set(null);
    }

    /** Calls {@code listener} with each new lab; returns its removal. */
    public Runnable subscribe(Consumer<T> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void closeQuietly(T lab) {
        if (lab == null) return;
        try {
            lab.close();
        } catch (Exception e) {
            log.warn("closing the {} lab failed", group, e);
        }
    }
}
