package br.lncc.llm.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplerTest {

    /** Logits whose softmax is exactly these probabilities (log p). */
    static float[] logitsOf(double... probs) {
        float[] z = new float[probs.length];
        for (int i = 0; i < z.length; i++) z[i] = (float) Math.log(probs[i]);
        return z;
    }

    static final float[] FIVE = logitsOf(0.5, 0.2, 0.15, 0.1, 0.05);

    static int[] histogram(Sampler s, float[] logits, int draws) {
        int[] h = new int[logits.length];
        for (int i = 0; i < draws; i++) h[s.next(logits, null)]++;
        return h;
    }

    /** |observed − expected| within 4 binomial standard deviations. */
    static void assertFrequency(double p, int count, int draws) {
        double sd = Math.sqrt(draws * p * (1 - p));
        assertTrue(Math.abs(count - draws * p) <= 4 * sd + 1e-9,
                "count " + count + " vs expected " + draws * p + " (sd " + sd + ")");
    }

    @Test
    void topPKeepsSmallestSetReachingMass() {
        double[][] cases = {{0.5, 1}, {0.51, 2}, {0.69, 2}, {0.75, 3}, {0.84, 3}, {0.86, 4}, {0.96, 5}, {1.0, 5}};
        for (double[] c : cases) {
            Sampler s = new Sampler(new Strategy.Sample(1, 0, c[0]), 1, 7);
            StepDistribution d = s.describe(FIVE, null, 0, 5);
            assertEquals((int) c[1], d.nucleusSize(), "top-p " + c[0]);
            assertTrue(d.keptMass() >= c[0] - 1e-12);
            double kept = 0;
            for (float p : d.probsKept()) kept += p;
            assertEquals(1.0, kept, 1e-6, "kept set renormalised");
        }
        StepDistribution d = new Sampler(new Strategy.Sample(1, 0, 0.75), 1, 7).describe(FIVE, null, 0, 5);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, d.ids());
        assertArrayEquals(new float[] {0.5f / 0.85f, 0.2f / 0.85f, 0.15f / 0.85f, 0, 0}, d.probsKept(), 1e-6f);
    }

    @Test
    void drawsFollowTheRenormalisedNucleusOverManyDraws() {
        int draws = 20_000;
        int[] h = histogram(new Sampler(new Strategy.Sample(1, 0, 0.75), 1, 1234), FIVE, draws);
        assertEquals(0, h[3] + h[4], "never outside the nucleus");
        assertFrequency(0.5 / 0.85, h[0], draws);
        assertFrequency(0.2 / 0.85, h[1], draws);
        assertFrequency(0.15 / 0.85, h[2], draws);
    }

    @Test
    void fullDistributionIsSampledInProportion() {
        int draws = 20_000;
        int[] h = histogram(new Sampler(new Strategy.Sample(1, 0, 1), 1, 99), FIVE, draws);
        double[] p = {0.5, 0.2, 0.15, 0.1, 0.05};
        for (int i = 0; i < p.length; i++) assertFrequency(p[i], h[i], draws);
    }

    @Test
    void topKKeepsTheKMostProbable() {
        int draws = 10_000;
        int[] h = histogram(new Sampler(new Strategy.Sample(1, 2, 1), 1, 5), FIVE, draws);
        assertEquals(0, h[2] + h[3] + h[4]);
        assertFrequency(0.5 / 0.7, h[0], draws);
    }

    @Test
    void temperatureDividesLogitsBeforeSoftmax() {
        StepDistribution d = new Sampler(new Strategy.Sample(2, 0, 1), 1, 1).describe(FIVE, null, 0, 5);
        double norm = 0;
        for (double p : new double[] {0.5, 0.2, 0.15, 0.1, 0.05}) norm += Math.sqrt(p);
        assertEquals(Math.sqrt(0.5) / norm, d.probsAfterTemperature()[0], 1e-6);
        assertEquals(0.5, d.probsBefore()[0], 1e-6);
        assertTrue(d.entropyAfter() > d.entropyBefore(), "higher temperature flattens");
    }

    @Test
    void temperatureTowardsZeroEqualsGreedyAndStaysFinite() {
        Random r = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            float[] z = new float[1000];
            for (int i = 0; i < z.length; i++) z[i] = (float) (r.nextGaussian() * 300); // huge logits
            int greedy = new Sampler(Strategy.GREEDY, 1, 0).next(z, null);
            for (double t : new double[] {0.05, 1e-3}) {
                Sampler s = new Sampler(new Strategy.Sample(t, 0, 0.9), 1, trial);
                StepDistribution d = s.describe(z, null, 0, 3);
                assertEquals(greedy, d.chosenId());
                assertTrue(Double.isFinite(d.entropyAfter()) && Double.isFinite(d.keptMass()));
            }
        }
        assertInstanceOf(Strategy.Greedy.class, Strategy.of(0, 0, 0.9));
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        float[] flat = new float[50];
        int[] a = histogramSequence(42, flat), b = histogramSequence(42, flat), c = histogramSequence(43, flat);
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }

    private static int[] histogramSequence(long seed, float[] logits) {
        Sampler s = new Sampler(new Strategy.Sample(0.7, 0, 0.9), 1, seed);
        int[] out = new int[30];
        for (int i = 0; i < out.length; i++) out[i] = s.next(logits, null);
        return out;
    }

    @Test
    void repetitionPenaltyPushesSeenTokensDown() {
        float[] z = {2f, 1.9f, -1f, -1.05f};
        assertEquals(0, new Sampler(Strategy.GREEDY, 1, 0).next(z, new long[] {0}));
        assertEquals(1, new Sampler(Strategy.GREEDY, 1.2, 0).next(z, new long[] {0}));
        // negative logits are multiplied: -1 * 1.2 = -1.2 < -1.05
        float[] neg = {-1f, -1.05f};
        assertEquals(1, new Sampler(Strategy.GREEDY, 1.2, 0).next(neg, new long[] {0, 0}));
    }

    @Test
    void invalidSettingsAreExplained() {
        assertThrows(IllegalArgumentException.class, () -> new Strategy.Sample(0.7, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Strategy.Sample(0.7, 0, 1.5));
        var e = assertThrows(IllegalArgumentException.class, () -> new Strategy.Sample(-1, 0, 0.9));
        assertTrue(e.getMessage().contains("temperatura"));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(Strategy.GREEDY, 0, 1));
    }

    @Test
    void descendingOrderBreaksTiesByLowerId() {
        assertArrayEquals(new int[] {1, 3, 0, 2}, Sampler.descendingOrder(new double[] {0.1, 0.4, 0.1, 0.4}));
    }
}
