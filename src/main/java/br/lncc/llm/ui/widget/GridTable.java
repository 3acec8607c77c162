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
        grid.getChildren().forEach(GridTable::whole);
        grid.getChildren().addListener((ListChangeListener<Node>) c -> {
            while (c.next()) c.getAddedSubList().forEach(GridTable::whole);
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

    private static void whole(Node n) {
        if (n instanceof Labeled l && !l.isWrapText()) {
            l.setMinWidth(Region.USE_PREF_SIZE);
            // A number lines up on its last digit (as FittedTable's numeric columns); its text
            // changes with each result and each language switch.
            alignNumber(l);
            l.textProperty().addListener((o, a, b) -> alignNumber(l));
        }
    }

    private static void alignNumber(Labeled l) {
        if (GridPane.getRowIndex(l) != null && GridPane.getRowIndex(l) == 0) return; // the header row
        GridPane.setHalignment(l, FittedTable.looksNumeric(l.getText()) ? HPos.RIGHT : null);
    }
}
