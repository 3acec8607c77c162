package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.MatrixText;
import br.lncc.llm.lesson.ch02.LayerNormSteps;
import br.lncc.llm.lesson.ch02.NormPlacement;
import br.lncc.llm.lesson.ch03.NotebookN1Weights;
import br.lncc.llm.lesson.ch03.Rope;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.MatrixCard;
import br.lncc.llm.ui.lessons.MatrixField;
import br.lncc.llm.ui.lessons.PageLayout;
import java.util.Arrays;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 2.9–2.10 for one token of the Cap. 3 toy X: the FFN (expand 4 → 16, GELU, project back)
 * with the notebook's seeded weights, then LayerNorm's mean, variance, normalisation and γ/β,
 * and the same sub-block wired post-norm (BERT) and pre-norm (modern LLMs).
 */
public final class Ch02FeedForwardNormView {
    private final I18n i18n;
    private final PageLayout layout;
    private final ObjectProperty<NormPlacement> result = new SimpleObjectProperty<>();
    private final ComboBox<String> token = new ComboBox<>();
    private final Spinner<Integer> seed = new Spinner<>(0, 1_000_000, 0);
    private final MatrixField gamma = new MatrixField("γ", 1, 4);
    private final MatrixField beta = new MatrixField("β", 1, 4);
    private double[] gammaValues = {1, 1, 1, 1};
    private double[] betaValues = {0, 0, 0, 0};

    private final MatrixCard input = new MatrixCard();
    private final MatrixCard expanded = new MatrixCard();
    private final MatrixCard activated = new MatrixCard();
    private final MatrixCard ffnOut = new MatrixCard();
    private final MatrixCard sum = new MatrixCard();
    private final Label stats = Ch02WorkedAttentionView.formula();
    private final MatrixCard normalised = new MatrixCard();
    private final MatrixCard postNorm = new MatrixCard();
    private final MatrixCard preNormIn = new MatrixCard();
    private final MatrixCard preNormOut = new MatrixCard();

    public Ch02FeedForwardNormView(PageContext ctx) {
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.ffn.title", "lessons.ffn.intro");
        token.getItems().setAll(Rope.TOY_TOKENS);
        token.getSelectionModel().select(0);
        token.setId("ffn-token");
        seed.setEditable(true);
        seed.setPrefWidth(110);
        seed.setId("ffn-seed");
        var tokenLabel = label("lessons.ffn.token");
        var seedLabel = label("lessons.ffn.seed");
        layout.add(new HBox(24, new VBox(4, tokenLabel, token), new VBox(4, seedLabel, seed)));
        layout.add(layout.paragraph("lessons.ffn.seedNote"));
        layout.heading("lessons.ffn.ffnHeading");
        layout.add(Ch02WorkedAttentionView.row(input));
        layout.add(new VBox(6, expanded, activated));
        layout.add(Ch02WorkedAttentionView.row(ffnOut));
        layout.heading("lessons.ffn.lnHeading");
        layout.add(new HBox(24, new VBox(4, new Label("γ"), gamma), new VBox(4, new Label("β"), beta)));
        layout.add(Ch02WorkedAttentionView.row(sum), stats, Ch02WorkedAttentionView.row(normalised, postNorm));
        layout.heading("lessons.ffn.placementHeading");
        layout.add(diagram("lessons.ffn.post", "x", "F(x)", "x + F(x)", "LayerNorm", "y"));
        layout.add(Ch02WorkedAttentionView.row(postNorm.snapshotTwin()));
        layout.add(diagram("lessons.ffn.pre", "x", "LayerNorm", "F(LN(x))", "x + F(LN(x))", "y"));
        layout.add(Ch02WorkedAttentionView.row(preNormIn, preNormOut));
        layout.add(layout.note("lessons.ffn.note"));
        postNorm.setId("ffn-postnorm");
        gamma.setMatrix(new double[][] {gammaValues});
        beta.setMatrix(new double[][] {betaValues});
        gamma.setOnValid(m -> {
            gammaValues = m[0];
            recompute();
        });
        beta.setOnValid(m -> {
            betaValues = m[0];
            recompute();
        });
        token.valueProperty().addListener((o, a, b) -> draw(result.get()));
        seed.valueProperty().addListener((o, a, b) -> recompute());
        result.addListener((o, a, b) -> draw(b));
        i18n.localeProperty().addListener((o, a, b) -> draw(result.get()));
        recompute();
    }

    public Node root() {
        return layout.root();
    }

    public ObjectProperty<NormPlacement> resultProperty() {
        return result;
    }

    private void recompute() {
        try {
            var weights = NotebookN1Weights.draw(seed.getValue(), false);
            result.set(NormPlacement.compute(Rope.toyX(), weights.dense(), gammaValues, betaValues, NormPlacement.BERT_EPS));
            gamma.showError(null);
        } catch (LessonInputException ex) {
            gamma.showProblem(ex);
        }
    }

    private void draw(NormPlacement p) {
        if (p == null) return;
        int t = Math.max(0, token.getSelectionModel().getSelectedIndex());
        String name = Rope.TOY_TOKENS.get(t);
        input.setCaption("x (" + name + ")");
        input.setVector(p.ffn().input()[t], 2);
        expanded.setCaption(i18n.get("lessons.ffn.expanded"));
        expanded.setVector(p.ffn().expanded()[t], 3);
        activated.setCaption(i18n.get("lessons.ffn.activated"));
        activated.setVector(p.ffn().activated()[t], 3);
        ffnOut.setCaption(i18n.get("lessons.ffn.projected"));
        ffnOut.setVector(p.ffn().output()[t], 4);
        LayerNormSteps ln = p.postNorm();
        sum.setCaption("z = x + FFN(x)");
        sum.setVector(ln.input()[t], 4);
        stats.setText(i18n.get("lessons.ffn.stats", MatrixText.number(ln.mean()[t], 4, i18n.getLocale()),
                MatrixText.number(ln.variance()[t], 4, i18n.getLocale()), MatrixText.number(Math.sqrt(ln.variance()[t] + ln.eps()), 4, i18n.getLocale()),
                Arrays.toString(ln.gamma()), Arrays.toString(ln.beta())));
        normalised.setCaption("ẑ = (z − μ) / √(σ² + ε)");
        normalised.setVector(ln.normalised()[t], 4);
        postNorm.setCaption("y = γ ⊙ ẑ + β");
        postNorm.setVector(ln.output()[t], 4);
        preNormIn.setCaption("LN(x)");
        preNormIn.setVector(p.preNormInput().output()[t], 4);
        preNormOut.setCaption("x + F(LN(x))");
        preNormOut.setVector(p.preNormOutput()[t], 4);
    }

    private Node diagram(String titleKey, String... boxes) {
        var row = new HBox(6);
        row.getChildren().add(label(titleKey));
        for (int i = 0; i < boxes.length; i++) {
            if (i > 0) row.getChildren().add(new Label("→"));
            var b = new Label(boxes[i]);
            b.getStyleClass().add("diagram-box");
            if (boxes[i].equals("LayerNorm")) b.getStyleClass().add("norm");
            if (boxes[i].startsWith("F")) b.getStyleClass().add("block");
            row.getChildren().add(b);
        }
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        return l;
    }
}
