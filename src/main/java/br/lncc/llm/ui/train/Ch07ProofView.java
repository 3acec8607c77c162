package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch07.Matrix;
import br.lncc.llm.lesson.ch07.NumericProof;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Cap. 7.4, step by step: every input of the book's micro-case is editable and each step shows
 * its matrices, recomputed at once (the numbers are 3×2: no background work needed). When the
 * inputs are the book's, each step also shows what the book printed and where it rounds.
 */
public final class Ch07ProofView extends ScrollPane {
    private static final List<String> STEPS =
            List.of("forward", "softmax", "loss", "gradient", "sft", "check", "lora", "qlora");

    private final I18n i18n;
    private final TextField[][] w = new TextField[3][2];
    private final TextField[] x = new TextField[2];
    private final TextField y = field("1");
    private final TextField eta = field("0.10");
    private final TextField alpha = field("0.20");
    private final TextField levels = field("7");
    private final Label error = new Label();
    private final VBox stepBox = new VBox(10);
    private final IntegerProperty step = new SimpleIntegerProperty(0);
    private final ToggleGroup stepToggles = new ToggleGroup();
    private NumericProof.Result result;

    public Ch07ProofView(PageContext ctx) {
        this.i18n = ctx.i18n();
        setId("ch07-proof");
        var page = new VBox(12);
        page.getStyleClass().add("page");
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.setWrapText(true);
        title.textProperty().bind(i18n.text("train.proof.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("train.proof.intro"));

        error.getStyleClass().add("status-warning");
        error.setWrapText(true);
        error.setId("proof-error");

        var stepBar = new FlowPane(6, 6);
        for (int i = 0; i < STEPS.size(); i++) {
            var b = new ToggleButton();
            b.textProperty().bind(i18n.text("train.proof.step." + STEPS.get(i)));
            b.setToggleGroup(stepToggles);
            b.setId("proof-step-" + STEPS.get(i));
            int index = i;
            b.setOnAction(e -> step.set(index));
            stepBar.getChildren().add(b);
        }
        var prev = new Button();
        prev.textProperty().bind(i18n.text("train.proof.prev"));
        prev.setOnAction(e -> step.set(Math.max(0, step.get() - 1)));
        var next = new Button();
        next.setId("proof-next");
        next.textProperty().bind(i18n.text("train.proof.next"));
        next.setOnAction(e -> step.set(Math.min(STEPS.size() - 1, step.get() + 1)));
        var nav = new HBox(8, prev, next);

        stepBox.setId("proof-step-box");
        page.getChildren().addAll(title, intro, inputs(), error, stepBar, nav, stepBox);
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch07ProofView.class.getResource("train.css").toExternalForm());

        step.addListener((o, a, b) -> render());
        i18n.localeProperty().addListener((o, a, b) -> render());
        loadBook();
    }

    private Node inputs() {
        var grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(4);
        grid.add(fixedWidth(new Label("W")), 0, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                w[i][j] = field("");
                w[i][j].setId("proof-w" + i + j);
                grid.add(w[i][j], j + 1, i);
            }
        }
        grid.add(fixedWidth(new Label("x")), 4, 0);
        for (int i = 0; i < 2; i++) {
            x[i] = field("");
            x[i].setId("proof-x" + i);
            grid.add(x[i], 5, i);
        }
        y.setId("proof-y");
        eta.setId("proof-eta");
        var yLabel = new Label();
        yLabel.textProperty().bind(i18n.text("train.proof.y"));
        var etaLabel = new Label("η");
        var alphaLabel = new Label();
        alphaLabel.textProperty().bind(i18n.text("train.proof.alpha"));
        var levelsLabel = new Label();
        levelsLabel.textProperty().bind(i18n.text("train.proof.levels"));
        var params = new GridPane();
        params.setHgap(6);
        params.setVgap(4);
        params.addRow(0, yLabel, y, etaLabel, eta);
        params.addRow(1, alphaLabel, alpha, levelsLabel, levels);
        var book = new Button();
        book.setId("proof-book");
        book.textProperty().bind(i18n.text("train.proof.book"));
        book.setOnAction(e -> loadBook());
        for (var l : List.of(yLabel, etaLabel, alphaLabel, levelsLabel)) l.setMinWidth(Region.USE_PREF_SIZE);
        book.setMinWidth(Region.USE_PREF_SIZE);
        // At presenter scale the parameters and the button move to the next row instead of squeezing W.
        var box = new FlowPane(24, 8, grid, params, book);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(4, 0, 4, 0));
        return box;
    }

    private static Label fixedWidth(Label l) {
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private TextField field(String text) {
        var f = new TextField(text);
        f.setPrefColumnCount(5);
        f.textProperty().addListener((o, a, b) -> recompute());
        return f;
    }

    private boolean loading;

    private void loadBook() {
        var b = NumericProof.Inputs.book();
        loading = true;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) w[i][j].setText(plain(b.weights().get(i, j)));
        for (int i = 0; i < 2; i++) x[i].setText(plain(b.input().get(i, 0)));
        y.setText("1");
        eta.setText("0.10");
        alpha.setText("0.20");
        levels.setText("7");
        loading = false;
        recompute();
    }

    private static String plain(double v) {
        return br.lncc.llm.ui.I18n.display("%.2f", v);
    }

    private void recompute() {
        if (loading) return;
        try {
            double[][] wv = new double[3][2];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) wv[i][j] = number(w[i][j], "W");
            var in = new NumericProof.Inputs(
                    Matrix.of(wv),
                    Matrix.column(number(x[0], "x"), number(x[1], "x")),
                    (int) number(y, "y"),
                    number(eta, "η"),
                    number(alpha, "α"),
                    (int) number(levels, "levels"));
            result = NumericProof.compute(in);
            error.setText("");
        } catch (IllegalArgumentException e) {
            result = null;
            error.setText(i18n.get("train.proof.invalid", i18n.error(e)));
        }
        render();
    }

    private static double number(TextField f, String what) {
        try {
            return br.lncc.llm.ui.I18n.parseNumber(f.getText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(br.lncc.llm.ui.I18n.app().get("train.form.notNumber", what, f.getText()));
        }
    }

    private void render() {
        var toggle = stepToggles.getToggles().get(step.get());
        stepToggles.selectToggle(toggle);
        stepBox.getChildren().clear();
        if (result == null) return;
        var r = result;
        boolean book = r.inputs().equals(NumericProof.Inputs.book());
        String key = STEPS.get(step.get());
        var heading = new Label(i18n.get("train.proof.step." + key));
        heading.getStyleClass().add("page-heading");
        var explain = new Label(i18n.get("train.proof.explain." + key));
        explain.setWrapText(true);
        var matrices = new FlowPane(24, 12);
        int yRow = r.inputs().targetClass() - 1;
        switch (key) {
            case "forward" -> matrices.getChildren().addAll(
                    new MatrixGrid("W", r.inputs().weights(), 2),
                    new MatrixGrid("x", r.inputs().input(), 2),
                    new MatrixGrid("z = Wx", r.before().logits(), 4));
            case "softmax" -> matrices.getChildren().addAll(
                    new MatrixGrid("e^z", r.before().exponentials(), 6),
                    scalar("S = Σ e^z", r.before().expSum(), 6),
                    new MatrixGrid("p = e^z / S", r.before().probabilities(), 4, yRow, 0));
            case "loss" -> matrices.getChildren().addAll(
                    new MatrixGrid("p", r.before().probabilities(), 4, yRow, 0),
                    scalar("ℒ = −log p_y", r.before().loss(), 4));
            case "gradient" -> matrices.getChildren().addAll(
                    new MatrixGrid("∂ℒ/∂z = p − e_y", r.gradient().logitGradient(), 4),
                    new MatrixGrid("∇_W ℒ = (∂ℒ/∂z) xᵀ", r.gradient().weightGradient(), 4));
            case "sft" -> matrices.getChildren().addAll(
                    new MatrixGrid("ΔW = −η ∇_W ℒ", r.sft().deltaW(), 5),
                    new MatrixGrid("W_novo = W + ΔW", r.sft().newWeights(), 5));
            case "check" -> matrices.getChildren().addAll(
                    new MatrixGrid("z_novo", r.sft().after().logits(), 5),
                    new MatrixGrid("e^z_novo", r.sft().after().exponentials(), 4),
                    scalar("S_novo", r.sft().after().expSum(), 4),
                    new MatrixGrid("p_novo", r.sft().after().probabilities(), 4, yRow, 0),
                    scalar("ℒ_novo", r.sft().after().loss(), 4),
                    scalar("ℒ", r.before().loss(), 4));
            case "lora" -> matrices.getChildren().addAll(
                    new MatrixGrid("B (d×1)", r.lora().b(), 5),
                    new MatrixGrid("A (1×k)", r.lora().a(), 4),
                    new MatrixGrid("ΔW = BA", r.lora().deltaW(), 5),
                    scalar("max |BA − ΔW_SFT|", r.lora().maxDifferenceFromSft(), 12));
            default -> matrices.getChildren().addAll(
                    scalar("Δ = α / níveis", r.quant().step(), 6),
                    new MatrixGrid("w / Δ", r.quant().scaled(), 4),
                    new MatrixGrid("round", r.quant().codes(), 0),
                    new MatrixGrid("Q(w)", r.quant().quantized(), 6, 0, 0),
                    new MatrixGrid("ε = Q(w) − w", r.quant().error(), 6, 0, 0),
                    new MatrixGrid("δ = −ε (LoRA)", r.quant().correction(), 6, 0, 0),
                    scalar("ℒ(Q(W))", r.quant().quantizedForward().loss(), 4),
                    scalar("ℒ(Q(W) + δ)", r.quant().correctedForward().loss(), 4));
        }
        stepBox.getChildren().addAll(heading, explain, matrices);
        if (key.equals("check")) {
            var verdict = new Label(i18n.get(r.lossDecreased() ? "train.proof.lossDown" : "train.proof.lossUp"));
            verdict.setId("proof-verdict");
            verdict.getStyleClass().add("page-statement");
            stepBox.getChildren().add(verdict);
        }
        if (book) {
            var note = new Label(i18n.get("train.proof.book." + key));
            note.setWrapText(true);
            note.setId("proof-book-note");
            note.getStyleClass().add("page-statement");
            stepBox.getChildren().add(note);
        }
    }

    private static Node scalar(String name, double v, int decimals) {
        return new MatrixGrid(name, Matrix.column(v), decimals);
    }
}
