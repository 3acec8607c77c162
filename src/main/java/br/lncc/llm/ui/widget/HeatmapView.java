package br.lncc.llm.ui.widget;

import br.lncc.llm.ui.Appearance;
import br.lncc.llm.ui.I18n;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * A matrix as coloured cells with row and column labels and a colour bar: attention maps,
 * QKᵀ scores, logits. Hover shows the exact value, clicking a cell or row label reports the row
 * ("para quem o token teddy olha"), right-click exports PNG or CSV.
 *
 * <pre>{@code
 * var map = new HeatmapView();
 * map.setData(attention, tokens, tokens);   // rows = queries, columns = keys
 * map.setRange(0, 1);                       // fixed scale for probabilities; default: data min..max
 * map.setShowValues(true);                  // numbers in the cells (small worked examples)
 * map.setOnRowClicked(row -> showRow(row));
 * }</pre>
 *
 * The colormap follows the high-contrast theme unless set explicitly; text follows the
 * presenter font size (CSS class {@code heatmap-label}).
 */
public final class HeatmapView extends Region {
    private static final double COLORBAR_EM = 1.1;
    private static final double GAP = 6;

    private final Canvas canvas = new Canvas();
    private final Text fontProbe = new Text("0");
    private final Tooltip tooltip = new Tooltip();
    // What the map will show, while it has no data (#19: no blank rectangle before the first run).
    private final javafx.scene.control.Label empty = new javafx.scene.control.Label();
    private final ObjectProperty<Colormap> colormap = new SimpleObjectProperty<>();
    private final ReadOnlyIntegerWrapper selectedRow = new ReadOnlyIntegerWrapper(-1);
    private double[][] values = new double[0][0];
    private List<String> rowLabels = List.of();
    private List<String> colLabels = List.of();
    private double fixedMin = Double.NaN;
    private double fixedMax = Double.NaN;
    private boolean showValues;
    private String valueFormat = "%.2f";
    private IntConsumer onRowClicked;
    // Geometry of the last drawing, for hit tests.
    private double gridX;
    private double gridY;
    private double cellW;
    private double cellH;
    private int rowLabelStep = 1;
    private int colLabelStep = 1;

    public HeatmapView() {
        getStyleClass().add("heatmap");
        fontProbe.getStyleClass().add("heatmap-label");
        fontProbe.setManaged(false);
        fontProbe.setVisible(false);
        empty.getStyleClass().add("chart-empty");
        empty.setWrapText(true);
        empty.setManaged(false);
        empty.setVisible(false);
        empty.textProperty().addListener(o -> requestLayout());
        getChildren().addAll(canvas, fontProbe, empty);
        canvas.setManaged(false);
        fontProbe.fontProperty().addListener((o, a, b) -> requestLayout());
        fontProbe.fillProperty().addListener((o, a, b) -> redraw());
        colormap.addListener((o, a, b) -> redraw());
        Appearance.app().highContrastProperty().addListener((o, a, b) -> redraw());
        tooltip.setShowDelay(Duration.millis(80));
        tooltip.setHideDelay(Duration.millis(50));
        canvas.setOnMouseMoved(e -> hover(e.getX(), e.getY()));
        canvas.setOnMouseExited(e -> Tooltip.uninstall(canvas, tooltip));
        canvas.setOnMouseClicked(e -> {
            int r = rowAt(e.getX(), e.getY());
            if (r >= 0) clickRow(r);
        });
    }

    /** Rows × columns; labels may be null (then 0, 1, 2…). Copies the data. FX thread. */
    public void setData(double[][] matrix, List<String> rows, List<String> cols) {
        int nr = matrix.length;
        int nc = nr == 0 ? 0 : matrix[0].length;
        double[][] copy = new double[nr][];
        for (int r = 0; r < nr; r++) {
            if (matrix[r].length != nc) throw new IllegalArgumentException("ragged matrix: row " + r + " has " + matrix[r].length + " columns, row 0 has " + nc);
            copy[r] = matrix[r].clone();
        }
        values = copy;
        rowLabels = labels(rows, nr, "rows");
        colLabels = labels(cols, nc, "columns");
        if (selectedRow.get() >= nr) selectedRow.set(-1);
        requestLayout();
        redraw();
    }

