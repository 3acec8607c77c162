package br.lncc.llm.lesson.ch03;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Matrices;

/**
 * Cap. 3.4.3: R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]] turns a pair without changing its length.
 *
 * @param theta   angle in radians
 * @param input   2-D vectors, one per row
 * @param rotated R(θ)·x for every row
 * @param normsBefore ‖x‖; normsAfter ‖R(θ)x‖ (equal: cos² + sin² = 1)
 */
public record Rotation2d(double theta, double[][] input, double[][] rotated, double[] normsBefore, double[] normsAfter) {

    /** N1.13: θ = π/6 on [[1, 0], [1, 1]]. */
    public static Rotation2d notebook() {
        return rotate(new double[][] {{1, 0}, {1, 1}}, Math.PI / 6);
    }

    public static Rotation2d rotate(double[][] vectors, double theta) {
        double c = Math.cos(theta), s = Math.sin(theta);
        var out = new double[vectors.length][2];
        var before = new double[vectors.length];
        var after = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != 2) {
                throw new LessonInputException("lesson.rotation.twoComponents", new Object[] {}, "row " + i);
            }
            double x1 = vectors[i][0], x2 = vectors[i][1];
            out[i][0] = x1 * c - x2 * s;
            out[i][1] = x1 * s + x2 * c;
            before[i] = Matrices.norm(vectors[i]);
            after[i] = Matrices.norm(out[i]);
        }
        return new Rotation2d(theta, Matrices.copy(vectors), out, before, after);
    }
}
