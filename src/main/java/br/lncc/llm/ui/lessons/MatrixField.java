package br.lncc.llm.ui.lessons;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.MatrixText;
import br.lncc.llm.text.CompanionException;
import br.lncc.llm.ui.I18n;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/**
 * An editable matrix (one row per line). Every edit is parsed; a bad entry shows the reason
 * inline and the page keeps its last good result, so a typo never blanks the screen. Numbers are
 * shown with the language's decimal separator and read with either ("0,5" or "0.5"); columns are
 * separated by spaces (MatrixText's rule, said in the field's prompt and tooltip).
 */
public final class MatrixField extends VBox {
    private final TextArea area = new TextArea();
    private final Label error = new Label();
    private final int rows;
    private final int cols;
    private final String what;
    private Consumer<double[][]> onValid = m -> {};
    private boolean silent;
    private final I18n i18n = I18n.app();
    // What the student typed follows a language switch ("0,5" -> "0.5"); held here, registered
    // weakly, as MatrixCard's redraw.
    private final javafx.beans.value.ChangeListener<java.util.Locale> retype = (o, a, b) -> writeInLanguage();

    /** {@code rows}/{@code cols} ≤ 0 accept any size. */
    public MatrixField(String what, int rows, int cols) {
        super(2);
        this.what = what;
        this.rows = rows;
        this.cols = cols;
        area.getStyleClass().add("matrix-field");
        area.setPrefRowCount(Math.max(1, rows > 0 ? rows : 3));
        area.setPrefColumnCount(18);
        area.promptTextProperty().bind(i18n.text("lessons.matrix.rule"));
        var rule = new javafx.scene.control.Tooltip();
        rule.textProperty().bind(i18n.text("lessons.matrix.rule"));
        rule.setWrapText(true);
        rule.setMaxWidth(420);
        area.setTooltip(rule);
        error.getStyleClass().add("lesson-error");
        error.setWrapText(true);
        error.setVisible(false);
        error.setManaged(false);
        area.textProperty().addListener((o, a, b) -> {
            if (!silent) parseAndNotify();
        });
        getChildren().addAll(area, error);
        i18n.localeProperty().addListener(new javafx.beans.value.WeakChangeListener<>(retype));
    }

    /**
     * Writes the numbers in the field again with the language's decimal separator. Only text that
     * reads as a matrix is rewritten, and only when the rewritten text reads as the very same
     * numbers: a half-typed entry or a typo stays exactly as the student left it.
     */
    private void writeInLanguage() {
        char separator = java.text.DecimalFormatSymbols.getInstance(i18n.getLocale()).getDecimalSeparator();
        String other = separator == '.' ? "," : ".";
        // Integers and numbers already written with this language's separator are left alone.
        if (!area.getText().matches("(?s).*[0-9]" + java.util.regex.Pattern.quote(other) + "[0-9].*")) return;
        double[][] typed;
        try {
            typed = MatrixText.parse(area.getText());
        } catch (LessonInputException e) {
            return;
        }
        boolean integers = true;
        for (double[] row : typed) for (double v : row) integers &= v == Math.rint(v);
        if (integers) return; // "[[1,2],[3,4]]" keeps its Python form: there is no separator to change
        String written = plain(typed);
        if (written.equals(area.getText())) return;
        try {
            if (!java.util.Arrays.deepEquals(typed, MatrixText.parse(written))) return;
        } catch (LessonInputException e) {
            return;
        }
        silent = true;
        try {
            area.setText(written);
        } finally {
            silent = false;
        }
    }

    public void setOnValid(Consumer<double[][]> callback) {
        onValid = callback;
    }

    /** Replaces the text without firing (used by "restore the book's values" buttons). */
    public void setMatrix(double[][] m) {
        silent = true;
        try {
            area.setText(plain(m));
        } finally {
            silent = false;
        }
        showError(null);
    }

    public TextArea area() {
        return area;
    }

    public Label error() {
        return error;
    }

    private void parseAndNotify() {
        try {
            double[][] m = MatrixText.parse(area.getText(), rows, cols, what);
            showError(null);
            onValid.accept(m);
        } catch (LessonInputException e) {
            showProblem(e);
        }
    }

    /** Lets the page report a problem found after parsing (e.g. by the lesson computation). */
    public void showError(String message) {
        i18n.show(error.textProperty(), () -> message == null ? "" : message);
        error.setVisible(message != null);
        error.setManaged(message != null);
    }

    /** As {@link #showError(String)}, in the language of the moment (it follows a switch). */
    public void showProblem(CompanionException problem) {
        i18n.show(error.textProperty(), () -> i18n.message(problem));
        error.setVisible(true);
        error.setManaged(true);
    }

    private String plain(double[][] m) {
        char separator = java.text.DecimalFormatSymbols.getInstance(i18n.getLocale()).getDecimalSeparator();
        var sb = new StringBuilder();
        for (int i = 0; i < m.length; i++) {
            if (i > 0) sb.append('\n');
            for (int j = 0; j < m[i].length; j++) {
                if (j > 0) sb.append("  ");
                double v = m[i][j];
                sb.append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v).replace('.', separator));
            }
        }
        return sb.toString();
    }
}
