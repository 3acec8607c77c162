package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.MatrixText;
import br.lncc.llm.lesson.ch02.SelfAttentionSteps;
import br.lncc.llm.lesson.ch02.WorkedSelfAttention;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.MatrixCard;
import br.lncc.llm.ui.lessons.MatrixField;
import br.lncc.llm.ui.lessons.PageLayout;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 2.6–2.8: the "teddy reads" self-attention revealed step by step (lookup, Q = K = V = X,
 * QKᵀ element by element, ÷√d_k, softmax row by row, Z = AV). The student edits E or the
 * sentence and every step is recomputed by {@link WorkedSelfAttention}.
 */
public final class Ch02WorkedAttentionView {
    static final int STEPS = 6;

    private final I18n i18n;
    private final PageLayout layout;
    private final ObjectProperty<SelfAttentionSteps> result = new SimpleObjectProperty<>(WorkedSelfAttention.book());
    private final IntegerProperty revealed = new SimpleIntegerProperty(1);
    private final MatrixField embeddingsField = new MatrixField("E", 4, -1);
    private final TextField sentenceField = new TextField(WorkedSelfAttention.BOOK_SENTENCE);
    private final Label sentenceError = new Label();
    private final List<VBox> steps = new ArrayList<>();
    private final Label stepCounter = new Label();

    private final MatrixCard e = new MatrixCard();
    private final MatrixCard x = new MatrixCard();
    private final Label lookup = formula();
    private final MatrixCard q = new MatrixCard();
    private final MatrixCard k = new MatrixCard();
    private final MatrixCard v = new MatrixCard();
    private final MatrixCard kt = new MatrixCard();
    private final Label scoreTerms = formula();
    private final MatrixCard scores = new MatrixCard();
    private final Label sqrt = formula();
    private final MatrixCard scaled = new MatrixCard();
    private final Label softmaxRows = formula();
    private final MatrixCard weights = new MatrixCard();
    private final Label outputTerms = formula();
    private final MatrixCard output = new MatrixCard();

    public Ch02WorkedAttentionView(PageContext ctx) {
        this.i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.worked.title", "lessons.worked.intro");
        layout.add(editors());
        layout.add(stepControls());
        steps.add(step("lessons.worked.step1", lookup, row(e, x)));
        steps.add(step("lessons.worked.step2", row(q, k, v)));
        steps.add(step("lessons.worked.step3", row(kt, scores), scoreTerms));
        steps.add(step("lessons.worked.step4", sqrt, scaled));
        steps.add(step("lessons.worked.step5", softmaxRows, weights));
        steps.add(step("lessons.worked.step6", outputTerms, output));
        layout.column().getChildren().addAll(steps);
        layout.add(layout.note("lessons.worked.note"));
        e.setId("worked-E");
        weights.setId("worked-A");
        output.setId("worked-Z");
        embeddingsField.setId("worked-E-editor");
        sentenceField.setId("worked-sentence");
        embeddingsField.setMatrix(WorkedSelfAttention.bookEmbeddings());
        embeddingsField.setOnValid(m -> recompute(m, sentenceField.getText()));
        sentenceField.textProperty().addListener((o, a, b) -> recompute(result.get().embeddings(), b));
        result.addListener((o, a, b) -> draw(b));
        revealed.addListener((o, a, b) -> showSteps());
        i18n.localeProperty().addListener((o, a, b) -> draw(result.get()));
        draw(result.get());
        showSteps();
    }

    public Node root() {
        return layout.root();
    }

    public ObjectProperty<SelfAttentionSteps> resultProperty() {
        return result;
    }

    public IntegerProperty revealedProperty() {
        return revealed;
    }

    private Node editors() {
        var sentenceLabel = new Label();
        sentenceLabel.textProperty().bind(i18n.text("lessons.worked.sentence"));
        var eLabel = new Label();
        eLabel.textProperty().bind(i18n.text("lessons.worked.editE"));
        sentenceError.getStyleClass().add("lesson-error");
        sentenceError.setWrapText(true);
        var restore = new Button();
        restore.textProperty().bind(i18n.text("lessons.restoreBook"));
        restore.setOnAction(ev -> {
            embeddingsField.setMatrix(WorkedSelfAttention.bookEmbeddings());
            sentenceField.setText(WorkedSelfAttention.BOOK_SENTENCE);
            recompute(WorkedSelfAttention.bookEmbeddings(), WorkedSelfAttention.BOOK_SENTENCE);
        });
        var vocabulary = new Label("V = " + WorkedSelfAttention.BOOK_VOCABULARY);
        var left = new VBox(4, sentenceLabel, sentenceField, sentenceError, vocabulary, restore);
        var right = new VBox(4, eLabel, embeddingsField);
        // At presenter sizes the sentence column keeps its width and E's long caption wraps instead.
        left.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        eLabel.setWrapText(true);
        HBox.setHgrow(right, javafx.scene.layout.Priority.ALWAYS);
        return new HBox(24, left, right);
    }

    private Node stepControls() {
        var previous = new Button("◀");
        previous.setOnAction(ev -> revealed.set(Math.max(1, revealed.get() - 1)));
        var next = new Button();
        next.textProperty().bind(i18n.text("lessons.worked.next"));
        next.setId("worked-next");
        next.setOnAction(ev -> {
            revealed.set(Math.min(STEPS, revealed.get() + 1));
            layout.reveal(steps.get(revealed.get() - 1));
        });
        var all = new Button();
        all.textProperty().bind(i18n.text("lessons.worked.all"));
        all.setOnAction(ev -> revealed.set(STEPS));
        return new HBox(8, previous, next, all, stepCounter);
    }

