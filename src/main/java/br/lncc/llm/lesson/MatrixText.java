package br.lncc.llm.lesson;

import java.util.ArrayList;
import java.util.Locale;

/**
 * Reads and writes the small matrices students edit: one row per line (or rows separated by
 * ';'), brackets ignored, so "[[1, 0], [1, 1]]" pasted from the book or from Python also works.
 *
 * <p>One rule for both decimal separators (a pt-BR keyboard writes "0,5", the book and Python
 * "0.5"): columns are separated by spaces, or by a comma followed by a space ("1, 0"); a comma
 * between two digits ("0,5") is a decimal comma. In the Python form (with brackets) every comma
 * separates columns, as in Python. A cell with several commas ("1,0,2") is a list of columns.
 */
public final class MatrixText {
    private MatrixText() {}

    public static double[][] parse(String text) {
        if (text == null || text.isBlank()) {
            throw new LessonInputException("lesson.matrix.empty", new Object[0], "empty input");
        }
        boolean python = text.indexOf('[') >= 0;
        String normalised = text.replace("],", "\n").replace(";", "\n").replace("[", " ").replace("]", " ");
        var rows = new ArrayList<double[]>();
        int lineNo = 0;
        for (String line : normalised.split("\\R")) {
            lineNo++;
            String trimmed = line.trim();
            if (trimmed.isEmpty()) continue;
            var cells = cells(trimmed, python);
            var row = new double[cells.size()];
            for (int j = 0; j < cells.size(); j++) {
                String cell = cells.get(j);
                try {
                    row[j] = Double.parseDouble(cell.replace('−', '-').replace(',', '.'));
                } catch (NumberFormatException e) {
                    throw new LessonInputException("lesson.matrix.notNumber", new Object[] {cell, lineNo, j + 1},
                            "NumberFormatException: " + e.getMessage());
                }
                if (!Double.isFinite(row[j])) {
                    throw new LessonInputException("lesson.matrix.notFinite", new Object[] {lineNo}, cell);
                }
            }
            if (!rows.isEmpty() && rows.get(0).length != row.length) {
                throw new LessonInputException("lesson.matrix.ragged", new Object[] {rows.size(), rows.get(0).length, row.length},
                        "ragged matrix");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new LessonInputException("lesson.matrix.empty", new Object[0], "no rows");
        }
        return rows.toArray(new double[0][]);
    }

    /** The cells of one row, each with at most one (decimal) comma left in it. */
    private static java.util.List<String> cells(String row, boolean python) {
        var out = new ArrayList<String>();
        for (String piece : row.split(python ? "[\\s,]+" : "\\s+|,\\s+")) {
            if (piece.isEmpty()) continue;
            int commas = piece.length() - piece.replace(",", "").length();
            boolean decimalComma = commas == 1 && piece.indexOf('.') < 0
                    && piece.matches(".*[0-9],[0-9].*");
            if (commas == 0 || decimalComma) out.add(piece);
            else for (String c : piece.split(",")) if (!c.isEmpty()) out.add(c);
        }
        return out;
    }

    /** Requires exactly the given shape; {@code cols} ≤ 0 means any width. */
    public static double[][] parse(String text, int rows, int cols, String what) {
        double[][] m = parse(text);
        if ((rows > 0 && m.length != rows) || (cols > 0 && m[0].length != cols)) {
            throw new LessonInputException("lesson.matrix.shape",
                    new Object[] {what, rows > 0 ? String.valueOf(rows) : "n", cols > 0 ? String.valueOf(cols) : "d", Matrices.shape(m)},
                    "shape mismatch");
        }
        return m;
    }

    /** Rows on lines, values with the given decimals, trailing zeros kept so columns align. */
    public static String format(double[][] m, int decimals) {
        return format(m, decimals, Locale.ROOT);
    }

    /** As {@link #format(double[][], int)}, with {@code locale}'s decimal separator ("0,50" in pt-BR). */
    public static String format(double[][] m, int decimals, Locale locale) {
        int width = 0;
        for (double[] row : m) for (double v : row) width = Math.max(width, number(v, decimals, locale).length());
        var sb = new StringBuilder();
        for (int i = 0; i < m.length; i++) {
            if (i > 0) sb.append('\n');
            for (int j = 0; j < m[i].length; j++) {
                if (j > 0) sb.append("  ");
                String cell = number(m[i][j], decimals, locale);
                sb.append(" ".repeat(width - cell.length())).append(cell);
            }
        }
        return sb.toString();
    }

    public static String formatRow(double[] row, int decimals) {
        return formatRow(row, decimals, Locale.ROOT);
    }

    /** One row, values two spaces apart (never a comma: in pt-BR the comma is the decimal separator). */
    public static String formatRow(double[] row, int decimals, Locale locale) {
        var sb = new StringBuilder();
        for (int j = 0; j < row.length; j++) {
            if (j > 0) sb.append("  ");
            sb.append(number(row[j], decimals, locale));
        }
        return sb.toString();
    }

    /** Torch-like: fixed decimals, no "-0.0000". */
    public static String number(double v, int decimals) {
        return number(v, decimals, Locale.ROOT);
    }

    /** As {@link #number(double, int)} with {@code locale}'s decimal separator, no grouping. */
    public static String number(double v, int decimals, Locale locale) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.startsWith("-") && Double.parseDouble(s) == 0) s = s.substring(1);
        char separator = java.text.DecimalFormatSymbols.getInstance(locale).getDecimalSeparator();
        return separator == '.' ? s : s.replace('.', separator);
    }
}
