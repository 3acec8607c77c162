package br.lncc.llm.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Element-wise matrix comparison with a stated tolerance and the failing cell in the message. */
public final class MatrixAssertions {
    private MatrixAssertions() {}

    public static void assertMatrix(double[][] expected, double[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "rows");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, "cols");
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual[i][j], tolerance, "(" + i + "," + j + ")");
            }
        }
    }
}
