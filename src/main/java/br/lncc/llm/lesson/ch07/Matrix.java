package br.lncc.llm.lesson.ch07;

import java.util.Arrays;

/**
 * A small immutable dense matrix of doubles, the size of the book's hand-worked examples
 * (3×2 weights, 3×1 columns). Worked examples need exact doubles that print like the book,
 * not native tensors; a column vector is an n×1 matrix.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public static Matrix of(double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new br.lncc.llm.text.InvalidInputException("lesson.matrix7.empty");
        }
        int r = values.length;
        int c = values[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.matrix7.ragged", i + 1, values[i].length, c);
            }
            System.arraycopy(values[i], 0, d, i * c, c);
        }
        return new Matrix(r, c, d);
    }

    public static Matrix column(double... values) {
        return new Matrix(values.length, 1, values.clone());
    }

    public static Matrix row(double... values) {
        return new Matrix(1, values.length, values.clone());
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    /** Column j as a fresh array. */
    public double[] columnValues(int j) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) out[i] = get(i, j);
        return out;
    }

    /** All values, row-major, as a fresh array (a vector's entries, whichever way it stands). */
    public double[] values() {
        return data.clone();
    }

    public double[][] toArray() {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(data, i * cols, out[i], 0, cols);
        return out;
    }

    public Matrix times(Matrix other) {
        if (cols != other.rows) {
            throw new br.lncc.llm.text.InvalidInputException("lesson.matrix7.product", shape(), other.shape());
        }
        double[] out = new double[rows * other.cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < other.cols; j++) {
                double s = 0;
                for (int k = 0; k < cols; k++) s += get(i, k) * other.get(k, j);
                out[i * other.cols + j] = s;
            }
        }
        return new Matrix(rows, other.cols, out);
    }

    public Matrix plus(Matrix other) {
        requireSameShape(other);
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] + other.data[i];
        return new Matrix(rows, cols, out);
    }

    public Matrix minus(Matrix other) {
        return plus(other.scale(-1));
    }

    public Matrix scale(double s) {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] * s;
        return new Matrix(rows, cols, out);
    }

    public Matrix transpose() {
        double[] out = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[j * rows + i] = get(i, j);
        }
        return new Matrix(cols, rows, out);
    }

    /** Largest |a_ij − b_ij|; how far two matrices are apart, entry by entry. */
    public double maxAbsDifference(Matrix other) {
        requireSameShape(other);
        double m = 0;
        for (int i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i] - other.data[i]));
        return m;
    }

    public String shape() {
        return rows + "×" + cols;
    }

    private void requireSameShape(Matrix other) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException("formas diferentes: " + shape() + " e " + other.shape());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rows; i++) {
            if (i > 0) sb.append(", ");
            sb.append('[');
            for (int j = 0; j < cols; j++) {
                if (j > 0) sb.append(", ");
                sb.append(get(i, j));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }
}
