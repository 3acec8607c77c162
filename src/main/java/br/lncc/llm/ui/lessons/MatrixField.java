package br.lncc.llm.ui.lessons;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.MatrixText;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/**
 * An editable matrix (one row per line). Every edit is parsed; a bad entry shows the reason
 * inline and the page keeps its last good result, so a typo never blanks the screen.
 */
public final class MatrixField extends VBox {
    private final TextArea area = new TextArea();
    private final Label error = new Label();
    private final int rows;
    private final int cols;
    private final String what;
    private Consumer<double[][]> onValid = m -> {};
    private boolean silent;

    /** {@code rows}/{@code cols} ≤ 0 accept any size. */
    public MatrixField(String what, int rows, int cols) {
        super(2);
        this.what = what;
        this.rows = rows;
        this.cols = cols;
        area.getStyleClass().add("matrix-field");
        area.setPrefRowCount(Math.max(1, rows > 0 ? rows : 3));
        area.setPrefColumnCount(18);
        error.getStyleClass().add("lesson-error");
        error.setWrapText(true);
        error.setVisible(false);
        error.setManaged(false);
        area.textProperty().addListener((o, a, b) -> {
            if (!silent) parseAndNotify();
        });
        getChildren().addAll(area, error);
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
            showError(e.getMessage());
        }
    }

    /** Lets the page report a problem found after parsing (e.g. by the lesson computation). */
    public void showError(String message) {
        error.setText(message == null ? "" : message);
        error.setVisible(message != null);
        error.setManaged(message != null);
    }

    private static String plain(double[][] m) {
        var sb = new StringBuilder();
        for (int i = 0; i < m.length; i++) {
            if (i > 0) sb.append('\n');
            for (int j = 0; j < m[i].length; j++) {
                if (j > 0) sb.append("  ");
                double v = m[i][j];
                sb.append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
            }
        }
        return sb.toString();
    }
}
