package br.lncc.llm.lesson.ch02;

import static br.lncc.llm.lesson.MatrixAssertions.assertMatrix;
import static org.junit.jupiter.api.Assertions.*;

import br.lncc.llm.lesson.Gelu;
import br.lncc.llm.lesson.Matrices;
import br.lncc.llm.lesson.ch03.NotebookN1Weights;
import br.lncc.llm.lesson.ch03.Rope;
import org.junit.jupiter.api.Test;

/** Cap. 2.9–2.10: the FFN on the notebook's seeded weights and LayerNorm by hand. */
class FeedForwardAndNormTest {

    @Test
    void geluAndLayerNormWorkedByHand() {
        assertEquals(0.8413447460685429, Gelu.apply(1), 1e-12);
        assertEquals(0, Gelu.apply(0), 0);
        LayerNormSteps ln = LayerNormSteps.compute(new double[][] {{1, 2, 3, 4}},
                new double[] {1, 2, 1, 1}, new double[] {0, 0, 0.5, 0}, 0);
        assertEquals(2.5, ln.mean()[0], 1e-15);
        assertEquals(1.25, ln.variance()[0], 1e-15);
        double s = Math.sqrt(1.25);
        assertArrayEquals(new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, ln.normalised()[0], 1e-12);
        assertArrayEquals(new double[] {-1.5 / s, -1.0 / s, 0.5 / s + 0.5, 1.5 / s}, ln.output()[0], 1e-12);
    }

    @Test
    void preAndPostNormDifferOnlyInPlacement() {
        var ffn = NotebookN1Weights.recordedRun().dense();
        double[] ones = {1, 1, 1, 1};
        NormPlacement p = NormPlacement.compute(Rope.toyX(), ffn, ones, new double[4], NormPlacement.BERT_EPS);
        // Post-norm output has mean 0 and variance 1 per token; pre-norm's residual stream does not
        for (double[] row : p.postNorm().output()) {
            double m = (row[0] + row[1] + row[2] + row[3]) / 4;
            assertEquals(0, m, 1e-9);
        }
        assertMatrix(Matrices.add(Rope.toyX(), ffn.apply(p.preNormInput().output())), p.preNormOutput(), 1e-12);
        var steps = ffn.steps(Rope.toyX());
        assertEquals(16, steps.expanded()[0].length);
        assertEquals(Gelu.apply(steps.expanded()[2][5]), steps.activated()[2][5], 1e-15);
    }
}
