package br.lncc.llm.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** #19: the matrix fields read a pt-BR decimal comma and the book's point, and write the language's separator. */
class MatrixTextTest {
    private static final Locale PT_BR = Locale.forLanguageTag("pt-BR");

    private static void assertMatrix(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i], 1e-12, "row " + i);
    }

    @Test
    void aCommaBetweenDigitsIsADecimalCommaAndSpacesSeparateColumns() {
        assertMatrix(new double[][] {{0.5, 1}, {-0.25, 2}}, MatrixText.parse("0,5 1\n−0,25  2"));
        assertMatrix(new double[][] {{0.5, 1}, {-0.25, 2}}, MatrixText.parse("0.5 1\n-0.25 2"));
        // The book's "1, 0" (comma and space) still separates columns; ';' still separates rows.
        assertMatrix(new double[][] {{1, 0}, {0.5, 2}}, MatrixText.parse("1, 0; 0,5, 2"));
        // Several commas in one cell are a list of columns, not one number.
        assertMatrix(new double[][] {{1, 0, 2}}, MatrixText.parse("1,0,2"));
    }

    @Test
    void inThePythonFormEveryCommaSeparatesColumnsAsInPython() {
        assertMatrix(new double[][] {{0.5, 1}, {2, 3}}, MatrixText.parse("[[0.5,1],[2,3]]"));
        assertMatrix(new double[][] {{1, 0}, {-1, 1}}, MatrixText.parse("[[1, 0], [−1, 1]]"));
    }

    @Test
    void numbersAreWrittenWithTheLanguagesSeparator() {
        double[][] m = {{1, 0.5}, {-0.333, -0.0001}};
        assertEquals(" 1,00   0,50\n-0,33   0,00", MatrixText.format(m, 2, PT_BR));
        assertEquals(" 1.00   0.50\n-0.33   0.00", MatrixText.format(m, 2, Locale.ENGLISH));
        assertEquals("0,2500  0,7500", MatrixText.formatRow(new double[] {0.25, 0.75}, 4, PT_BR));
        // What is written reads back the same.
        assertMatrix(new double[][] {{1, 0.5}, {-0.33, 0}}, MatrixText.parse(MatrixText.format(m, 2, PT_BR)));
    }

    @Test
    void aBadEntrySaysWhereInEitherLanguage() {
        var e = assertThrows(LessonInputException.class, () -> MatrixText.parse("1 0\n0 x"));
        assertEquals("\"x\" não é um número (linha 2, coluna 2).", e.message(PT_BR));
        assertEquals("\"x\" is not a number (line 2, column 2).", e.message(Locale.ENGLISH));
        var shape = assertThrows(LessonInputException.class, () -> MatrixText.parse("1 0\n0 1", 4, 2, "E"));
        assertTrue(shape.message(Locale.ENGLISH).startsWith("E must have shape (4, 2)"), shape.message(Locale.ENGLISH));
    }
}
