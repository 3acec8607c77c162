package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch07.Matrix;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** A named small matrix drawn as a grid of numbers; one cell may be highlighted. */
final class MatrixGrid extends VBox {

    MatrixGrid(String name, Matrix m, int decimals, int highlightRow, int highlightCol) {
        setSpacing(2);
        getStyleClass().add("matrix-card");
        var title = new Label(name);
        title.getStyleClass().add("matrix-name");
        var grid = new GridPane();
        grid.getStyleClass().add("matrix-grid");
        grid.setHgap(10);
        grid.setVgap(2);
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                var cell = new Label(format(m.get(i, j), decimals));
                cell.getStyleClass().add("matrix-cell");
                cell.setAlignment(Pos.CENTER_RIGHT);
                cell.setMinWidth(70);
                if (i == highlightRow && j == highlightCol) cell.getStyleClass().add("matrix-cell-highlight");
                grid.add(cell, j, i);
            }
        }
        getChildren().addAll(title, grid);
    }

    MatrixGrid(String name, Matrix m, int decimals) {
        this(name, m, decimals, -1, -1);
    }

    static String format(double v, int decimals) {
        // "−0.000000" reads as a sign error to students: print a plain zero.
        if (Math.abs(v) < 0.5 * Math.pow(10, -decimals)) v = 0;
        return br.lncc.llm.ui.I18n.display("%." + decimals + "f", v).replace('-', '−');
    }
}
