package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.Matrices;
import br.lncc.llm.model.Softmax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cap. 2.8, "Mini-corpus didático": the 2-token "teddy reads" self-attention done by hand with
 * d = 2 and identity projections, so every product, exponential and row sum can be checked on
 * paper. The student may edit the table E and the sentence; the vocabulary stays the book's.
 */
public final class WorkedSelfAttention {
    /** V = {teddy, bear, reads, sleeps}, f(teddy)=0 … f(sleeps)=3 (Cap. 2.8.1). */
    public static final List<String> BOOK_VOCABULARY = List.of("teddy", "bear", "reads", "sleeps");

    /** E ∈ R^{4×2} chosen in Cap. 2.8.3. */
    public static double[][] bookEmbeddings() {
        return new double[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 1}};
    }

    public static final String BOOK_SENTENCE = "teddy reads";

    private WorkedSelfAttention() {}

    public static SelfAttentionSteps book() {
        return compute(BOOK_VOCABULARY, bookEmbeddings(), BOOK_SENTENCE);
    }

    public static SelfAttentionSteps compute(List<String> vocabulary, double[][] embeddings, String sentence) {
        if (embeddings.length != vocabulary.size() || !Matrices.isRectangular(embeddings)) {
            throw new LessonInputException("lesson.worked.table", new Object[] {vocabulary.size()}, "E shape " + Matrices.shape(embeddings));
        }
        List<String> tokens = tokenize(sentence, vocabulary);
        int n = tokens.size();
        int[] ids = new int[n];
        var x = new double[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = vocabulary.indexOf(tokens.get(i));
            x[i] = embeddings[ids[i]].clone();
        }
        int d = x[0].length;
        var terms = new double[n][n][d];
        var scores = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < d; k++) terms[i][j][k] = x[i][k] * x[j][k];
                scores[i][j] = Matrices.dot(x[i], x[j]);
            }
        }
        double sqrtDk = Math.sqrt(d);
        double[][] scaled = Matrices.scale(scores, 1 / sqrtDk);
        // Plain exponentials (no max shift) because these are the numbers the book prints; the
        // toy scores are small, so nothing overflows.
        var exps = new double[n][n];
        var sums = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                exps[i][j] = Math.exp(scaled[i][j]);
                sums[i] += exps[i][j];
            }
        }
        double[][] weights = Softmax.rows(scaled);
        double[][] z = Matrices.multiply(weights, x);
        var zTerms = new double[n][d][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                for (int j = 0; j < n; j++) zTerms[i][c][j] = weights[i][j] * x[j][c];
            }
        }
        return new SelfAttentionSteps(List.copyOf(tokens), ids, Matrices.copy(embeddings), x, terms, scores,
                sqrtDk, scaled, exps, sums, weights, z, zTerms);
    }

    /** Whitespace split, lower case; every word must be in the vocabulary. */
    static List<String> tokenize(String sentence, List<String> vocabulary) {
        if (sentence == null || sentence.isBlank()) {
            throw new LessonInputException("lesson.worked.empty", new Object[] {String.valueOf(vocabulary)}, "empty sentence");
        }
        var tokens = new ArrayList<String>();
        for (String word : sentence.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!vocabulary.contains(word)) {
                throw new LessonInputException("lesson.worked.unknown", new Object[] {word, String.valueOf(vocabulary)}, "unknown token " + word);
            }
            tokens.add(word);
        }
        if (tokens.size() > 8) {
            throw new LessonInputException("lesson.worked.tooLong", new Object[] {}, tokens.size() + " tokens");
        }
        return tokens;
    }
}
