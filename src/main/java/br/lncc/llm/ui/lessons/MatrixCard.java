package br.lncc.llm.ui.lessons;

import br.lncc.llm.lesson.MatrixText;
import java.util.List;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * A small matrix written as in the book: a caption ("QKᵀ"), optional row/column labels and
 * the numbers in a bracketed grid. For 2×2 to 4×16 worked examples; big maps use HeatmapView.
 */
public final class MatrixCard extends VBox {
    private final Label caption = new Label();
    private final GridPane grid = new GridPane();
    private double[][] values = new double[0][0];
    private List<String> lastRows;
    private List<String> lastCols;
    private int lastDecimals = 2;
    private final java.util.List<Runnable> listeners = new java.util.ArrayList<>();
    // Numbers are drawn with the language's decimal separator: drawn again on a switch. Held here,
    // registered weakly: a page that makes new cards for each result does not keep the old ones.
    private final javafx.beans.value.ChangeListener<java.util.Locale> redraw = (o, a, b) -> setMatrix(values, lastRows, lastCols, lastDecimals);

    public MatrixCard() {
        super(4);
        getStyleClass().add("matrix-card");
        caption.getStyleClass().add("matrix-caption");
        // A caption longer than the numbers wraps above them rather than widening the card.
        caption.setWrapText(true);
        grid.getStyleClass().add("matrix-grid");
        grid.setHgap(10);
        grid.setVgap(2);
        getChildren().addAll(caption, br.lncc.llm.ui.widget.SideScroll.of(grid));
        setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        br.lncc.llm.ui.I18n.app().localeProperty().addListener(new javafx.beans.value.WeakChangeListener<>(redraw));
    }

    public MatrixCard(ObservableStringValue captionText) {
        this();
        caption.textProperty().bind(captionText);
    }

    public void setCaption(String text) {
        caption.textProperty().unbind();
        caption.setText(text);
    }

    public void setMatrix(double[][] m, int decimals) {
        setMatrix(m, null, null, decimals);
    }

    /** Labels may be null. Draws nothing but what it is given. */
    public void setMatrix(double[][] m, List<String> rowLabels, List<String> colLabels, int decimals) {
        values = m;
        lastRows = rowLabels;
        lastCols = colLabels;
        lastDecimals = decimals;
        grid.getChildren().clear();
        // Integer matrices (the book's E, X, QKᵀ) read best without decimals.
        boolean integers = true;
        for (double[] row : m) for (double v : row) integers &= v == Math.rint(v) && Math.abs(v) < 1e9;
        int shown = integers ? 0 : decimals;
        int rowOffset = colLabels == null ? 0 : 1;
        int colOffset = rowLabels == null ? 0 : 1;
        if (colLabels != null) {
            for (int j = 0; j < colLabels.size(); j++) grid.add(header(colLabels.get(j)), j + colOffset, 0);
        }
        for (int i = 0; i < m.length; i++) {
            if (rowLabels != null) grid.add(header(rowLabels.get(i)), 0, i + rowOffset);
            for (int j = 0; j < m[i].length; j++) {
                var cell = new Label(MatrixText.number(m[i][j], shown, br.lncc.llm.ui.I18n.app().getLocale()));
                cell.getStyleClass().add("matrix-cell");
                cell.setAlignment(Pos.CENTER_RIGHT);
                cell.setMaxWidth(Double.MAX_VALUE);
                cell.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                grid.add(cell, j + colOffset, i + rowOffset);
            }
        }
        listeners.forEach(Runnable::run);
    }

    public void setVector(double[] v, int decimals) {
        setMatrix(new double[][] {v}, decimals);
    }

    /** A second card that always shows what this one shows (a node can only appear once). */
    public MatrixCard snapshotTwin() {
        var twin = new MatrixCard();
        twin.caption.textProperty().bind(caption.textProperty());
        twin.lastDecimals = lastDecimals;
        Runnable copy = () -> twin.setMatrix(values, lastRows, lastCols, lastDecimals);
        listeners.add(copy);
        copy.run();
        return twin;
    }

    /** The numbers shown now (tests read them instead of parsing labels). */
    public double[][] values() {
        return values;
    }

    /** Text of the cell at (row, col) as displayed. */
    public String cellText(int row, int col) {
        int cols = values[0].length;
        var cells = grid.getChildren().filtered(n -> n.getStyleClass().contains("matrix-cell"));
        return ((Label) cells.get(row * cols + col)).getText();
    }

    private static Label header(String text) {
        var l = new Label(text);
        l.getStyleClass().add("matrix-header");
        return l;
    }
}