    /** Float data (model outputs) shown with float precision, so 0.1f reads 0.1, not 0.10000000149. */
    public void setData(float[][] matrix, List<String> rows, List<String> cols) {
        double[][] d = new double[matrix.length][];
        for (int r = 0; r < matrix.length; r++) {
            d[r] = new double[matrix[r].length];
            for (int c = 0; c < matrix[r].length; c++) d[r][c] = Double.parseDouble(Float.toString(matrix[r][c]));
        }
        setData(d, rows, cols);
    }

    /** Fixed colour scale (e.g. 0..1 for attention); NaN, NaN returns to the data's min..max. */
    public void setRange(double min, double max) {
        fixedMin = min;
        fixedMax = max;
        redraw();
    }

    public void setShowValues(boolean show) {
        showValues = show;
        requestLayout();
        redraw();
    }

    /** Format of the numbers drawn in cells (default "%.2f"); the tooltip always shows all digits. */
    public void setValueFormat(String format) {
        valueFormat = format;
        redraw();
    }

    /** Null follows the theme: viridis, or the high-contrast map in high-contrast mode. */
    public ObjectProperty<Colormap> colormapProperty() {
        return colormap;
    }

    public Colormap effectiveColormap() {
        if (colormap.get() != null) return colormap.get();
        return Appearance.app().isHighContrast() ? Colormap.HIGH_CONTRAST : Colormap.VIRIDIS;
    }

    public void setOnRowClicked(IntConsumer callback) {
        onRowClicked = callback;
    }

    /** The row last clicked (outlined), -1 for none. */
    public ReadOnlyIntegerProperty selectedRowProperty() {
        return selectedRow.getReadOnlyProperty();
    }

    public int rows() {
        return values.length;
    }

    public int columns() {
        return values.length == 0 ? 0 : values[0].length;
    }

    public double value(int row, int col) {
        return values[row][col];
    }

    /** The tooltip text: "teddy → reads: 0.4123". */
    public String describe(int row, int col) {
        return rowLabels.get(row) + " → " + colLabels.get(col) + ": " + values[row][col];
    }

    public Tooltip tooltip() {
        return tooltip;
    }

    /** Same as a click on that row (keyboard, tests). */
    public void clickRow(int row) {
        selectedRow.set(row);
        redraw();
        if (onRowClicked != null) onRowClicked.accept(row);
    }

    /** Row under a point in this view's coordinates (cells and row labels), -1 if none. */
    public int rowAt(double x, double y) {
        if (cellH <= 0 || y < gridY || x > gridX + cellW * columns()) return -1;
        int r = (int) ((y - gridY) / cellH);
        return r < rows() ? r : -1;
    }

    public int columnAt(double x, double y) {
        if (cellW <= 0 || x < gridX || y < gridY) return -1;
        int c = (int) ((x - gridX) / cellW);
        return c < columns() && rowAt(x, y) >= 0 ? c : -1;
    }

    /** Centre of a cell in this view's coordinates (for tests and callouts). */
    public javafx.geometry.Point2D cellCenter(int row, int col) {
        return new javafx.geometry.Point2D(gridX + (col + 0.5) * cellW, gridY + (row + 0.5) * cellH);
    }

    public void exportPng(Path file) throws IOException {
        ChartExport.png(this, file, 2.0);
    }

    public void exportCsv(Path file) throws IOException {
        toCsv().write(file);
    }

