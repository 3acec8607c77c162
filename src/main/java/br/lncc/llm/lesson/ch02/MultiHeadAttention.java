package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Matrices;

import java.util.ArrayList;
import java.util.List;

/**
 * Cap. 2.7.3 with numbers: H heads in parallel, concatenation, W_O and the residual X + Z.
 * The book gives only the equations; our worked example splits the d = 2 teddy-reads input
 * into two heads with d_k = d/H = 1, each seeing one latent dimension, so the student can see
 * that heads compare tokens through different "perspectives".
 */
public final class MultiHeadAttention {
    private MultiHeadAttention() {}

    /** Projection matrices for one head. */
    public record Projection(double[][] wq, double[][] wk, double[][] wv) {}

    public static MultiHeadSteps compute(double[][] x, List<Projection> projections, double[][] wo) {
        if (projections.isEmpty()) throw new LessonInputException("lesson.heads.none", new Object[] {}, "H = 0");
        var heads = new ArrayList<HeadSteps>();
        for (Projection p : projections) {
            checkRows(p.wq(), x[0].length, "W_Q");
            checkRows(p.wk(), x[0].length, "W_K");
            checkRows(p.wv(), x[0].length, "W_V");
            heads.add(HeadSteps.compute(x, p.wq(), p.wk(), p.wv()));
        }
        double[][] concat = Matrices.concatColumns(heads.stream().map(HeadSteps::output).toArray(double[][][]::new));
        checkRows(wo, concat[0].length, "W_O");
        if (wo[0].length != x[0].length) {
            throw new LessonInputException("lesson.mha.wo", new Object[] {x[0].length}, "W_O shape " + Matrices.shape(wo));
        }
        double[][] z = Matrices.multiply(concat, wo);
        return new MultiHeadSteps(Matrices.copy(x), List.copyOf(heads), concat, wo, z, Matrices.add(x, z));
    }

    /** H heads of width d/H, head h projecting onto its own slice of the identity; W_O = I. */
    public static MultiHeadSteps identitySplit(double[][] x, int headCount) {
        int d = x[0].length;
        if (headCount < 1 || d % headCount != 0) {
            throw new LessonInputException("lesson.mha.divide", new Object[] {d}, "H = " + headCount);
        }
        int dk = d / headCount;
        double[][] identity = Matrices.identity(d);
        var projections = new ArrayList<Projection>();
        for (int h = 0; h < headCount; h++) {
            double[][] slice = Matrices.columns(identity, h * dk, (h + 1) * dk);
            projections.add(new Projection(slice, slice, slice));
        }
        return compute(x, projections, identity);
    }

    private static void checkRows(double[][] w, int rows, String name) {
        if (!Matrices.isRectangular(w) || w.length != rows) {
            throw new LessonInputException("lesson.mha.rows", new Object[] {name, rows}, name + " shape " + Matrices.shape(w));
        }
    }
}
