package br.lncc.llm.model.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed pool that splits the output rows of one matrix-vector product over the cores. A
 * decode step runs ~50–200 of these per token, so the hand-off must cost microseconds, not the
 * tens of microseconds of an executor: the calling thread works too, workers wait by spinning a
 * little and then parking, and rows are taken in chunks from a shared counter so that a core
 * stolen by another process (a loaded machine) does not leave the other idle at the end.
 */
public final class RowParallel {

    /** A range of rows [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private static final RowParallel SHARED = new RowParallel(
            Integer.getInteger("companion.kernels.threads", Runtime.getRuntime().availableProcessors()));

    /** The process-wide pool (one thread per core; -Dcompanion.kernels.threads=N changes it). */
    public static RowParallel shared() {
        return SHARED;
    }

    private final Thread[] workers;
    private final Object lock = new Object();
    private volatile Job job;
    private volatile long generation;

    private static final class Job {
        final RangeTask task;
        final int rows;
        final int chunk;
        final AtomicInteger next = new AtomicInteger();
        /** Rows finished; the caller waits for all of them, not for every worker to show up. */
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(RangeTask task, int rows, int chunk) {
            this.task = task;
            this.rows = rows;
            this.chunk = chunk;
        }

        void work() {
            try {
                for (int from = next.getAndAdd(chunk); from < rows; from = next.getAndAdd(chunk)) {
                    int to = Math.min(rows, from + chunk);
                    task.run(from, to);
                    done.addAndGet(to - from);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    RowParallel(int threads) {
        workers = new Thread[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workerLoop, "companion-matvec-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    public int threads() {
        return workers.length + 1;
    }

    /**
     * Runs task over [0, rows) in chunks (multiples of {@code align} rows, several per thread) and
     * returns when every row is done. One caller at a time uses the workers; a concurrent caller
     * (two models decoding at once) runs its rows alone on its own thread.
     */
    public void forRanges(int rows, int align, RangeTask task) {
        int threads = threads();
        if (threads == 1 || rows < 2 * align) {
            task.run(0, rows);
            return;
        }
        int chunk = Math.max(align, (rows / (threads * 4) + align - 1) / align * align);
        if (!tryAcquire()) {
            task.run(0, rows);
            return;
        }
        try {
            Job j = new Job(task, rows, chunk);
            job = j;
            generation++;
            for (Thread w : workers) LockSupport.unpark(w);
            j.work();
            int spins = 0;
            while (j.done.get() < rows && j.failure == null) {
                if (++spins < 20_000) Thread.onSpinWait();
                else Thread.yield();
            }
            job = null;
            if (j.failure != null) {
                if (j.failure instanceof RuntimeException e) throw e;
                if (j.failure instanceof Error e) throw e;
                throw new IllegalStateException(j.failure);
            }
        } finally {
            release();
        }
    }

    private boolean busy;

    private boolean tryAcquire() {
        synchronized (lock) {
            if (busy) return false;
            busy = true;
            return true;
        }
    }

    private void release() {
        synchronized (lock) {
            busy = false;
        }
    }

    private void workerLoop() {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen) {
                // Spin briefly: the next product of the same token usually follows within microseconds.
                if (++spins < 2_000) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            seen = generation;
            Job j = job;
            if (j != null) j.work();
        }
    }
}
