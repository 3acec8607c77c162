package br.lncc.llm.train;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * What a LoRA adapter learned, in the course's practice terms ("visualização de pesos
 * adaptados"): ΔW = (α/r)·BA of one module and its singular values. ΔW has rank at most r, so
 * its r singular values come from an r×r problem: with B = Q_B·R_B and Aᵀ = Q_A·R_A,
 * BA = Q_B·(R_B·R_Aᵀ)·Q_Aᵀ and the singular values of BA are those of R_B·R_Aᵀ.
 */
public final class AdaptedWeights {
    private AdaptedWeights() {}

    /** The r singular values of (α/r)·BA for {@code module}, largest first. */
    public static double[] singularValues(LoraAdapters adapters, String module) {
        var ad = adapters.adapters().get(module);
        if (ad == null) throw new TrainingException("train.noAdapter", new Object[] {module}, "");
        int r = adapters.config().r();
        RealMatrix b = matrix(ad.b().toFloatArray(), ad.out(), r);
        RealMatrix at = matrix(ad.a().toFloatArray(), r, ad.in()).transpose();
        RealMatrix rb = new QRDecomposition(b).getR().getSubMatrix(0, r - 1, 0, r - 1);
        RealMatrix ra = new QRDecomposition(at).getR().getSubMatrix(0, r - 1, 0, r - 1);
        double[] s = new SingularValueDecomposition(rb.multiply(ra.transpose())).getSingularValues();
        for (int i = 0; i < s.length; i++) s[i] *= adapters.config().scaling();
        return s;
    }

    private static RealMatrix matrix(float[] v, int rows, int cols) {
        double[][] d = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) d[i][j] = v[i * cols + j];
        return new Array2DRowRealMatrix(d, false);
    }
}
