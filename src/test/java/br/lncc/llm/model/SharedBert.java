package br.lncc.llm.model;

import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.weights.EmbeddedBertFixture;

/** One real BERT-base (and its tokenizer) per test JVM, shared by every test class that needs it. */
public final class SharedBert {
    private static Bert bert;
    private static TextTokenizer tokenizer;
    private static long loadMillis;

    private SharedBert() {}

    public static synchronized Bert model() {
        if (bert == null) {
            var folder = EmbeddedBertFixture.folder();
            long t = System.nanoTime();
            // Leased from the app's registry, as the Cap. 2 pages lease it: tests of sharing see this copy.
            bert = br.lncc.llm.session.ModelSessions.app().lease(
                    br.lncc.llm.session.SessionKey.of(folder, br.lncc.llm.session.ModelFormat.FP32), "tests",
                    br.lncc.llm.lesson.ch02.BertSentenceAnalyzer.Loaded.class,
                    () -> br.lncc.llm.lesson.ch02.BertSentenceAnalyzer.Loaded.read(folder)).get().bert();
            loadMillis = (System.nanoTime() - t) / 1_000_000;
            // Closed by the JVM's end: tests in several classes share it.
        }
        return bert;
    }

    public static synchronized TextTokenizer tokenizer() {
        if (tokenizer == null) tokenizer = TextTokenizer.fromFolder(EmbeddedBertFixture.folder());
        return tokenizer;
    }

    public static synchronized long loadMillis() {
        model();
        return loadMillis;
    }
}
