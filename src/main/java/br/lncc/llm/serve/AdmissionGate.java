package br.lncc.llm.serve;

import java.util.concurrent.Semaphore;

/**
 * One generation at a time per model (or {@code concurrent}), the rest wait in a bounded queue:
 * on a laptop CPU two generations at once only share the same cores, so each would be slower
 * and the first token of both later. A request that finds the queue full is refused at once
 * (429) instead of piling up.
 */
final class AdmissionGate {
    private final int concurrent;
    private final int capacity;
    private final Semaphore turns;
    private int waiting;
    private int running;

    AdmissionGate(int concurrent, int capacity) {
        this.concurrent = concurrent;
        this.capacity = capacity;
        this.turns = new Semaphore(concurrent, true);
    }

    /** A turn to generate; close it when done. */
    interface Turn extends AutoCloseable {
        /** How long the request waited for its turn, ms. */
        double waitedMs();

        @Override
        void close();
    }

    /** Waits for a turn; refuses at once (QUEUE_FULL) when {@code capacity} requests already wait. */
    Turn enter() throws InterruptedException {
        long start = System.nanoTime();
        synchronized (this) {
            if (running + waiting >= concurrent + capacity) {
                throw new ApiError(ApiError.Kind.QUEUE_FULL, "queue_full", null,
                        "the server is busy: " + running + " generation(s) running and " + waiting
                                + " waiting (the queue holds " + capacity + "); retry later");
            }
            waiting++;
        }
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            synchronized (this) {
                waiting--;
            }
            throw e;
        }
        synchronized (this) {
            waiting--;
            running++;
        }
        double waited = (System.nanoTime() - start) / 1e6;
        return new Turn() {
            private boolean closed;

            @Override
            public double waitedMs() {
                return waited;
            }

            @Override
            public void close() {
                synchronized (AdmissionGate.this) {
                    if (closed) return;
                    closed = true;
                    running--;
                }
                turns.release();
            }
        };
    }

    /** Runs {@code action} while no generation runs (to swap the model under the server). */
    void exclusive(Runnable action) throws InterruptedException {
        turns.acquire(concurrent);
        try {
            action.run();
        } finally {
            turns.release(concurrent);
        }
    }

    synchronized int waiting() {
        return waiting;
    }

    synchronized int running() {
        return running;
    }
}
