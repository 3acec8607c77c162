package br.lncc.llm.ui.ch03;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.MatrixText;
import br.lncc.llm.lesson.ch03.Rope;
import br.lncc.llm.lesson.ch03.Rotation2d;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.MatrixCard;
import br.lncc.llm.ui.lessons.MatrixField;
import br.lncc.llm.ui.lessons.PageLayout;
import br.lncc.llm.ui.widget.ChartExport;
import br.lncc.llm.ui.widget.CsvTable;
import br.lncc.llm.ui.widget.HeatmapView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Cap. 3.3–3.6: the 2-D rotation with an angle slider, RoPE on the 3×4 toy X (editable X,
 * positions and base), the logits QKᵀ/√d without and with RoPE as heatmaps with numbers, the
 * chapter's exercise one click away, and the live proof that shifting every position by k
 * leaves the RoPE logits unchanged.
 */
public final class Ch03RopeView {
    private final I18n i18n;
    private final PageContext ctx;
    private final PageLayout layout;
    private final ObjectProperty<Rotation2d> rotation = new SimpleObjectProperty<>(Rotation2d.notebook());
    private final ObjectProperty<Rope.ShiftProof> rope = new SimpleObjectProperty<>();

    private final Slider angle = new Slider(0, 360, 30);
    private final Label angleValue = new Label();
    private final RotationCanvas canvas = new RotationCanvas();
    private final MatrixCard rotIn = new MatrixCard();
    private final MatrixCard rotOut = new MatrixCard();
    private final Label norms = new Label();

    private final MatrixField xField = new MatrixField("X", -1, -1);
    private final TextField positions = new TextField("0 1 2");
    private final TextField base = new TextField("10000");
    private final Label inputError = new Label();
    private final Spinner<Integer> shift = new Spinner<>(0, 100_000, 5);
    private final Label frequencies = new Label();
    private final MatrixCard angles = new MatrixCard();
    private final MatrixCard rotated = new MatrixCard();
    private final HeatmapView plain = new HeatmapView();
    private final HeatmapView withRope = new HeatmapView();
    private final HeatmapView shifted = new HeatmapView();
    private final MatrixCard rotatedShifted = new MatrixCard();
    private final Label proof = new Label();
    private double[][] x = Rope.toyX();

