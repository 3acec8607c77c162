package br.lncc.llm.lesson.ch03;

import br.lncc.llm.lesson.Matrices;
import br.lncc.llm.lesson.TorchCpuRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * Cap. 3.7.1–3.7.2: why the logits are divided by √d_k. With Q, K standard normal of width d_k,
 * a dot product is a sum of d_k unit-variance terms, so its standard deviation grows like √d_k;
 * dividing by √d_k brings it back to about 1 at every width.
 */
public final class LogitScale {
    /** N1.19 uses n = 8 queries and keys. */
    public static final int NOTEBOOK_ROWS = 8;

    public static final int[] NOTEBOOK_DKS = {16, 64, 256, 1024};

    private LogitScale() {}

    /** One line of the table: {@code dk=  16  std(raw)=3.388  std(scaled)=0.847}. */
    public record StdRow(int dk, double stdRaw, double stdScaled) {}

    /** The table with torch's CPU generator: seed 0 reproduces a CPU run of N1.19 exactly. */
    public static List<StdRow> stdTable(long seed) {
        return stdTable(new TorchCpuRandom(seed), NOTEBOOK_ROWS, NOTEBOOK_DKS);
    }

    static List<StdRow> stdTable(TorchCpuRandom random, int n, int[] dks) {
        var rows = new ArrayList<StdRow>();
        for (int dk : dks) {
            double[][] q = random.normalMatrix(n, dk);
            double[][] k = random.normalMatrix(n, dk);
            double[][] logits = Matrices.multiply(q, Matrices.transpose(k));
            double raw = unbiasedStd(logits);
            rows.add(new StdRow(dk, raw, raw / Math.sqrt(dk)));
        }
        return List.copyOf(rows);
    }

    /** torch.std: over every entry, divided by N − 1. */
    static double unbiasedStd(double[][] m) {
        double sum = 0;
        int count = 0;
        for (double[] row : m) for (double v : row) { sum += v; count++; }
        double mean = sum / count;
        double squares = 0;
        for (double[] row : m) for (double v : row) squares += (v - mean) * (v - mean);
        return Math.sqrt(squares / (count - 1));
    }

    /** The table the book prints (Cap. 3.7.2), recorded on a CUDA T4 with seed 0. */
    public static List<StdRow> bookGpuTable() {
        return List.of(new StdRow(16, 3.661, 0.915), new StdRow(64, 9.061, 1.133),
                new StdRow(256, 15.276, 0.955), new StdRow(1024, 29.405, 0.919));
    }
}
