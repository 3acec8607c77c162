package br.lncc.llm.ui.widget;

import javafx.collections.ListChangeListener;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;

/**
 * A result table drawn as a grid of labels (6.5's formats, 8.2's log-probabilities): every cell
 * that does not wrap keeps its natural width, so a narrow page or presenter fonts scroll the table
 * sideways instead of showing "fo…" or "1,…" (a cut number is a wrong number).
 */
public final class GridTable {
    private GridTable() {}

    /** Keeps the cells of {@code grid} whole, now and as rows are added; returns it in a sideways scroller. */
    public static ScrollPane keepCellsWhole(GridPane grid) {
        grid.getChildren().forEach(n -> whole(grid, n));
        grid.getChildren().addListener((ListChangeListener<Node>) c -> {
            while (c.next()) c.getAddedSubList().forEach(n -> whole(grid, n));
        });
        return SideScroll.of(grid);
    }

    /**
     * Empties {@code grid} and writes its header row: {@code columns} is the bundle's
     * "a|b|c" text of the column titles, in the language of the moment.
     */
    public static void startWithHeader(GridPane grid, String columns) {
        grid.getChildren().clear();
        String[] head = columns.split("\\|");
        for (int j = 0; j < head.length; j++) {
            var h = new javafx.scene.control.Label(head[j]);
            h.getStyleClass().add("matrix-name");
            h.setMinWidth(Region.USE_PREF_SIZE);
            grid.add(h, j, 0);
        }
    }

    private static void whole(GridPane grid, Node n) {
        if (n instanceof Labeled l && !l.isWrapText()) {
            l.setMinWidth(Region.USE_PREF_SIZE);
            // A number lines up on its last digit (as FittedTable's numeric columns); its text
            // changes with each result and each language switch.
            align(grid, l);
            l.textProperty().addListener((o, a, b) -> align(grid, l));
        }
    }

    private static void align(GridPane grid, Labeled l) {
        if (!isHeader(l)) GridPane.setHalignment(l, FittedTable.looksNumeric(l.getText()) ? HPos.RIGHT : null);
        Integer column = GridPane.getColumnIndex(l);
        alignHeader(grid, column == null ? 0 : column);
    }

    private static boolean isHeader(Node n) {
        Integer row = GridPane.getRowIndex(n);
        return row != null && row == 0;
    }

    /**
     * A column title sits over its values: right-aligned above a column of numbers (the rule of
     * FittedTable: some numbers and no words), as in the book's tables; left above words.
     */
    private static void alignHeader(GridPane grid, int column) {
        Labeled header = null;
        int numbers = 0, words = 0;
        for (Node n : grid.getChildren()) {
            Integer c = GridPane.getColumnIndex(n);
            if ((c == null ? 0 : c) != column || !(n instanceof Labeled l)) continue;
            if (isHeader(n)) {
                header = l;
                continue;
            }
            String text = l.getText() == null ? "" : l.getText().strip();
            if (FittedTable.looksNumeric(text)) numbers++;
            else if (!text.isEmpty() && !text.equals("\u2014")) words++;
        }
        if (header != null) GridPane.setHalignment(header, numbers > 0 && words == 0 ? HPos.RIGHT : null);
    }
}