    public Ch03RopeView(PageContext ctx) {
        this.ctx = ctx;
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.rope.title", "lessons.rope.intro");

        layout.heading("lessons.rope.rotationHeading");
        angle.setShowTickLabels(true);
        angle.setShowTickMarks(true);
        angle.setMajorTickUnit(90);
        angle.setPrefWidth(320);
        angle.setId("rope-angle");
        angle.valueProperty().addListener((o, a, b) ->
                rotation.set(Rotation2d.rotate(new double[][] {{1, 0}, {1, 1}}, Math.toRadians(b.doubleValue()))));
        rotation.addListener((o, a, b) -> drawRotation(b));
        // Cap. 3.4 works in radians (θ_i(p) = p·ω_i) while the slider speaks degrees: show both.
        angleValue.setId("rope-angle-value");
        angleValue.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> i18n.get("lessons.rope.angleValue", angle.getValue(), Math.toRadians(angle.getValue()),
                        angle.getValue() / 180.0),
                angle.valueProperty(), i18n.localeProperty()));
        ChartExport.installMenu(canvas, this::rotationCsv, () -> "rotacao-2d", i18n, ctx.status());
        // At presenter scale the readouts go below the drawing rather than being squeezed beside it.
        layout.add(new FlowPane(20, 12, canvas, new VBox(8, labelFor("lessons.rope.angle"), angle, angleValue, rotIn, rotOut, norms)));
        layout.add(layout.note("lessons.rope.noteNorm"));

        layout.heading("lessons.rope.ropeHeading");
        xField.setId("rope-x");
        positions.setId("rope-positions");
        base.setId("rope-base");
        inputError.getStyleClass().add("lesson-error");
        var exercise = new Button();
        exercise.textProperty().bind(i18n.text("lessons.rope.exercise"));
        exercise.setId("rope-exercise");
        exercise.setOnAction(e -> setX(Rope.exerciseX()));
        var restore = new Button();
        restore.textProperty().bind(i18n.text("lessons.restoreBook"));
        restore.setOnAction(e -> {
            positions.setText("0 1 2");
            base.setText("10000");
            setX(Rope.toyX());
        });
        exercise.setMinWidth(Region.USE_PREF_SIZE);
        restore.setMinWidth(Region.USE_PREF_SIZE);
        layout.add(new FlowPane(20, 12, new VBox(4, new Label("X = Q = K"), xField),
                new VBox(4, labelFor("lessons.rope.positions"), positions, labelFor("lessons.rope.base"), base,
                        inputError, new FlowPane(8, 8, exercise, restore))));
        layout.add(frequencies, new FlowPane(16, 8, angles, rotated));
        layout.heading("lessons.rope.logitsHeading");
        for (HeatmapView h : List.of(plain, withRope, shifted)) {
            h.setShowValues(true);
            h.setValueFormat("%.4f");
            br.lncc.llm.ui.widget.PresenterSize.pref(h, 330, 280);
        }
        plain.setId("rope-plain");
        withRope.setId("rope-with");
        shifted.setId("rope-shifted");
        plain.enableExportMenu("logits-sem-rope", i18n, ctx.status());
        withRope.enableExportMenu("logits-com-rope", i18n, ctx.status());
        shifted.enableExportMenu("logits-rope-deslocado", i18n, ctx.status());
        layout.add(new HBox(20, titled("lessons.rope.plain", plain), titled("lessons.rope.with", withRope)));
        layout.add(layout.note("lessons.rope.noteLogits"));

        layout.heading("lessons.rope.shiftHeading");
        shift.setEditable(true);
        shift.setPrefWidth(110);
        shift.setId("rope-shift");
        proof.setId("rope-proof");
        proof.getStyleClass().add("big-number");
        proof.setWrapText(true);
        layout.add(new HBox(12, labelFor("lessons.rope.shift"), shift));
        layout.add(new HBox(20, titled("lessons.rope.shifted", shifted), new VBox(8, rotatedShifted, proof)));
        layout.add(layout.note("lessons.rope.noteRelative"));
        layout.add(layout.note("lessons.rope.noteAdditive"));
        layout.add(layout.note("lessons.rope.noteTopK"));

        xField.setMatrix(x);
        xField.setOnValid(m -> {
            x = m;
            recompute();
        });
        positions.textProperty().addListener((o, a, b) -> recompute());
        base.textProperty().addListener((o, a, b) -> recompute());
        shift.valueProperty().addListener((o, a, b) -> recompute());
        rope.addListener((o, a, b) -> drawRope(b));
        i18n.localeProperty().addListener((o, a, b) -> {
            drawRotation(rotation.get());
            drawRope(rope.get());
        });
        drawRotation(rotation.get());
        recompute();
    }

    public Node root() {
        return layout.root();
    }

    public ObjectProperty<Rope.ShiftProof> resultProperty() {
        return rope;
    }

    /** Loads a matrix into the editor and recomputes (the exercise and restore buttons). */
    void setX(double[][] m) {
        xField.setMatrix(m);
        x = m;
        recompute();
    }

    private void recompute() {
        try {
            double[] pos = parsePositions(positions.getText(), x.length);
            double b = parseNumber(base.getText());
            rope.set(Rope.shiftProof(x, pos, b, shift.getValue()));
            inputError.setText("");
            xField.showError(null);
        } catch (LessonInputException e) {
            inputError.setText(e.getMessage());
        }
    }

    private static double[] parsePositions(String text, int n) {
        String[] parts = text.trim().split("[\\s,;]+");
        if (text.isBlank() || parts.length != n) {
            throw new LessonInputException("Informe " + n + " posições (uma por token), por exemplo \"0 1 2\".",
                    "positions: " + text);
        }
        var out = new double[n];
        for (int i = 0; i < n; i++) out[i] = parseNumber(parts[i]);
        return out;
    }

    private static double parseNumber(String s) {
        try {
            return br.lncc.llm.ui.I18n.parseNumber(s);
        } catch (NumberFormatException e) {
            throw new LessonInputException("\"" + s.trim() + "\" não é um número.", "NumberFormatException");
        }
    }

    private void drawRotation(Rotation2d r) {
        canvas.draw(r);
        rotIn.setCaption("x");
        rotIn.setMatrix(r.input(), 4);
        rotOut.setCaption("R(θ)·x,  θ = " + br.lncc.llm.ui.I18n.display("%.4f rad", r.theta()));
        rotOut.setMatrix(r.rotated(), 4);
        norms.setText(i18n.get("lessons.rope.norms", MatrixText.formatRow(r.normsBefore(), 4, i18n.getLocale()),
                MatrixText.formatRow(r.normsAfter(), 4, i18n.getLocale())));
    }

    private void drawRope(Rope.ShiftProof p) {
        if (p == null) return;
        Rope.Rotation r = p.original().rotation();
        List<String> tokens = labels(r.input().length);
        frequencies.setText(i18n.get("lessons.rope.frequencies", MatrixText.formatRow(r.inverseFrequencies(), 4, i18n.getLocale())));
        var pairs = new ArrayList<String>();
        for (int i = 0; i < r.inverseFrequencies().length; i++) pairs.add("θ" + i);
        angles.setCaption(i18n.get("lessons.rope.angles"));
        angles.setMatrix(r.angles(), tokens, pairs, 4);
        rotated.setCaption(i18n.get("lessons.rope.rotated"));
        rotated.setMatrix(r.rotated(), tokens, null, 4);
        plain.setData(p.original().plain(), tokens, tokens);
        withRope.setData(p.original().withRope(), tokens, tokens);
        shifted.setData(p.shifted().withRope(), tokens, tokens);
        rotatedShifted.setCaption(i18n.get("lessons.rope.rotatedShifted", MatrixText.formatRow(p.shifted().rotation().positions(), 0, i18n.getLocale())));
        rotatedShifted.setMatrix(p.shifted().rotation().rotated(), tokens, null, 4);
        proof.setText(i18n.get("lessons.rope.proof", br.lncc.llm.ui.I18n.display("%.1e", p.maxAbsDifference())));
    }

    private CsvTable rotationCsv() {
        var r = rotation.get();
        var rows = new ArrayList<List<Object>>();
        for (int i = 0; i < r.input().length; i++) {
            rows.add(List.of(i, r.theta(), r.input()[i][0], r.input()[i][1], r.rotated()[i][0], r.rotated()[i][1],
                    r.normsBefore()[i], r.normsAfter()[i]));
        }
        return new CsvTable(List.of("vetor", "theta_rad", "x1", "x2", "Rx1", "Rx2", "norma_antes", "norma_depois"), rows);
    }

    private static List<String> labels(int n) {
        if (n == Rope.TOY_TOKENS.size()) return Rope.TOY_TOKENS;
        var out = new ArrayList<String>();
        for (int i = 0; i < n; i++) out.add("t" + i);
        return out;
    }

    private Node titled(String key, Node content) {
        var title = labelFor(key);
        title.getStyleClass().add("step-title");
        return new VBox(4, title, content);
    }

    private Label labelFor(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    HeatmapView plainMap() {
        return plain;
    }

    HeatmapView ropeMap() {
        return withRope;
    }

    HeatmapView shiftedMap() {
        return shifted;
    }
}
