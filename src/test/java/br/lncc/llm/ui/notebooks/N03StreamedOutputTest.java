package br.lncc.llm.ui.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** How N01/N02 (which only print) are streamed, followed and cancelled on the Notebooks page. */
class N03StreamedOutputTest {

    static final class Sink implements ProgressSink {
        final AtomicBoolean cancelled = new AtomicBoolean();
        final List<String> messages = new ArrayList<>();

        @Override
        public void update(long done, long total, String message) {
            messages.add(done + "/" + total + " " + message);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    @Test
    void wholeLinesArriveEvenWhenAUtf8CharacterIsSplitAcrossWrites() {
        var sink = new Sink();
        List<String> lines = new ArrayList<>();
        var stream = new StreamedOutput(sink, lines::add, true);
        byte[] bytes = "atenção\nsegunda".getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, 5); // "atenç" ends in the middle of 'ç'
        stream.write(bytes, 5, bytes.length - 5);
        assertEquals(List.of("atenção\n"), lines);
        stream.finish();
        assertEquals(List.of("atenção\n", "segunda"), lines);
        assertEquals("atenção\nsegunda", stream.text());
    }

    @Test
    void cellHeadersBecomeProgressAndCancelStopsTheNextPrint() {
        var sink = new Sink();
        List<String> lines = new ArrayList<>();
        var stream = new StreamedOutput(sink, lines::add, true);
        var out = new PrintStream(stream, true, StandardCharsets.UTF_8);
        out.println("── N1.04 · Tokenização ─────────────");
        out.println("[BERT] Tokens:");
        assertEquals(List.of("1/-1 N1.04 · Tokenização"), sink.messages);
        sink.cancelled.set(true);
        assertThrows(CancelledException.class, () -> out.println("não deve sair"));
        assertEquals(2, lines.size(), "what was printed before Cancel stays");
    }

    @Test
    void notebooksThatReportTheirOwnProgressAreLeftAlone() {
        var sink = new Sink();
        var stream = new StreamedOutput(sink, l -> {}, false);
        new PrintStream(stream, true, StandardCharsets.UTF_8).println("── N3.01 · Setup ───");
        assertEquals(List.of(), sink.messages);
    }
}
