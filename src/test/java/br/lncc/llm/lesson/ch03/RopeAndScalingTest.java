package br.lncc.llm.lesson.ch03;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.model.Softmax;

import static br.lncc.llm.lesson.MatrixAssertions.assertMatrix;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cap. 3 toy maths against the inventory's "Toy maths" oracles (float64 values, 1e-9). */
class RopeAndScalingTest {

    @Test
    void rotationByThirtyDegreesMatchesN1_13AndKeepsNorms() {
        Rotation2d r = Rotation2d.notebook();
        assertEquals(0.5235987755982988, r.theta(), 1e-15);
        assertMatrix(new double[][] {{0.8660254038, 0.5}, {0.3660254038, 1.3660254038}}, r.rotated(), 1e-9);
        for (int i = 0; i < 2; i++) assertEquals(r.normsBefore()[i], r.normsAfter()[i], 1e-12);
    }

    @Test
    void ropeRotatedQueriesAndLogitsMatchN1_14And15() {
        assertArrayEquals(new double[] {1, 0.01}, Rope.inverseFrequencies(4, 10000), 1e-15);
        Rope.Logits l = Rope.logits(Rope.toyX(), Rope.toyPositions(), Rope.BOOK_BASE);
        assertMatrix(new double[][] {
            {1, 0, 1, 0},
            {-0.3011686789, 1.3817732907, -0.0099998333, 0.9999500004},
            {-0.9092974268, -0.4161468365, -1.0197986734, 0.9798013400}}, l.rotation().rotated(), 1e-9);
        assertMatrix(new double[][] {{1.0, 0.5, -0.5}, {0.5, 1.5, 1.0}, {-0.5, 1.0, 1.5}}, l.plain(), 1e-15);
        assertMatrix(new double[][] {
            {1, -0.1555842561, -0.9645480501},
            {-0.1555842561, 1.5, 0.3443907441},
            {-0.9645480501, 0.3443907441, 1.5}}, l.withRope(), 1e-9);
        assertEquals(0, l.maxDiagonalChange(), 1e-12);
    }

    @Test
    void shiftingAllPositionsLeavesRopeLogitsUnchanged() {
        for (double k : new double[] {1, 7, 100, 12345}) {
            Rope.ShiftProof p = Rope.shiftProof(Rope.toyX(), Rope.toyPositions(), Rope.BOOK_BASE, k);
            assertTrue(p.maxAbsDifference() < 1e-9, "k=" + k + " diff " + p.maxAbsDifference());
            assertEquals(Rope.toyPositions()[2] + k, p.shifted().rotation().positions()[2]);
        }
    }

    @Test
    void exerciseReplacingReadsKeepsDiagonalAndChangesDistantPairs() {
        Rope.Logits l = Rope.logits(Rope.exerciseX(), Rope.toyPositions(), Rope.BOOK_BASE);
        // Without RoPE: q0·q2 = 1, q1·q2 = 0, q2·q2 = 2, all over √4 = 2
        assertEquals(0.5, l.plain()[0][2], 1e-15);
        assertEquals(0.0, l.plain()[1][2], 1e-15);
        assertEquals(1.0, l.plain()[2][2], 1e-15);
        assertEquals(0, l.maxDiagonalChange(), 1e-12);
        // With RoPE the (0, 2) pair differs by two positions: pair 0 turns by 2 rad, pair 1 by 0.02 rad.
        // q0 = [1,0,1,0], q2 = [1,−1,0,0]: q0ᵀ R(2) q2 on pair 0 only = cos 2 + sin 2
        assertEquals((Math.cos(2) + Math.sin(2)) / 2, l.withRope()[0][2], 1e-12);
    }

    @Test
    void badRopeInputIsRefusedWithAMessage() {
        assertThrows(LessonInputException.class, () -> Rope.logits(new double[][] {{1, 2, 3}}, new double[] {0}, 10000));
        assertThrows(LessonInputException.class, () -> Rope.logits(Rope.toyX(), new double[] {0, 1}, 10000));
        assertThrows(LessonInputException.class, () -> Rope.logits(Rope.toyX(), Rope.toyPositions(), 0.5));
    }

    @Test
    void scaleAndTemperatureSweepsMatchN1_17And18() {
        List<SoftmaxRegimes.Regime> s = SoftmaxRegimes.scaleSweep(SoftmaxRegimes.BASE_ROW, SoftmaxRegimes.NOTEBOOK_SCALES);
        double[][] p = {
            {0.4442139792, 0.3459541948, 0.2098318260},
            {0.5465493873, 0.3314989604, 0.1219516523},
            {0.7053845127, 0.2594964603, 0.0351190270},
            {0.8788782427, 0.1189432359, 0.0021785214}};
        double[] h = {1.0553113158, 0.9528075640, 0.7138657580, 0.3800665088};
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(p[i], s.get(i).probabilities(), 1e-9);
            assertEquals(h[i], s.get(i).entropy(), 1e-9);
        }
        List<SoftmaxRegimes.Regime> t =
                SoftmaxRegimes.temperatureSweep(SoftmaxRegimes.BASE_ROW, SoftmaxRegimes.NOTEBOOK_TEMPERATURES);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(s.get(i).probabilities(), t.get(i).probabilities(), 1e-15, "τ = 1/s");
            assertEquals(s.get(i).entropy(), t.get(i).entropy(), 1e-15);
        }
        assertThrows(LessonInputException.class, () -> SoftmaxRegimes.atTemperature(SoftmaxRegimes.BASE_ROW, 0));
    }

    @Test
    void softmaxStaysFiniteAtExtremeScales() {
        double[] p = Softmax.of(new double[] {1000, 999, -1000});
        assertEquals(1, p[0] + p[1] + p[2], 1e-12);
        assertEquals(0, Softmax.entropy(new double[] {1, 0, 0}), 1e-10);
    }

    @Test
    void stdTableWithTorchCpuGeneratorMatchesACpuRunOfN1_19() {
        List<LogitScale.StdRow> rows = LogitScale.stdTable(0);
        double[][] expected = {{3.388, 0.847}, {8.062, 1.008}, {17.636, 1.102}, {29.176, 0.912}};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i][0], rows.get(i).stdRaw(), 5e-4 + 1e-6, "dk=" + rows.get(i).dk());
            assertEquals(expected[i][1], rows.get(i).stdScaled(), 5e-4 + 1e-6);
        }
        // The portable fact: scaled ≈ 1 while raw grows like √dk
        for (var r : rows) assertEquals(1, r.stdScaled(), 0.2);
        assertTrue(rows.get(3).stdRaw() > 5 * rows.get(0).stdRaw());
    }
}
