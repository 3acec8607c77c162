package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.ch02.BertSentenceAnalyzer;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The sentence box on top of every real-BERT page, bound to the shared {@link BertSession}. */
final class SentenceBar extends VBox {
    private final TextField field = new TextField();

    SentenceBar(PageContext ctx, BertSession session) {
        super(4);
        I18n i18n = ctx.i18n();
        field.textProperty().bindBidirectional(session.sentenceProperty());
        field.setId("bert-sentence");
        field.setOnAction(e -> session.analyse(ctx));
        HBox.setHgrow(field, Priority.ALWAYS);
        var run = new Button();
        run.textProperty().bind(i18n.text("lessons.bert.run"));
        run.setId("bert-run");
        run.setDefaultButton(false);
        run.disableProperty().bind(session.busyProperty());
        run.setOnAction(e -> session.analyse(ctx));
        var book = new Button();
        book.textProperty().bind(i18n.text("lessons.bert.bookSentence"));
        book.setOnAction(e -> {
            session.sentenceProperty().set(BertSentenceAnalyzer.BOOK_SENTENCE);
            session.analyse(ctx);
        });
        var portuguese = new Button();
        portuguese.textProperty().bind(i18n.text("lessons.bert.portuguese"));
        portuguese.setOnAction(e -> {
            session.sentenceProperty().set(BertSentenceAnalyzer.PORTUGUESE_SENTENCE);
            session.analyse(ctx);
        });
        var spinner = new ProgressIndicator();
        spinner.setPrefSize(20, 20);
        spinner.visibleProperty().bind(session.busyProperty());
        var label = new Label();
        label.textProperty().bind(i18n.text("lessons.bert.sentence"));
        var error = new Label();
        error.getStyleClass().add("lesson-error");
        error.setWrapText(true);
        error.textProperty().bind(session.errorProperty());
        error.setId("bert-error");
        // The model is loaded on the first click, not when a page opens: the first load unpacks
        // ≈ 440 MB and a student browsing the chapter should not pay for it unasked.
        var hint = new Label();
        hint.textProperty().bind(i18n.text("lessons.bert.hint"));
        hint.getStyleClass().add("lesson-note");
        hint.setWrapText(true);
        hint.visibleProperty().bind(session.resultProperty().isNull());
        hint.managedProperty().bind(hint.visibleProperty());
        getChildren().addAll(label, new HBox(8, field, run, spinner), new HBox(8, book, portuguese), error, hint);
    }
}
