package br.lncc.llm.ui.notebooks;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where a notebook's PrintStream writes when it runs in the app: whole lines go to the page as
 * they are printed (bytes are held until the newline, so a UTF-8 character is never split), every
 * write checks Cancel — so N01 and N02, which know nothing of the task framework, stop at their
 * next print — and, if asked, each cell header ("── N1.04 · …") becomes the progress message.
 */
final class StreamedOutput extends OutputStream {
    private final ProgressSink sink;
    private final Consumer<String> lines;
    private final boolean cellsAsProgress;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final StringBuilder all = new StringBuilder();
    private int cells;

    /**
     * @param lines           receives each line with its newline (on the writing thread)
     * @param cellsAsProgress report cell headers to the sink (for notebooks that report nothing themselves)
     */
    StreamedOutput(ProgressSink sink, Consumer<String> lines, boolean cellsAsProgress) {
        this.sink = sink;
        this.lines = lines;
        this.cellsAsProgress = cellsAsProgress;
    }

    @Override
    public synchronized void write(int b) {
        if (sink.isCancelled()) throw new CancelledException();
        pending.write(b);
        if (b == '\n') emit();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (sink.isCancelled()) throw new CancelledException();
        for (int i = off; i < off + len; i++) {
            pending.write(b[i]);
            if (b[i] == '\n') emit();
        }
    }

    /** Sends what is left without a newline (end of run, or cancelled). */
    synchronized void finish() {
        if (pending.size() > 0) emit();
    }

    /** Everything written so far (what the page shows and saves). */
    synchronized String text() {
        return all.toString();
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        all.append(line);
        if (cellsAsProgress && line.startsWith("── ")) {
            cells++;
            sink.update(cells, -1, line.substring(3).replaceAll("[ ─]+$", "").strip());
        }
        lines.accept(line);
    }
}
