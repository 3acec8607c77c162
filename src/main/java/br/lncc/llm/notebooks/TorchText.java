package br.lncc.llm.notebooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints arrays the way the course notebooks show them, so a student can lay our output beside
 * the Colab output: torch's {@code tensor([...])} (4 decimals, scientific notation when the
 * magnitudes span more than 1000×, first/last 3 items once a tensor has over 1000 elements),
 * numpy's float32 vectors and Python lists.
 */
public final class TorchText {
    private static final int EDGE = 3;
    private static final int SUMMARY_THRESHOLD = 1000;

    private TorchText() {}

    /** A (rows, cols) tensor; {@code batch} wraps it as (1, rows, cols). */
    public static String tensor(double[][] m, boolean batch) {
        int rows = m.length, cols = m[0].length;
        boolean summarise = (long) rows * cols > SUMMARY_THRESHOLD;
        List<Integer> rowIdx = kept(rows, summarise);
        List<Integer> colIdx = kept(cols, summarise);
        var shown = new ArrayList<Double>();
        for (int i : rowIdx) for (int j : colIdx) shown.add(m[i][j]);
        var format = Format.choose(shown);
        int width = 0;
        for (double v : shown) width = Math.max(width, format.apply(v).length());
        String open = batch ? "tensor([[" : "tensor([";
        String indent = " ".repeat(open.length());
        var sb = new StringBuilder(open);
        for (int r = 0; r < rowIdx.size(); r++) {
            int i = rowIdx.get(r);
            if (r > 0) sb.append(",\n").append(indent);
            if (summarise && r == EDGE && rows > 2 * EDGE) {
                sb.append("...,\n").append(indent);
            }
            sb.append('[');
            for (int c = 0; c < colIdx.size(); c++) {
                if (c > 0) sb.append(", ");
                if (summarise && c == EDGE && cols > 2 * EDGE) sb.append(" ..., ");
                String cell = format.apply(m[i][colIdx.get(c)]);
                sb.append(" ".repeat(width - cell.length())).append(cell);
            }
            sb.append(']');
        }
        sb.append(batch ? "]])" : "])");
        return sb.toString();
    }

    public static String tensor(long[] values) {
        var sb = new StringBuilder("tensor([[");
        int width = 0;
        for (long v : values) width = Math.max(width, Long.toString(v).length());
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(", ");
            String s = Long.toString(values[i]);
            sb.append(" ".repeat(width - s.length())).append(s);
        }
        return sb.append("]])").toString();
    }

    private static List<Integer> kept(int n, boolean summarise) {
        var out = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            if (!summarise || n <= 2 * EDGE || i < EDGE || i >= n - EDGE) out.add(i);
        }
        return out;
    }

    /**
     * numpy's float32 array print (precision 8, floatmode "maxprec"): the shortest digits that
     * identify the float, at most 8 after the point; cells padded on the right to one width.
     */
    public static String numpyFloat32(double[] values) {
        var cells = new String[values.length];
        int width = 0;
        for (int i = 0; i < values.length; i++) {
            cells[i] = numpyDigits((float) values[i]);
            width = Math.max(width, cells[i].length());
        }
        var sb = new StringBuilder("[");
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(cells[i]);
            if (i < cells.length - 1) sb.append(" ".repeat(width - cells[i].length()));
        }
        return sb.append(']').toString();
    }

    /** Python's repr of a list of floats: [1.0, 0.5, -0.5]. */
    public static String pythonList(double[] values) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(Double.toString(values[i]));
        }
        return sb.append(']').toString();
    }

    public static String pythonList(int[] values) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(values[i]);
        }
        return sb.append(']').toString();
    }

    static String numpyDigits(float f) {
        String s = shortestFloat(f);
        int point = s.indexOf('.');
        if (point >= 0 && s.length() - point - 1 > 8) {
            s = new java.math.BigDecimal(s).setScale(8, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                    .toPlainString();
            if (!s.contains(".")) s += ".";
        }
        return s;
    }

    /** Shortest decimal that reads back as the same float, without Java's "E" notation for small values. */
    static String shortestFloat(float f) {
        for (int digits = 1; digits <= 9; digits++) {
            String s = new java.math.BigDecimal(f).round(new java.math.MathContext(digits)).stripTrailingZeros()
                    .toPlainString();
            if (Float.parseFloat(s) == f) return s.contains(".") ? s : s + ".";
        }
        return Float.toString(f);
    }

    /** torch's choice between integer, fixed and scientific notation, over the values shown. */
    private interface Format {
        String apply(double v);

        /** Tensors in the notebooks are float32: round to float before printing, as torch does. */
        static double f32(double v) {
            return (float) v;
        }

        static Format choose(List<Double> values) {
            double max = 0, min = Double.MAX_VALUE;
            boolean integers = true;
            for (double v : values) {
                double a = Math.abs(v);
                if (a == 0 || !Double.isFinite(a)) continue;
                max = Math.max(max, a);
                min = Math.min(min, a);
                if (a != Math.ceil(a)) integers = false;
            }
            if (max == 0) return v -> "0.";
            boolean scientific = max / min > 1000 || max > 1e8 || (!integers && min < 1e-4);
            if (integers && !scientific) return v -> String.format(Locale.ROOT, "%.0f.", v);
            if (scientific) return v -> String.format(Locale.ROOT, "%.4e", f32(v));
            return v -> {
                return String.format(Locale.ROOT, "%.4f", f32(v));
            };
        }
    }
}
