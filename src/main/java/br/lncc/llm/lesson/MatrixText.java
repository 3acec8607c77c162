package br.lncc.llm.lesson;

import java.util.ArrayList;
import java.util.Locale;

/**
 * Reads and writes the small matrices students edit: one row per line (or rows separated by
 * ';'), numbers separated by spaces or commas, brackets ignored, so "[[1, 0], [1, 1]]" pasted
 * from the book or from Python also works.
 */
public final class MatrixText {
    private MatrixText() {}

    public static double[][] parse(String text) {
        if (text == null || text.isBlank()) {
            throw new LessonInputException("A matriz está vazia: escreva uma linha por token.", "empty input");
        }
        String normalised = text.replace("],", "\n").replace(";", "\n").replace("[", " ").replace("]", " ");
        var rows = new ArrayList<double[]>();
        int lineNo = 0;
        for (String line : normalised.split("\\R")) {
            lineNo++;
            String trimmed = line.trim();
            if (trimmed.isEmpty()) continue;
            String[] cells = trimmed.split("[\\s,]+");
            var row = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    row[j] = Double.parseDouble(cells[j].replace('−', '-'));
                } catch (NumberFormatException e) {
                    throw new LessonInputException(
                            "\"" + cells[j] + "\" não é um número (linha " + lineNo + ", coluna " + (j + 1) + ").",
                            "NumberFormatException: " + e.getMessage());
                }
                if (!Double.isFinite(row[j])) {
                    throw new LessonInputException("Use apenas números finitos (linha " + lineNo + ").", cells[j]);
                }
            }
            if (!rows.isEmpty() && rows.get(0).length != row.length) {
                throw new LessonInputException(
                        "Todas as linhas devem ter o mesmo número de colunas: a linha " + rows.size()
                                + " tem " + rows.get(0).length + " e a seguinte tem " + row.length + ".",
                        "ragged matrix");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new LessonInputException("A matriz está vazia: escreva uma linha por token.", "no rows");
        }
        return rows.toArray(new double[0][]);
    }

    /** Requires exactly the given shape; {@code cols} ≤ 0 means any width. */
    public static double[][] parse(String text, int rows, int cols, String what) {
        double[][] m = parse(text);
        if ((rows > 0 && m.length != rows) || (cols > 0 && m[0].length != cols)) {
            throw new LessonInputException(
                    what + " precisa ter forma (" + (rows > 0 ? rows : "n") + ", " + (cols > 0 ? cols : "d")
                            + "), mas tem " + Matrices.shape(m) + ".",
                    "shape mismatch");
        }
        return m;
    }

    /** Rows on lines, values with the given decimals, trailing zeros kept so columns align. */
    public static String format(double[][] m, int decimals) {
        int width = 0;
        for (double[] row : m) for (double v : row) width = Math.max(width, number(v, decimals).length());
        var sb = new StringBuilder();
        for (int i = 0; i < m.length; i++) {
            if (i > 0) sb.append('\n');
            for (int j = 0; j < m[i].length; j++) {
                if (j > 0) sb.append("  ");
                String cell = number(m[i][j], decimals);
                sb.append(" ".repeat(width - cell.length())).append(cell);
            }
        }
        return sb.toString();
    }

    public static String formatRow(double[] row, int decimals) {
        var sb = new StringBuilder();
        for (int j = 0; j < row.length; j++) {
            if (j > 0) sb.append("  ");
            sb.append(number(row[j], decimals));
        }
        return sb.toString();
    }

    /** Torch-like: fixed decimals, no "-0.0000". */
    public static String number(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.startsWith("-") && Double.parseDouble(s) == 0) s = s.substring(1);
        return s;
    }
}
