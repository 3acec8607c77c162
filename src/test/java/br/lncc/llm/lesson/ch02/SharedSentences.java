package br.lncc.llm.lesson.ch02;

import br.lncc.llm.model.SharedBert;
import br.lncc.llm.task.ProgressSink;

/** Sentences run through the real BERT once per test JVM and shared by lesson, UI and notebook tests. */
public final class SharedSentences {
    /** 5,000 words: beyond BERT's 512 positions, so the analysis truncates it. */
    public static final String LONG_TEXT = "teddy reads a book. ".repeat(1250);

    private static BertSentence book;
    private static BertSentence longText;

    private SharedSentences() {}

    public static synchronized BertSentence book() {
        if (book == null) book = analyzer().analyse(BertSentenceAnalyzer.BOOK_SENTENCE, ProgressSink.NONE);
        return book;
    }

    public static synchronized BertSentence longText() {
        if (longText == null) longText = analyzer().analyse(LONG_TEXT, ProgressSink.NONE);
        return longText;
    }

    private static BertSentenceAnalyzer analyzer() {
        return new BertSentenceAnalyzer(SharedBert.model(), SharedBert.tokenizer());
    }
}
