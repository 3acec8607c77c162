package br.lncc.llm.lesson.ch02;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.MatrixText;

import static br.lncc.llm.lesson.MatrixAssertions.assertMatrix;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkedSelfAttentionTest {

    @Test
    void teddyReadsReproducesEveryNumberOfCap2_8() {
        SelfAttentionSteps s = WorkedSelfAttention.book();
        assertEquals(List.of("teddy", "reads"), s.tokens());
        assertArrayEquals(new int[] {0, 2}, s.ids());
        assertMatrix(new double[][] {{1, 0}, {1, 1}}, s.x(), 0);
        assertMatrix(new double[][] {{1, 1}, {0, 1}}, s.kTransposed(), 0);
        // (2,2) = 1·1 + 1·1, element by element
        assertArrayEquals(new double[] {1, 1}, s.scoreTerms()[1][1]);
        assertMatrix(new double[][] {{1, 1}, {1, 2}}, s.scores(), 0);
        assertEquals(1.414, s.sqrtDk(), 5e-4);
        // The book prints 3 decimals: tolerance half a unit of the last digit (+ its rounding of e^x)
        assertMatrix(new double[][] {{0.707, 0.707}, {0.707, 1.414}}, s.scaled(), 5e-4);
        assertEquals(2.028, s.exponentials()[0][0], 5e-4);
        assertEquals(4.113, s.exponentials()[1][1], 5e-4);
        assertEquals(4.056, s.rowSums()[0], 1e-3);
        assertEquals(6.141, s.rowSums()[1], 1e-3);
        assertMatrix(new double[][] {{0.5, 0.5}, {0.33, 0.67}}, s.weights(), 5e-3);
        assertMatrix(new double[][] {{1.0, 0.5}, {1.0, 0.67}}, s.output(), 5e-3);
        for (double[] row : s.weights()) assertEquals(1, row[0] + row[1], 1e-12);
    }

    @Test
    void editingEmbeddingsChangesEverythingDownstream() {
        double[][] e = WorkedSelfAttention.bookEmbeddings();
        e[2] = new double[] {0, 2};
        SelfAttentionSteps s = WorkedSelfAttention.compute(WorkedSelfAttention.BOOK_VOCABULARY, e, "teddy reads");
        assertMatrix(new double[][] {{1, 0}, {0, 4}}, s.scores(), 0);
        double a22 = Math.exp(4 / Math.sqrt(2)) / (1 + Math.exp(4 / Math.sqrt(2)));
        assertEquals(a22, s.weights()[1][1], 1e-12);
    }

    @Test
    void badInputGivesAStudentMessage() {
        var vocab = WorkedSelfAttention.BOOK_VOCABULARY;
        var e = WorkedSelfAttention.bookEmbeddings();
        var ex = assertThrows(LessonInputException.class, () -> WorkedSelfAttention.compute(vocab, e, "teddy flies"));
        assertTrue(ex.getMessage().contains("flies"));
        assertThrows(LessonInputException.class, () -> WorkedSelfAttention.compute(vocab, e, "   "));
        assertThrows(LessonInputException.class,
                () -> WorkedSelfAttention.compute(vocab, new double[][] {{1, 0}, {0, 1}}, "teddy"));
        var parse = assertThrows(LessonInputException.class, () -> MatrixText.parse("1 0\n0 x"));
        assertTrue(parse.getMessage().contains("\"x\""));
        assertThrows(LessonInputException.class, () -> MatrixText.parse("1 0\n0"));
        assertThrows(LessonInputException.class, () -> MatrixText.parse("1 0\n0 1", 4, 2, "E"));
    }

    @Test
    void matrixTextReadsBookAndPythonNotation() {
        assertMatrix(new double[][] {{1, 0}, {-1, 1}}, MatrixText.parse("[[1, 0], [−1, 1]]"), 0);
        assertMatrix(new double[][] {{1, 0}, {-1, 1}}, MatrixText.parse("1 0; -1 1"), 0);
        assertEquals(" 1.00   0.50\n-0.33   0.00", MatrixText.format(new double[][] {{1, 0.5}, {-0.333, -0.0001}}, 2));
    }

    @Test
    void multiHeadSplitsDimensionsAndAddsTheResidual() {
        MultiHeadSteps m = MultiHeadAttention.identitySplit(WorkedSelfAttention.book().x(), 2);
        assertEquals(2, m.heads().size());
        // Head 1 sees dimension 0 = [1, 1]: equal scores, uniform weights
        assertMatrix(new double[][] {{0.5, 0.5}, {0.5, 0.5}}, m.heads().get(0).weights(), 1e-12);
        // Head 2 sees dimension 1 = [0, 1]: only "reads" has a non-zero score with itself (d_k = 1)
        double e = Math.E;
        assertMatrix(new double[][] {{0.5, 0.5}, {1 / (1 + e), e / (1 + e)}}, m.heads().get(1).weights(), 1e-12);
        assertMatrix(new double[][] {{1, 0.5}, {1, e / (1 + e)}}, m.output(), 1e-12);
        assertMatrix(new double[][] {{2, 0.5}, {2, 1 + e / (1 + e)}}, m.residual(), 1e-12);
        // One head with W = I is the single-head example of Cap. 2.8
        MultiHeadSteps single = MultiHeadAttention.identitySplit(WorkedSelfAttention.book().x(), 1);
        assertMatrix(WorkedSelfAttention.book().output(), single.output(), 1e-12);
        assertThrows(LessonInputException.class, () -> MultiHeadAttention.identitySplit(new double[][] {{1, 2, 3}}, 2));
    }

}
