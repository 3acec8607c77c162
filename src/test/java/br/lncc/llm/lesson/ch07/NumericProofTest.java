package br.lncc.llm.lesson.ch07;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every number printed in Cap. 7.4. Tolerances follow the book's printed precision: a value
 * printed with n decimals is checked to ±0.5·10⁻ⁿ, except where the book's last digit is off
 * (noted at the assertion) — there we assert the exact value and how far the book is from it.
 */
class NumericProofTest {

    private final NumericProof.Result r = NumericProof.compute(NumericProof.Inputs.book());

    @Test
    void forwardMatchesSections742To744() {
        assertArrayEquals(new double[] {0.10, 0.00, -0.10}, r.before().logits().values(), 1e-15);
        // 7.4.3: e^{0.10} ≈ 1.105170, e^0 = 1, e^{-0.10} ≈ 0.904837, S ≈ 3.010007
        // e^{0.1} = 1.1051709: the book truncates to 6 decimals, so ±1e-6.
        assertArrayEquals(new double[] {1.105170, 1, 0.904837}, r.before().exponentials().values(), 1e-6);
        // The book adds the rounded terms (3.010007); the exact sum is 3.0100083.
        assertEquals(3.010007, r.before().expSum(), 2e-6);
        assertArrayEquals(new double[] {0.3672, 0.3322, 0.3006}, r.before().probabilities().values(), 5e-5);
    }

    @Test
    void lossIsTheBooks1001WithinItsRounding() {
        // Exact −log p₁ = 1.001943; the book prints 1.001 (−log 0.3672 = 1.00185, truncated).
        assertEquals(1.0019428, r.before().loss(), 1e-6);
        assertEquals(1.001, r.before().loss(), 1e-3);
    }

    @Test
    void gradientHasOnlyAFirstColumn() {
        assertArrayEquals(new double[] {-0.6328, 0.3322, 0.3006}, r.gradient().logitGradient().values(), 5e-5);
        assertArrayEquals(new double[] {-0.6328, 0.3322, 0.3006}, r.gradient().weightGradient().columnValues(0), 5e-5);
        assertArrayEquals(new double[] {0, 0, 0}, r.gradient().weightGradient().columnValues(1), 0);
    }

    @Test
    void oneSftStepGivesTheBooksNewWeightsAndLowerLoss() {
        assertArrayEquals(new double[] {0.16328, -0.03322, -0.13006}, r.sft().newWeights().columnValues(0), 5e-6);
        assertArrayEquals(new double[] {0.20, -0.10, 0.10}, r.sft().newWeights().columnValues(1), 0);
        assertArrayEquals(new double[] {0.06328, -0.03322, -0.03006}, r.sft().deltaW().columnValues(0), 5e-6);
        // 7.4.7: e^{0.16328} ≈ 1.1774, e^{-0.03322} ≈ 0.9673, e^{-0.13006} ≈ 0.8780, S ≈ 3.0227
        assertArrayEquals(new double[] {1.1774, 0.9673, 0.8780}, r.sft().after().exponentials().values(), 5e-5);
        assertEquals(3.0227, r.sft().after().expSum(), 5e-5);
        // p₁ = 0.389505; the book prints 0.3894.
        assertEquals(0.3894, r.sft().after().probabilities().get(0, 0), 1.1e-4);
        // Exact new loss 0.942879; the book prints 0.944 (its −log 0.3894 = 0.9431 is also 0.943).
        assertEquals(0.9428788, r.sft().after().loss(), 1e-6);
        assertEquals(0.944, r.sft().after().loss(), 1.2e-3);
        assertTrue(r.lossDecreased());
    }

    @Test
    void rankOneLoraReproducesTheSftDeltaExactly() {
        assertArrayEquals(new double[] {0.06328, -0.03322, -0.03006}, r.lora().b().values(), 5e-6);
        assertArrayEquals(new double[] {1, 0}, r.lora().a().values(), 0);
        assertEquals(0, r.lora().maxDifferenceFromSft(), 1e-17);
    }

    @Test
    void rankOneIsExactForAnyInputBecauseTheGradientIsAnOuterProduct() {
        var in = new NumericProof.Inputs(
                NumericProof.Inputs.book().weights(), Matrix.column(0.3, -2.0), 3, 0.5, 0.2, 7);
        var other = NumericProof.compute(in);
        assertEquals(0, other.lora().maxDifferenceFromSft(), 1e-15);
        assertTrue(other.lossDecreased());
    }

    @Test
    void int4RoundingMatchesSection749() {
        var q = r.quant();
        // Δ = α/7 = 0.0285714; the book prints 0.028571.
        assertEquals(0.028571, q.step(), 5e-7);
        assertEquals(5.7148, q.scaled().get(0, 0), 5e-4); // exact 5.71492
        assertEquals(6, q.codes().get(0, 0));
        // The book multiplies the rounded Δ: 6 × 0.028571 = 0.171426; exactly 6α/7 = 0.1714286.
        assertEquals(0.1714286, q.quantized().get(0, 0), 1e-7);
        assertEquals(0.171426, q.quantized().get(0, 0), 3e-6);
        // ε exact 0.0081451 (book 0.008146), and the adapter's δ = −ε restores w exactly.
        assertEquals(0.008146, q.error().get(0, 0), 1e-6);
        assertEquals(-0.008146, q.correction().get(0, 0), 1e-6);
        assertEquals(0, q.effective().maxAbsDifference(r.sft().newWeights()), 1e-16);
        assertEquals(r.sft().after().loss(), q.correctedForward().loss(), 1e-15);
    }

    @Test
    void codesSaturateOutsideTheRange() {
        var in = new NumericProof.Inputs(
                Matrix.of(new double[][] {{1.0, 0}, {0, 0}, {0, 0}}), Matrix.column(1, 0), 1, 0.1, 0.2, 7);
        var q = NumericProof.compute(in).quant();
        assertEquals(7, q.codes().get(0, 0));
        assertEquals(0.2, q.quantized().get(0, 0), 1e-15);
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        var w = NumericProof.Inputs.book().weights();
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NumericProof.Inputs(w, Matrix.column(1, 0), 0, 0.1, 0.2, 7));
        assertTrue(e.getMessage().contains("a partir de 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new NumericProof.Inputs(w, Matrix.column(1, 0, 0), 1, 0.1, 0.2, 7));
        assertThrows(IllegalArgumentException.class,
                () -> new NumericProof.Inputs(w, Matrix.column(1, 0), 1, Double.NaN, 0.2, 7));
        assertThrows(IllegalArgumentException.class,
                () -> new NumericProof.Inputs(w, Matrix.column(1, 0), 1, 0.1, 0, 7));
    }

    @Test
    void hugeLogitsStayFinite() {
        var in = new NumericProof.Inputs(
                Matrix.of(new double[][] {{800, 0}, {0, 0}, {-800, 0}}), Matrix.column(1, 0), 3, 0.1, 0.2, 7);
        var res = NumericProof.compute(in);
        assertEquals(1600, res.before().loss(), 1e-9);
    }
}
