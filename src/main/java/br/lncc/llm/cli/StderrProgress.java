package br.lncc.llm.cli;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Progress of long CLI jobs on stderr (stdout stays clean for JSON), at most twice a second. */
final class StderrProgress implements ProgressSink {
    private final LongSupplier nanoClock;
    private final BooleanSupplier stop;
    private long lastPrint;
    private long firstDone = -1;
    private long firstAt;

    StderrProgress() {
        this(System::nanoTime);
    }

    /** @param stop asked between records (e.g. {@link StopOnSignal#requested}) */
    StderrProgress(BooleanSupplier stop) {
        this(System::nanoTime, stop);
    }

    /** @param nanoClock System::nanoTime, or a fake clock in tests */
    StderrProgress(LongSupplier nanoClock) {
        this(nanoClock, () -> false);
    }

    private StderrProgress(LongSupplier nanoClock, BooleanSupplier stop) {
        this.nanoClock = nanoClock;
        this.stop = stop;
        this.lastPrint = nanoClock.getAsLong() - 1_000_000_000L;
    }

    @Override
    public void update(long done, long total, String message) {
        long now = nanoClock.getAsLong();
        // The rate starts at the first report: model loading before it, or the records a resumed
        // run found already done, are not part of the work still ahead.
        if (firstDone < 0) {
            firstDone = done;
            firstAt = now;
        }
        if (now - lastPrint < 500_000_000L && done < total) return;
        lastPrint = now;
        String eta = "";
        if (total > 0 && done > firstDone && done < total) {
            double elapsed = (now - firstAt) / 1e9;
            eta = CompanionCommand.text("cli.progress.eta", String.format(Locale.ROOT, "%.0f", elapsed / (done - firstDone) * (total - done)));
        }
        System.err.println((message == null ? "" : message) + eta);
    }

    @Override
    public void notice(String message) {
        System.err.println(Messages.render(CompanionCommand.language(), "notice.prefix", message));
    }

    @Override
    public void notice(Message message) {
        notice(Messages.render(CompanionCommand.language(), message));
    }

    @Override
    public void update(long done, long total, Message message) {
        update(done, total, Messages.render(CompanionCommand.language(), message));
    }

    @Override
    public boolean isCancelled() {
        return stop.getAsBoolean();
    }
}