    private void recompute(double[][] embeddings, String sentence) {
        try {
            result.set(WorkedSelfAttention.compute(WorkedSelfAttention.BOOK_VOCABULARY, embeddings, sentence));
            sentenceError.setText("");
            embeddingsField.showError(null);
        } catch (LessonInputException ex) {
            // The last good result stays on screen; the message says what to fix.
            if (ex.detail().startsWith("E shape")) embeddingsField.showProblem(ex);
            else sentenceError.setText(ex.getMessage());
        }
    }

    private void showSteps() {
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).setVisible(i < revealed.get());
            steps.get(i).setManaged(i < revealed.get());
        }
        stepCounter.setText(i18n.get("lessons.worked.counter", revealed.get(), STEPS));
    }

    private void draw(SelfAttentionSteps s) {
        List<String> t = s.tokens();
        List<String> dims = new ArrayList<>();
        for (int c = 0; c < s.x()[0].length; c++) dims.add("d" + (c + 1));
        e.setCaption("E");
        e.setMatrix(s.embeddings(), WorkedSelfAttention.BOOK_VOCABULARY, dims, 2);
        x.setCaption("X");
        x.setMatrix(s.x(), t, dims, 2);
        var ids = new StringBuilder();
        for (int i = 0; i < t.size(); i++) ids.append(i > 0 ? ",  " : "").append(t.get(i)).append(" → ").append(s.ids()[i]);
        lookup.setText(ids.toString());
        q.setCaption("Q = X");
        q.setMatrix(s.q(), t, dims, 2);
        k.setCaption("K = X");
        k.setMatrix(s.k(), t, dims, 2);
        v.setCaption("V = X");
        v.setMatrix(s.v(), t, dims, 2);
        kt.setCaption("Kᵀ");
        kt.setMatrix(s.kTransposed(), dims, t, 2);
        scores.setCaption("QKᵀ");
        scores.setMatrix(s.scores(), t, t, 2);
        scoreTerms.setText(scoreLines(s));
        sqrt.setText("√d_k = √" + s.x()[0].length + " ≈ " + MatrixText.number(s.sqrtDk(), 3, i18n.getLocale()));
        scaled.setCaption("S = QKᵀ / √d_k");
        scaled.setMatrix(s.scaled(), t, t, 3);
        softmaxRows.setText(softmaxLines(s));
        weights.setCaption("A = softmax(S)");
        weights.setMatrix(s.weights(), t, t, 2);
        outputTerms.setText(outputLines(s));
        output.setCaption("Z = AV");
        output.setMatrix(s.output(), t, dims, 2);
        showSteps();
    }

    private String scoreLines(SelfAttentionSteps s) {
        var sb = new StringBuilder();
        int n = s.tokens().size();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sb.append('(').append(i + 1).append(", ").append(j + 1).append(") = ");
                double[] qi = s.q()[i], kj = s.k()[j];
                for (int c = 0; c < qi.length; c++) {
                    if (c > 0) sb.append(" + ");
                    sb.append(num(qi[c])).append('·').append(num(kj[c]));
                }
                sb.append(" = ").append(num(s.scores()[i][j]));
                sb.append(j < n - 1 ? "     " : "\n");
            }
        }
        return sb.toString().strip();
    }

    private String softmaxLines(SelfAttentionSteps s) {
        var sb = new StringBuilder();
        int n = s.tokens().size();
        // With a decimal comma ("0,50"), a list of numbers needs another separator: "0,50; 0,50".
        String between = java.text.DecimalFormatSymbols.getInstance(i18n.getLocale()).getDecimalSeparator() == ',' ? "; " : ", ";
        for (int i = 0; i < n; i++) {
            var exps = new StringBuilder();
            var probs = new StringBuilder();
            for (int j = 0; j < n; j++) {
                exps.append(j > 0 ? between : "").append("e^").append(MatrixText.number(s.scaled()[i][j], 3, i18n.getLocale())).append(" ≈ ")
                        .append(MatrixText.number(s.exponentials()[i][j], 3, i18n.getLocale()));
                probs.append(j > 0 ? between : "").append(MatrixText.number(s.weights()[i][j], 3, i18n.getLocale()));
            }
            sb.append(i18n.get("lessons.worked.softmaxRow", i + 1, exps, MatrixText.number(s.rowSums()[i], 3, i18n.getLocale()), probs))
                    .append('\n');
        }
        return sb.toString().strip();
    }

    private String outputLines(SelfAttentionSteps s) {
        var sb = new StringBuilder();
        int n = s.tokens().size(), d = s.x()[0].length;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                sb.append('z').append(i + 1).append(c + 1).append(" = ");
                for (int j = 0; j < n; j++) {
                    if (j > 0) sb.append(" + ");
                    sb.append(MatrixText.number(s.weights()[i][j], 2, i18n.getLocale())).append('·').append(num(s.v()[j][c]));
                }
                sb.append(" = ").append(MatrixText.number(s.output()[i][c], 2, i18n.getLocale()));
                sb.append(c < d - 1 ? "     " : "\n");
            }
        }
        return sb.toString().strip();
    }

    private String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : MatrixText.number(v, 3, i18n.getLocale());
    }

    private VBox step(String key, Node... content) {
        var title = new Label();
        title.getStyleClass().add("step-title");
        title.textProperty().bind(i18n.text(key));
        var text = new Label();
        text.setWrapText(true);
        text.textProperty().bind(i18n.text(key + ".text"));
        var box = new VBox(6, title, text);
        box.getChildren().addAll(content);
        box.getStyleClass().add("step-box");
        return box;
    }

    static FlowPane row(Node... nodes) {
        var p = new FlowPane(16, 8, nodes);
        return p;
    }

    static Label formula() {
        var l = new Label();
        l.getStyleClass().add("formula");
        l.setWrapText(true);
        return l;
    }
}
