package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.ch02.HeadSteps;
import br.lncc.llm.lesson.ch02.MultiHeadAttention;
import br.lncc.llm.lesson.ch02.MultiHeadSteps;
import br.lncc.llm.lesson.ch02.WorkedSelfAttention;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.MatrixCard;
import br.lncc.llm.ui.lessons.MatrixField;
import br.lncc.llm.ui.lessons.PageLayout;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 2.7: residual connections and multi-head attention on the teddy-reads X. Head h projects
 * onto its own slice of the dimensions, the outputs are concatenated, W_O recombines them and
 * the residual adds the result to X instead of replacing it.
 */
public final class Ch02MultiHeadView {
    private final I18n i18n;
    private final PageLayout layout;
    private final ObjectProperty<MultiHeadSteps> result = new SimpleObjectProperty<>();
    private final MatrixField xField = new MatrixField("X", -1, -1);
    private final Spinner<Integer> heads = new Spinner<>(1, 4, 2);
    private final VBox headBoxes = new VBox(8);
    private final MatrixCard concat = new MatrixCard();
    private final MatrixCard wo = new MatrixCard();
    private final MatrixCard output = new MatrixCard();
    private final MatrixCard x = new MatrixCard();
    private final MatrixCard residual = new MatrixCard();
    private double[][] currentX = WorkedSelfAttention.book().x();

    public Ch02MultiHeadView(PageContext ctx) {
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.multihead.title", "lessons.multihead.intro");
        var hLabel = new Label();
        hLabel.textProperty().bind(i18n.text("lessons.multihead.heads"));
        var xLabel = new Label("X");
        layout.add(new HBox(24, new VBox(4, xLabel, xField), new VBox(4, hLabel, heads)));
        layout.heading("lessons.multihead.perHead");
        layout.add(headBoxes);
        layout.heading("lessons.multihead.combine");
        layout.add(Ch02WorkedAttentionView.row(concat, wo, output));
        layout.heading("lessons.multihead.residual");
        layout.add(Ch02WorkedAttentionView.row(x, new Label("+"), output.snapshotTwin(), new Label("="), residual));
        layout.add(layout.note("lessons.multihead.note"));
        heads.setId("multihead-count");
        heads.setPrefWidth(80);
        residual.setId("multihead-residual");
        xField.setMatrix(currentX);
        xField.setOnValid(m -> {
            currentX = m;
            recompute();
        });
        heads.valueProperty().addListener((o, a, b) -> recompute());
        result.addListener((o, a, b) -> draw(b));
        recompute();
    }

    public Node root() {
        return layout.root();
    }

    public ObjectProperty<MultiHeadSteps> resultProperty() {
        return result;
    }

    private void recompute() {
        try {
            result.set(MultiHeadAttention.identitySplit(currentX, heads.getValue()));
            xField.showError(null);
        } catch (LessonInputException ex) {
            xField.showProblem(ex);
        }
    }

    private void draw(MultiHeadSteps m) {
        int n = m.x().length;
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(i < 2 && n == 2 ? List.of("teddy", "reads").get(i) : "t" + (i + 1));
        headBoxes.getChildren().clear();
        for (int h = 0; h < m.heads().size(); h++) {
            HeadSteps s = m.heads().get(h);
            var title = new Label();
            title.textProperty().bind(i18n.text("lessons.multihead.head", h + 1, s.wq()[0].length));
            title.getStyleClass().add("step-title");
            headBoxes.getChildren().add(new VBox(4, title, Ch02WorkedAttentionView.row(
                    card("W_Q = W_K = W_V", s.wq(), null, 0), card("Q" + sup(h + 1), s.q(), rows, 2),
                    card("softmax(QKᵀ/√d_k)", s.weights(), rows, 3), card("Z" + sup(h + 1), s.output(), rows, 3))));
        }
        concat.setCaption("Concat(Z⁽¹⁾…Z⁽ᴴ⁾)");
        concat.setMatrix(m.concat(), rows, null, 3);
        wo.setCaption("W_O");
        wo.setMatrix(m.wo(), 0);
        output.setCaption("Z = Concat · W_O");
        output.setMatrix(m.output(), rows, null, 3);
        x.setCaption("X");
        x.setMatrix(m.x(), rows, null, 2);
        residual.setCaption("X + Z");
        residual.setMatrix(m.residual(), rows, null, 3);
    }

    /** "⁽¹⁾" for head 1: the book's Q^(h) notation. */
    private static String sup(int n) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var sb = new StringBuilder("⁽");
        for (char c : Integer.toString(n).toCharArray()) sb.append(digits.charAt(c - '0'));
        return sb.append('⁾').toString();
    }

    private static MatrixCard card(String caption, double[][] m, List<String> rows, int decimals) {
        var c = new MatrixCard();
        c.setCaption(caption);
        c.setMatrix(m, rows, null, decimals);
        return c;
    }
}
