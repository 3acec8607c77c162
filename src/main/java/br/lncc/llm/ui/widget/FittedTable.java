package br.lncc.llm.ui.widget;

import br.lncc.llm.ui.Appearance;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Sizes a result table to what it shows, the way a teacher would draw it on the board: every
 * column as wide as its widest header or value (a cut "0,…" is a wrong number), long text columns
 * capped and wrapped instead of cut, and the table as tall as its rows (no empty stretch below
 * three rows). Columns stay resizable by hand; a table wider than its page scrolls sideways.
 * It follows the presenter font scale, because the widths are measured in the font shown.
 */
public final class FittedTable {
    /** Text columns wider than this many em wrap instead of stretching the table. */
    public static final double TEXT_COLUMN_EM = 32;
    private static final double CELL_PADDING_EM = 1.6; // cell insets + the sort arrow's room
    private static final int MAX_VISIBLE_ROWS = 14;
    // A long result list (hundreds of sentiment samples) is measured on its first rows only.
    private static final int MEASURED_ROWS = 300;
    /** Style class of a column whose every value is a number (right-aligned by the theme). */
    public static final String NUMERIC = "numeric-column";
    private static final String RIGHT = "-fx-alignment: center-right;";

    private FittedTable() {}

    /** Fits {@code table} now and whenever its rows, columns or the presenter scale change. */
    public static <S> TableView<S> fit(TableView<S> table) {
        return fit(table, MAX_VISIBLE_ROWS);
    }

    /** As {@link #fit(TableView)}, showing at most {@code maxRows} rows before the table scrolls. */
    public static <S> TableView<S> fit(TableView<S> table, int maxRows) {
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getStyleClass().add("fitted-table");
        // JavaFX's own placeholder is English-only ("No content in table").
        if (table.getPlaceholder() == null) {
            var empty = new javafx.scene.control.Label();
            empty.textProperty().bind(br.lncc.llm.ui.I18n.app().text("table.empty"));
            empty.setWrapText(true);
            table.setPlaceholder(empty);
        }
        Runnable refit = () -> Platform.runLater(() -> apply(table, maxRows));
        table.itemsProperty().addListener((o, a, b) -> {
            if (b != null) b.addListener((ListChangeListener<S>) c -> refit.run());
            refit.run();
        });
        if (table.getItems() != null) table.getItems().addListener((ListChangeListener<S>) c -> refit.run());
        table.getColumns().addListener((ListChangeListener<TableColumn<S, ?>>) c -> {
            for (var column : leaves(table.getColumns())) watchTitle(column, refit);
            refit.run();
        });
        for (var column : leaves(table.getColumns())) watchTitle(column, refit);
        Appearance.app().fontScaleProperty().addListener((o, a, b) -> refit.run());
        // Cells format their numbers and words when drawn: draw them again in the new language
        // ("0,50" → "0.50"), then measure again.
        br.lncc.llm.ui.I18n.app().localeProperty().addListener((o, a, b) -> {
            table.refresh();
            refit.run();
        });
        apply(table, maxRows);
        return table;
    }

    // A number as the tables show one: sign, digits with either separator or grouping, and at most
    // a short unit ("12,7 MiB", "−0,35", "45 %", "3,2×", "1.024", "30 tok/s").
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[+\\-\u2212]?[0-9][0-9.,\u00a0\u202f]*(?: ?[%×a-zA-Z/]{1,6})?");

    /** True for a cell value that reads as a number (blank and "—" are not numbers). */
    public static boolean looksNumeric(String value) {
        return value != null && NUMBER.matcher(value.strip()).matches();
    }

    // Titles follow the language: "Texto" and "Text" are not the same width.
    private static void watchTitle(TableColumn<?, ?> column, Runnable refit) {
        if (column.getProperties().putIfAbsent(FittedTable.class, Boolean.TRUE) == null) {
            column.textProperty().addListener((o, a, b) -> refit.run());
        }
    }

    /** Re-measures now (a page that changes column titles, e.g. on a language switch, calls it). */
    public static void refit(TableView<?> table) {
        apply(table, MAX_VISIBLE_ROWS);
    }

    private static double fontSize() {
        return Font.getDefault().getSize() * Appearance.app().fontScaleProperty().get();
    }

    static double textWidth(String s, Font font) {
        if (s == null || s.isEmpty()) return 0;
        var t = new Text(s);
        t.setFont(font);
        double w = 0;
        // A multi-line value is as wide as its widest line.
        for (String line : s.split("\n", -1)) {
            t.setText(line);
            w = Math.max(w, t.getLayoutBounds().getWidth());
        }
        return Math.ceil(w);
    }

