package br.lncc.llm.lesson;

import static br.lncc.llm.lesson.MatrixAssertions.assertMatrix;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Values printed by torch 1.13 (CPU) with set_printoptions(precision=10). */
class TorchCpuRandomTest {

    @Test
    void randAndRandnAfterManualSeedZeroMatchTorch() {
        var r = new TorchCpuRandom(0);
        float[] u = r.uniform(3, 0, 1);
        assertArrayEquals(new float[] {0.4962565899f, 0.7682217956f, 0.0884774327f}, u, 1e-9f);
        float[] n = r.normal(20);
        float[] expected = {-0.4338788092f, 0.8487103581f, 0.6920091510f, -0.3160127699f, 1.8530061245f,
            0.4680964053f, -0.1577124447f, 1.4436601400f, 0.2660494149f, 0.1664553434f, 0.8743818402f,
            -0.1434738487f, -0.8436767459f, 0.9318265915f, 1.2590092421f, 2.0049805641f, 0.0537369028f,
            0.6180566549f, -0.4128022194f, -0.8410648108f};
        assertArrayEquals(expected, n, 2e-6f);
    }

    @Test
    void linearInitialisationMatchesNnLinear() {
        Linear l = new TorchCpuRandom(7).linear(3, 2);
        assertMatrix(new double[][] {{0.0403250754, -0.3477921188, 0.1838418245},
            {0.1811612844, -0.3085803688, -0.0865316316}}, l.weight(), 1e-9);
        assertArrayEquals(new double[] {-0.3382279277, 0.1498066485}, l.bias(), 1e-9);
    }
}
