package br.lncc.llm.ui.lessons;

import br.lncc.llm.ui.widget.CsvTable;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/**
 * A small read-only table of already formatted cells (header row in bold), exportable as CSV.
 * Cells keep their natural width (a cut number is a wrong number): pages put the table in a
 * {@link br.lncc.llm.ui.widget.SideScroll} so a narrow page scrolls it sideways.
 */
public final class NumberTable extends GridPane {
    private List<String> header = List.of();
    private final List<List<Object>> rows = new ArrayList<>();

    public NumberTable() {
        setHgap(16);
        setVgap(3);
        getStyleClass().add("number-table");
    }

    public void setHeader(List<String> names) {
        header = List.copyOf(names);
        redraw();
    }

    public void setRows(List<List<Object>> values) {
        rows.clear();
        rows.addAll(values);
        redraw();
    }

    public CsvTable toCsv() {
        return new CsvTable(header, List.copyOf(rows));
    }

    /** Cell text as displayed (row 0 = first data row). */
    public String text(int row, int col) {
        return String.valueOf(rows.get(row).get(col));
    }

    private void redraw() {
        getChildren().clear();
        for (int c = 0; c < header.size(); c++) {
            var h = new Label(header.get(c));
            h.setStyle("-fx-font-weight: bold;");
            h.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            add(h, c, 0);
        }
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                var cell = new Label(String.valueOf(rows.get(r).get(c)));
                cell.getStyleClass().add("matrix-cell");
                cell.setAlignment(Pos.CENTER_RIGHT);
                cell.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                add(cell, c, r + 1);
            }
        }
    }
}