    private static <S> void apply(TableView<S> table, int maxRows) {
        double size = fontSize();
        var cellFont = Font.font(Font.getDefault().getFamily(), size);
        var headFont = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, size);
        double padding = CELL_PADDING_EM * size;
        double cap = TEXT_COLUMN_EM * size;
        double lineHeight = Math.ceil(size * 1.35);
        int rows = table.getItems() == null ? 0 : table.getItems().size();
        int measured = Math.min(rows, MEASURED_ROWS);
        int[] linesPerRow = new int[Math.max(measured, 1)];
        java.util.Arrays.fill(linesPerRow, 1);
        int headerLines = 1;
        double total = 0;
        for (var column : leaves(table.getColumns())) {
            double w = textWidth(column.getText(), headFont);
            int numbers = 0;
            int words = 0;
            for (int r = 0; r < measured; r++) {
                Object v = column.getCellData(r);
                String text = v == null ? "" : String.valueOf(v);
                w = Math.max(w, textWidth(text, cellFont));
                if (v instanceof Number || looksNumeric(text)) numbers++;
                else if (!text.isBlank() && !text.strip().equals("—")) words++;
            }
            // Numbers line up on their last digit, as in the book's tables: right-aligned.
            boolean numeric = numbers > 0 && words == 0;
            if (numeric != column.getStyleClass().contains(NUMERIC)) {
                if (numeric) column.getStyleClass().add(NUMERIC);
                else column.getStyleClass().remove(NUMERIC);
                // A column's style reaches its cells (and does not need the theme's stylesheet);
                // a column that brings its own style keeps it.
                String style = column.getStyle() == null ? "" : column.getStyle();
                if (numeric && style.isEmpty()) column.setStyle(RIGHT);
                else if (!numeric && style.equals(RIGHT)) column.setStyle("");
            }
            double width = Math.min(w, cap) + padding;
            column.setPrefWidth(width);
            total += width;
            column.setMinWidth(Math.min(width, 3 * size));
            if (w > cap && isPlainTextColumn(column)) {
                wrap(column, cap);
                for (int r = 0; r < measured; r++) {
                    Object v = column.getCellData(r);
                    double tw = textWidth(v == null ? "" : String.valueOf(v), cellFont);
                    linesPerRow[r] = Math.max(linesPerRow[r], (int) Math.ceil(tw / cap) + 1);
                }
            }
            // A grouped header (JudgeVerdictTable's judge names) adds one header row.
            if (column.getParentColumn() != null) headerLines = 2;
        }
        double height = (headerLines * (lineHeight + size * 0.8)) + 4;
        for (int r = 0; r < Math.min(rows, maxRows); r++) height += linesPerRow[Math.min(r, measured - 1)] * lineHeight + size * 0.6;
        if (rows == 0) height += 3 * lineHeight; // room for the "nothing yet" placeholder
        // A horizontal scrollbar appears when the page is narrower than the columns.
        height += size * 1.4;
        table.setPrefHeight(height);
        table.setMaxHeight(height);
        // As wide as its columns: no empty stretch on the right of a three-column table.
        double width = total + 4 + (rows > maxRows ? size * 1.4 : 0);
        table.setPrefWidth(width);
        table.setMaxWidth(width);
        table.setMinHeight(Math.min(height, 6 * lineHeight));
    }

    private static <S> List<TableColumn<S, ?>> leaves(List<TableColumn<S, ?>> columns) {
        List<TableColumn<S, ?>> out = new ArrayList<>();
        for (var c : columns) {
            if (c.getColumns().isEmpty()) out.add(c);
            else out.addAll(leaves(c.getColumns()));
        }
        return out;
    }

    // Only columns that draw their value as plain text get the wrapping cell; a custom cell
    // (a combo box, a coloured verdict) keeps its own.
    private static boolean isPlainTextColumn(TableColumn<?, ?> column) {
        var factory = column.getCellFactory();
        return factory == TableColumn.DEFAULT_CELL_FACTORY || column.getProperties().containsKey(WrappingCell.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void wrap(TableColumn column, double width) {
        if (column.getProperties().containsKey(WrappingCell.class)) return;
        column.getProperties().put(WrappingCell.class, Boolean.TRUE);
        column.setCellFactory(c -> new WrappingCell<>());
    }

    /** Cells that wrap long text at the column's width (a question, a model's answer) instead of cutting it. */
    public static <S, T> javafx.util.Callback<TableColumn<S, T>, TableCell<S, T>> wrappingCells() {
        return c -> new WrappingCell<>();
    }

    /** Editable text cells that show their text wrapped while not being edited. */
    public static <S> javafx.util.Callback<TableColumn<S, String>, TableCell<S, String>> wrappingEditableCells() {
        return c -> new WrappingTextFieldCell<>();
    }

    static final class WrappingTextFieldCell<S> extends javafx.scene.control.cell.TextFieldTableCell<S, String> {
        private final Text text = new Text();

        WrappingTextFieldCell() {
            super(new javafx.util.converter.DefaultStringConverter());
            text.wrappingWidthProperty().bind(widthProperty().subtract(12));
            text.fillProperty().bind(textFillProperty());
            text.fontProperty().bind(fontProperty());
        }

        @Override
        public void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            if (!isEditing()) {
                setText(null);
                text.setText(empty || item == null ? "" : item);
                setGraphic(empty ? null : text);
            }
        }

        @Override
        public void cancelEdit() {
            super.cancelEdit();
            updateItem(getItem(), isEmpty());
        }

        @Override
        public void commitEdit(String value) {
            super.commitEdit(value);
            updateItem(value, false);
        }
    }

    /** A text cell that wraps at the column's width instead of cutting with "…". */
    static final class WrappingCell<S, T> extends TableCell<S, T> {
        private final Text text = new Text();

        WrappingCell() {
            text.wrappingWidthProperty().bind(widthProperty().subtract(12));
            text.getStyleClass().add("wrapping-cell-text");
            text.fillProperty().bind(textFillProperty());
            text.fontProperty().bind(fontProperty());
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
            } else {
                text.setText(String.valueOf(item));
                setGraphic(text);
            }
            setText(null);
        }
    }
}
