package br.lncc.llm.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl+C or kill (SIGTERM) during a long benchmark: instead of dying between two lines of the log,
 * the JVM's shutdown waits (up to {@link #GRACE_SECONDS}) while the run stops at the next record
 * boundary, writes the report of what was measured and says how to continue.
 */
final class StopOnSignal implements AutoCloseable {
    static final int GRACE_SECONDS = 20;

    private volatile boolean requested;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::waitForTheRun, "stop-on-signal");

    StopOnSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean requested() {
        return requested;
    }

    private void waitForTheRun() {
        requested = true;
        try {
            finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run is over (finished, failed or stopped): a pending shutdown may go on. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and returns now that the latch is open
        }
    }
}
