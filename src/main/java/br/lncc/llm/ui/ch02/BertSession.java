package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.ch02.BertSentence;
import br.lncc.llm.lesson.ch02.BertSentenceAnalyzer;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.ui.PageContext;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The real BERT-base shared by the Cap. 2 pages (2.2, 2.3–2.4, 2.4.7, 2.5): the model is loaded
 * once in the background, each sentence runs through it once, and every page draws from the
 * same {@link BertSentence}. Changing layer or head never runs the model again. The model is
 * leased from the app's {@code ModelSessions}, so the memory line and the model manager show it.
 */
public final class BertSession {
    private static BertSession app;

    private final StringProperty sentence = new SimpleStringProperty(BertSentenceAnalyzer.BOOK_SENTENCE);
    private final ObjectProperty<BertSentence> result = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private volatile BertSentenceAnalyzer analyzer;

    private BertSession() {
        // A new sentence makes the last message (empty text, truncation) obsolete.
        sentence.addListener((o, a, b) -> error.set(""));
    }

    /** The session of the running app (FX thread). */
    public static synchronized BertSession app() {
        if (app == null) app = new BertSession();
        return app;
    }

    /** A session over an already loaded model (tests, notebook). */
    public static BertSession withModel(BertSentenceAnalyzer analyzer) {
        var s = new BertSession();
        s.analyzer = analyzer;
        return s;
    }

    public StringProperty sentenceProperty() {
        return sentence;
    }

    public ObjectProperty<BertSentence> resultProperty() {
        return result;
    }

    /** Inline message for bad input ("" when fine); the last good result stays on screen. */
    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    /** Runs the current sentence once (no-op if it is the one already shown). */
    public void analyseIfNeeded(PageContext ctx) {
        var r = result.get();
        if (!busy.get() && (r == null || !r.text().equals(sentence.get()))) analyse(ctx);
    }

    public void analyse(PageContext ctx) {
        String text = sentence.get();
        if (text == null || text.isBlank()) {
            error.set(ctx.i18n().get("lessons.bert.empty"));
            return;
        }
        if (busy.get()) return;
        error.set("");
        busy.set(true);
        // One task counts bytes (the first use unpacks ≈ 440 MB) and then steps: shown as a percentage,
        // never as "207832238 / 887139518".
        ctx.tasks().run(ctx.i18n().get("lessons.bert.task"), br.lncc.llm.ui.task.ProgressUnit.FRACTION,
                sink -> model(sink).analyse(text, sink), r -> {
                    result.set(r);
                    if (r.truncated()) error.set(ctx.i18n().get("lessons.bert.truncated", r.originalLength(), r.length()));
                }, () -> busy.set(false));
    }

    /**
     * Gives the leased model back (the app's exit; a test that ran the app's session). The next
     * {@link #analyse} leases it again. The shown result stays: it is data, not the model.
     */
    public synchronized void release() {
        BertSentenceAnalyzer a = analyzer;
        analyzer = null;
        if (a != null) a.close();
    }

    private BertSentenceAnalyzer model(ProgressSink sink) {
        BertSentenceAnalyzer a = analyzer;
        if (a != null) return a;
        synchronized (this) {
            // The app's session holds its lease for the app's lifetime; the model manager lists it.
            if (analyzer == null) analyzer = BertSentenceAnalyzer.leaseEmbedded(BertSentenceAnalyzer.HOLDER, sink);
            return analyzer;
        }
    }
}