    /** First column: row labels; header: "" then column labels; values with full precision. */
    public CsvTable toCsv() {
        var header = new ArrayList<String>();
        header.add("");
        header.addAll(colLabels);
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < values.length; r++) {
            var row = new ArrayList<Object>();
            row.add(rowLabels.get(r));
            for (double v : values[r]) row.add(v);
            rows.add(row);
        }
        return new CsvTable(header, rows);
    }

    /** Adds the right-click PNG/CSV export menu. */
    public void enableExportMenu(String baseName, I18n i18n, java.util.function.Consumer<String> status) {
        ChartExport.installMenu(this, this::toCsv, () -> baseName, i18n, status);
    }

    // ---- layout and drawing ----

    // The colour bar grows with presenter mode like the labels beside it.
    private double colorbarWidth() {
        return Math.max(14, font().getSize() * COLORBAR_EM);
    }

    private Font font() {
        return fontProbe.getFont();
    }

    private double textWidth(String s) {
        var t = new Text(s);
        t.setFont(font());
        return t.getLayoutBounds().getWidth();
    }

    private double maxWidth(List<String> labels) {
        double w = 0;
        for (String s : labels) w = Math.max(w, textWidth(s));
        return w;
    }

    private double minCell() {
        double em = font().getSize();
        return showValues ? Math.max(em * 3.6, textWidth(String.format(Locale.ROOT, valueFormat, -0.99)) + em) : em * 1.9;
    }

    @Override
    protected double computePrefWidth(double height) {
        double em = font().getSize();
        return snappedLeftInset() + maxWidth(rowLabels) + GAP + columns() * minCell() + GAP * 2 + colorbarWidth() + em * 4 + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        return snappedTopInset() + columnHeader() + rows() * minCell() * 0.75 + GAP + snappedBottomInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return 120;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 80;
    }

    // Column labels are drawn at 45° so long tokens fit over narrow columns.
    private double columnHeader() {
        return maxWidth(colLabels) * Math.sin(Math.PI / 4) + font().getSize() + GAP;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(0, getWidth()));
        canvas.setHeight(Math.max(0, getHeight()));
        boolean showEmpty = (rows() == 0 || columns() == 0) && empty.getText() != null && !empty.getText().isEmpty();
        empty.setVisible(showEmpty);
        if (showEmpty) {
            double w = Math.max(0, getWidth() - snappedLeftInset() - snappedRightInset());
            double h = Math.min(empty.prefHeight(w), Math.max(0, getHeight()));
            empty.resizeRelocate(snappedLeftInset(), snappedTopInset() + (getHeight() - h) / 3, w, h);
        }
        redraw();
    }

    /** The sentence shown instead of an empty map ("clique em Analisar…"); bind it to the page's language. */
    public javafx.beans.property.StringProperty emptyTextProperty() {
        return empty.textProperty();
    }

    private double[] range() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isNaN(v)) continue;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!Double.isNaN(fixedMin)) min = fixedMin;
        if (!Double.isNaN(fixedMax)) max = fixedMax;
        if (!(min <= max)) return new double[] {0, 1};
        return new double[] {min, max};
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (rows() == 0 || columns() == 0 || w <= 0 || h <= 0) {
            cellW = cellH = 0;
            return;
        }
        Font font = font();
        double em = font.getSize();
        Paint ink = fontProbe.getFill() == null ? Color.BLACK : fontProbe.getFill();
        Colormap cmap = effectiveColormap();
        double[] range = range();
        String minText = fmt(range[0]);
        String maxText = fmt(range[1]);
        double barLabels = Math.max(textWidth(minText), textWidth(maxText));

        double left = snappedLeftInset() + maxWidth(rowLabels) + GAP;
        double top = snappedTopInset() + columnHeader();
        double availW = w - left - snappedRightInset() - GAP * 2 - colorbarWidth() - GAP - barLabels;
        double availH = h - top - snappedBottomInset() - GAP;
        double cell = Math.max(2, Math.min(availW / columns(), availH / rows()));
        // Square cells, capped so a 2×2 example does not fill a whole screen.
        cell = Math.min(cell, em * 6);
        gridX = left;
        gridY = top;
        cellW = cell;
        cellH = cell;

        g.setFont(font);
        g.setFill(ink);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        // Long texts (or presenter fonts) make cells shorter than a line of text: draw every k-th
        // label so none overlaps; the selected row keeps its label, hover names every cell.
        rowLabelStep = labelStep(cell, em);
        colLabelStep = labelStep(cell * Math.sin(Math.PI / 4), em);
        for (int r = 0; r < rows(); r++) {
            if (r % rowLabelStep != 0 && r != selectedRow.get()) continue;
            g.fillText(rowLabels.get(r), left - GAP, top + (r + 0.5) * cell);
        }
        g.setTextAlign(TextAlignment.LEFT);
        for (int c = 0; c < columns(); c++) {
            if (c % colLabelStep != 0) continue;
            g.save();
            g.translate(left + (c + 0.5) * cell, top - GAP);
            g.rotate(-45);
            g.fillText(colLabels.get(c), 0, 0);
            g.restore();
        }

        double span = range[1] - range[0];
        boolean drawNumbers = showValues && cell >= textWidth(String.format(Locale.ROOT, valueFormat, -0.99)) + 4;
        g.setTextAlign(TextAlignment.CENTER);
        for (int r = 0; r < rows(); r++) {
            for (int c = 0; c < columns(); c++) {
                double v = values[r][c];
                Color color = cmap.at(span == 0 ? 0.5 : (v - range[0]) / span);
                g.setFill(color);
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                if (drawNumbers) {
                    g.setFill(Colormap.textOn(color));
                    g.fillText(Double.isNaN(v) ? "—" : br.lncc.llm.ui.I18n.display(valueFormat, v), left + (c + 0.5) * cell, top + (r + 0.5) * cell);
                }
            }
        }
        if (selectedRow.get() >= 0) {
            g.setStroke(cmap == Colormap.HIGH_CONTRAST ? Color.RED : Color.web("#ff3b30"));
            g.setLineWidth(Math.max(2, em / 5));
            g.strokeRect(left + 1, top + selectedRow.get() * cell + 1, columns() * cell - 2, cell - 2);
        }

        // Colour bar: max at the top, min at the bottom, as in matplotlib's colorbar.
        double barX = left + columns() * cell + GAP * 2;
        double barH = rows() * cell;
        int steps = (int) Math.max(2, barH);
        for (int i = 0; i < steps; i++) {
            g.setFill(cmap.at(1 - (double) i / (steps - 1)));
            g.fillRect(barX, top + barH * i / steps, colorbarWidth(), barH / steps + 1);
        }
        g.setStroke(ink);
        g.setLineWidth(1);
        g.strokeRect(barX, top, colorbarWidth(), barH);
        g.setFill(ink);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(maxText, barX + colorbarWidth() + GAP / 2, top);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(minText, barX + colorbarWidth() + GAP / 2, top + barH);
    }

    /** Every how many rows/columns a label is drawn at the current size: 1 = all of them. */
    public int rowLabelStep() {
        return rowLabelStep;
    }

    public int columnLabelStep() {
        return colLabelStep;
    }

    /** Height of one drawn cell (square), in pixels; 0 before the first drawing. */
    public double cellSize() {
        return cellH;
    }

    /** Font size of the labels, in pixels (follows presenter mode). */
    public double labelFontSize() {
        return font().getSize();
    }

    // Labels need about 1.15 em between baselines to stay apart.
    static int labelStep(double spacing, double em) {
        if (spacing <= 0) return 1;
        return Math.max(1, (int) Math.ceil(em * 1.15 / spacing));
    }

    private static String fmt(double v) {
        return br.lncc.llm.ui.I18n.display(Math.abs(v) >= 100 || (v != 0 && Math.abs(v) < 0.01) ? "%.3g" : "%.2f", v);
    }

    private void hover(double x, double y) {
        int r = rowAt(x, y);
        int c = columnAt(x, y);
        if (r < 0 || c < 0) {
            tooltip.hide();
            Tooltip.uninstall(canvas, tooltip);
            return;
        }
        tooltip.setText(describe(r, c));
        Tooltip.install(canvas, tooltip);
    }

    private static List<String> labels(List<String> given, int n, String what) {
        if (given == null) {
            var out = new ArrayList<String>(n);
            for (int i = 0; i < n; i++) out.add(Integer.toString(i));
            return out;
        }
        if (given.size() != n) throw new IllegalArgumentException(given.size() + " labels for " + n + " " + what);
        return List.copyOf(given);
    }
}
