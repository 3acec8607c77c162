package br.lncc.llm.session;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holder's claim on a shared loaded model. Close it when the page or command is done with
 * the model (try-with-resources in the CLI, the page's disposal in the UI); the model itself is
 * closed when the last lease on it closes. Closing twice is harmless.
 */
public final class ModelLease<T> implements AutoCloseable {
    private final ModelSessions sessions;
    private final SessionKey key;
    private final ModelSessions.Claim claim;
    private final T model;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModelLease(ModelSessions sessions, SessionKey key, ModelSessions.Claim claim, T model) {
        this.sessions = sessions;
        this.key = key;
        this.claim = claim;
        this.model = model;
    }

    /** The shared model; do not close it yourself (close the lease). */
    public T get() {
        if (closed.get()) throw new IllegalStateException("lease on " + key + " already closed");
        return model;
    }

    public SessionKey key() {
        return key;
    }

    public String holder() {
        return claim.holder;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) sessions.release(key, claim);
    }
}
