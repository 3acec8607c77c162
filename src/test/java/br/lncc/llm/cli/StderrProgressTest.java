package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StderrProgressTest {

    /**
     * A resumed run: 30 s of model loading, then the first report at 327/3000 and six more records
     * 0.6 s later. The rate is 10 records/s, so about 267 s remain — not the 30 s of loading spread
     * over six records (≈ 13,000 s), which is what a student saw.
     */
    @Test
    void remainingTimeIsMeasuredFromTheFirstReportNotFromConstruction() {
        var now = new AtomicLong(0);
        var err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var progress = new StderrProgress(now::get);
            now.set(30_000_000_000L);
            progress.update(327, 3000, "consulta 327/3000");
            now.addAndGet(600_000_000L);
            progress.update(333, 3000, "consulta 333/3000");
        } finally {
            System.setErr(old);
        }
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("consulta 333/3000 · faltam ~267 s", lines[lines.length - 1]);
    }
}
