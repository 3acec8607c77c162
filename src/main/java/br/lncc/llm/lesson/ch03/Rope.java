package br.lncc.llm.lesson.ch03;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Matrices;

import java.util.List;

/**
 * Rotary position embeddings as Cap. 3.4.4–3.4.5 implement them: dimensions (0,1), (2,3), …
 * form pairs; pair i at position p turns by p·base^(−2i/d). Nothing is added to the vector:
 * position only decides the angle.
 */
public final class Rope {
    public static final double BOOK_BASE = 10000;

    /** The toy of Cap. 3.3.1 / N1.12: teddy, bear, reads with d_model = 4 (two pairs). */
    public static final List<String> TOY_TOKENS = List.of("teddy", "bear", "reads");

    public static double[][] toyX() {
        return new double[][] {{1, 0, 1, 0}, {1, 1, 0, 1}, {0, 1, -1, 1}};
    }

    /** The consolidation exercise of Cap. 3: 'reads' becomes [1, −1, 0, 0]. */
    public static double[][] exerciseX() {
        double[][] x = toyX();
        x[2] = new double[] {1, -1, 0, 0};
        return x;
    }

    public static double[] toyPositions() {
        return new double[] {0, 1, 2};
    }

    private Rope() {}

    /**
     * @param input              vectors before rotation (n, d)
     * @param positions          one position per row
     * @param inverseFrequencies ω_i = base^(−2i/d), one per pair
     * @param angles             θ_i(p) = p·ω_i (n, d/2)
     * @param rotated            the rotated vectors (n, d)
     */
    public record Rotation(double[][] input, double[] positions, double base, double[] inverseFrequencies,
                           double[][] angles, double[][] rotated) {}

    /**
     * Plain vs rotated logits L = QKᵀ/√d with Q = K = X, as N1.15.
     *
     * @param maxDiagonalChange how much RoPE moved the diagonal (≈ 0: ‖R q‖ = ‖q‖)
     */
    public record Logits(Rotation rotation, double[][] plain, double[][] withRope, double maxDiagonalChange) {}

    /** Shifting every position by k leaves the RoPE logits unchanged (Cap. 3.5.3). */
    public record ShiftProof(double shift, Logits original, Logits shifted, double maxAbsDifference) {}

    public static double[] inverseFrequencies(int d, double base) {
        var out = new double[d / 2];
        for (int i = 0; i < d / 2; i++) out[i] = 1.0 / Math.pow(base, (2.0 * i) / d);
        return out;
    }

    public static Rotation rotate(double[][] x, double[] positions, double base) {
        validate(x, positions, base);
        int n = x.length, d = x[0].length;
        double[] omega = inverseFrequencies(d, base);
        var angles = new double[n][d / 2];
        var out = new double[n][d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = positions[t] * omega[i];
                angles[t][i] = angle;
                double c = Math.cos(angle), s = Math.sin(angle);
                double x1 = x[t][2 * i], x2 = x[t][2 * i + 1];
                out[t][2 * i] = x1 * c - x2 * s;
                out[t][2 * i + 1] = x1 * s + x2 * c;
            }
        }
        return new Rotation(Matrices.copy(x), positions.clone(), base, omega, angles, out);
    }

    public static Logits logits(double[][] x, double[] positions, double base) {
        Rotation r = rotate(x, positions, base);
        double scale = 1 / Math.sqrt(x[0].length);
        double[][] plain = Matrices.scale(Matrices.multiply(x, Matrices.transpose(x)), scale);
        double[][] rope = Matrices.scale(Matrices.multiply(r.rotated(), Matrices.transpose(r.rotated())), scale);
        double diagonal = 0;
        for (int i = 0; i < plain.length; i++) diagonal = Math.max(diagonal, Math.abs(plain[i][i] - rope[i][i]));
        return new Logits(r, plain, rope, diagonal);
    }

    public static ShiftProof shiftProof(double[][] x, double[] positions, double base, double shift) {
        Logits original = logits(x, positions, base);
        var moved = positions.clone();
        for (int i = 0; i < moved.length; i++) moved[i] += shift;
        Logits shifted = logits(x, moved, base);
        return new ShiftProof(shift, original, shifted,
                Matrices.maxAbsDifference(original.withRope(), shifted.withRope()));
    }

    private static void validate(double[][] x, double[] positions, double base) {
        if (!Matrices.isRectangular(x)) throw new LessonInputException("lesson.rope.matrix", new Object[] {}, "ragged");
        if (x[0].length % 2 != 0) {
            throw new LessonInputException("lesson.rope.odd", new Object[] {x[0].length}, "odd d");
        }
        if (positions.length != x.length) {
            throw new LessonInputException("lesson.rope.positions", new Object[] {x.length}, positions.length + " positions");
        }
        if (!(base > 1) || !Double.isFinite(base)) {
            throw new LessonInputException("lesson.rope.base", new Object[] {}, "base " + base);
        }
    }
}
