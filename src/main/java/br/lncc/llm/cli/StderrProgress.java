package br.lncc.llm.cli;

import br.lncc.llm.task.ProgressSink;
import java.util.Locale;

/** Progress of long CLI jobs on stderr (stdout stays clean for JSON), at most twice a second. */
final class StderrProgress implements ProgressSink {
    private final long started = System.nanoTime();
    private long lastPrint;
    private long firstDone = -1;

    @Override
    public void update(long done, long total, String message) {
        long now = System.nanoTime();
        if (firstDone < 0) firstDone = done;
        if (now - lastPrint < 500_000_000L && done < total) return;
        lastPrint = now;
        double elapsed = (now - started) / 1e9;
        String eta = "";
        if (total > 0 && done > firstDone && done < total) {
            eta = String.format(Locale.ROOT, " · faltam ~%.0f s", elapsed / (done - firstDone) * (total - done));
        }
        System.err.println(message + eta);
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
