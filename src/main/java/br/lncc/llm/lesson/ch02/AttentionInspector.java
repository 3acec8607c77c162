package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.LessonInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Questions a student asks of a real attention matrix (Cap. 2.5): "para quem o token X olha?",
 * what several heads agree on, what is left without the special tokens, and which arrows to
 * draw over the PCA plane (N1.07). Works on plain arrays: no model is run here.
 */
public final class AttentionInspector {
    /** N1.07 draws an arrow only for weights of at least 0.12 among a query's top 2 keys. */
    public static final double NOTEBOOK_ARROW_THRESHOLD = 0.12;

    public static final int NOTEBOOK_ARROWS_PER_QUERY = 2;

    public static final Set<String> SPECIAL_TOKENS = Set.of("[CLS]", "[SEP]", "[PAD]");

    private AttentionInspector() {}

    /** One key a query attends to. */
    public record Hit(int position, String token, double weight) {}

    /** query → key over the PCA plane; the notebook uses the weight as the arrow's alpha. */
    public record Arrow(int from, int to, double weight) {}

    /**
     * A matrix restricted to some tokens.
     *
     * @param positions    original positions kept
     * @param tokens       their tokens
     * @param matrix       the kept rows and columns
     * @param renormalised whether rows were rescaled to sum to 1 again
     */
    public record Subset(int[] positions, List<String> tokens, double[][] matrix, boolean renormalised) {}

    /** The k largest weights of row {@code query}, largest first; ties keep the earlier key. */
    public static List<Hit> topK(double[][] matrix, List<String> tokens, int query, int k) {
        if (query < 0 || query >= matrix.length) {
            throw new LessonInputException("lesson.attention.noToken", new Object[] {query}, "query " + query);
        }
        double[] row = matrix[query];
        var order = new ArrayList<Integer>();
        for (int j = 0; j < row.length; j++) order.add(j);
        order.sort(Comparator.comparingDouble((Integer j) -> -row[j]));
        var hits = new ArrayList<Hit>();
        for (int r = 0; r < Math.min(k, row.length); r++) {
            int j = order.get(r);
            hits.add(new Hit(j, tokens.get(j), row[j]));
        }
        return List.copyOf(hits);
    }

    /** Mean over the selected heads of an (H, n, n) stack. */
    public static double[][] averageHeads(float[][][] heads, int[] selected) {
        if (selected.length == 0) throw new LessonInputException("lesson.heads.none", new Object[] {}, "no heads");
        int n = heads[0].length;
        var out = new double[n][n];
        for (int h : selected) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) out[i][j] += heads[h][i][j] / (double) selected.length;
            }
        }
        return out;
    }

    public static double[][] toDouble(float[][] m) {
        var out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) out[i][j] = m[i][j];
        }
        return out;
    }

    /**
     * Drops the tokens in {@code hidden}. Without renormalising, rows show how much of their
     * attention went to the kept tokens; renormalising shows how that part is distributed.
     */
    public static Subset without(double[][] matrix, List<String> tokens, Set<String> hidden, boolean renormalise) {
        var keep = new ArrayList<Integer>();
        for (int i = 0; i < tokens.size(); i++) if (!hidden.contains(tokens.get(i))) keep.add(i);
        int m = keep.size();
        var out = new double[m][m];
        var kept = new ArrayList<String>();
        for (int a = 0; a < m; a++) {
            kept.add(tokens.get(keep.get(a)));
            double sum = 0;
            for (int b = 0; b < m; b++) {
                out[a][b] = matrix[keep.get(a)][keep.get(b)];
                sum += out[a][b];
            }
            if (renormalise && sum > 0) for (int b = 0; b < m; b++) out[a][b] /= sum;
        }
        return new Subset(keep.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(kept), out, renormalise);
    }

    /** For each query its top {@code perQuery} keys other than itself, kept when ≥ threshold. */
    public static List<Arrow> arrows(double[][] matrix, int perQuery, double threshold) {
        var out = new ArrayList<Arrow>();
        for (int i = 0; i < matrix.length; i++) {
            final int query = i;
            var order = new ArrayList<Integer>();
            for (int j = 0; j < matrix[i].length; j++) order.add(j);
            order.sort(Comparator.comparingDouble((Integer j) -> -matrix[query][j]));
            for (int r = 0; r < Math.min(perQuery, order.size()); r++) {
                int j = order.get(r);
                if (j != i && matrix[i][j] >= threshold) out.add(new Arrow(i, j, matrix[i][j]));
            }
        }
        return List.copyOf(out);
    }

    public static double[] rowSums(double[][] matrix) {
        var out = new double[matrix.length];
        for (int i = 0; i < matrix.length; i++) for (double v : matrix[i]) out[i] += v;
        return out;
    }
}
