package br.lncc.llm.lesson;

import java.util.Arrays;

/**
 * The few dense operations the book's toy examples need (2×2 to 4×16). Plain double arrays keep
 * every intermediate number inspectable; the real models use DJL NDArrays instead.
 */
public final class Matrices {
    private Matrices() {}

    /** (n, k) × (k, m) → (n, m). */
    public static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        if (a[0].length != k) {
            throw new IllegalArgumentException("shapes " + shape(a) + " and " + shape(b) + " do not multiply");
        }
        var out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i][t] * b[t][j];
                out[i][j] = s;
            }
        }
        return out;
    }

    public static double[][] transpose(double[][] a) {
        var out = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) out[j][i] = a[i][j];
        }
        return out;
    }

    public static double[][] scale(double[][] a, double factor) {
        var out = copy(a);
        for (double[] row : out) {
            for (int j = 0; j < row.length; j++) row[j] *= factor;
        }
        return out;
    }

    public static double[][] add(double[][] a, double[][] b) {
        var out = copy(a);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) out[i][j] += b[i][j];
        }
        return out;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    public static double[][] copy(double[][] a) {
        var out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }

    /** Columns [from, to) of every row. */
    public static double[][] columns(double[][] a, int from, int to) {
        var out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = Arrays.copyOfRange(a[i], from, to);
        return out;
    }

    /** Rows side by side: (n, a) | (n, b) → (n, a + b). */
    public static double[][] concatColumns(double[][]... parts) {
        int n = parts[0].length;
        int width = 0;
        for (double[][] p : parts) width += p[0].length;
        var out = new double[n][width];
        for (int i = 0; i < n; i++) {
            int at = 0;
            for (double[][] p : parts) {
                System.arraycopy(p[i], 0, out[i], at, p[i].length);
                at += p[i].length;
            }
        }
        return out;
    }

    public static double[][] identity(int n) {
        var out = new double[n][n];
        for (int i = 0; i < n; i++) out[i][i] = 1;
        return out;
    }

    public static double maxAbsDifference(double[][] a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
        }
        return worst;
    }

    public static String shape(double[][] a) {
        return "(" + a.length + ", " + (a.length == 0 ? 0 : a[0].length) + ")";
    }

    /** True when every row has the same length and at least one column. */
    public static boolean isRectangular(double[][] a) {
        if (a.length == 0 || a[0].length == 0) return false;
        for (double[] row : a) if (row.length != a[0].length) return false;
        return true;
    }
}
