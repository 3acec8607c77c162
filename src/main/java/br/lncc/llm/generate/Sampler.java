package br.lncc.llm.generate;

import br.lncc.llm.model.Softmax;
import java.util.Arrays;
import java.util.Random;

/**
 * Chooses the next token from one row of logits (Cap. 4.8–4.10): optional repetition penalty,
 * then greedy argmax or temperature → top-k → top-p → a seeded draw. All arithmetic in double,
 * softmax shifted by the maximum so any temperature (0.05 included) stays finite. Same seed,
 * same logits → same tokens.
 */
public final class Sampler {

    private final Strategy strategy;
    private final double repetitionPenalty;
    private final Random rng;

    /** @param repetitionPenalty 1 = off; above 1 makes already-seen tokens less likely (CTRL's rule) */
    public Sampler(Strategy strategy, double repetitionPenalty, long seed) {
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new br.lncc.llm.text.InvalidInputException("sampling.repetitionPenalty", String.valueOf(repetitionPenalty));
        }
        this.strategy = strategy;
        this.repetitionPenalty = repetitionPenalty;
        this.rng = new Random(seed);
    }

    public Strategy strategy() {
        return strategy;
    }

    /** The next token for these logits, given the ids seen so far (for the repetition penalty). */
    public int next(float[] logits, long[] seen) {
        return choose(logits, seen, 0, 0, Report.CHOICE).chosenId();
    }

    /**
     * Like {@link #next}, and describes the decision: the {@code topN} most probable tokens
     * before and after temperature and the kept set. {@code topN = 0} skips the description
     * (null result fields are not produced: use {@link #next}).
     */
    public StepDistribution describe(float[] logits, long[] seen, int step, int topN) {
        return choose(logits, seen, step, topN, Report.DISTRIBUTION);
    }

    /** What a step returns: only the chosen token (generation), or the distribution around it too (the charts). */
    private enum Report { CHOICE, DISTRIBUTION }

    private StepDistribution choose(float[] logits, long[] seen, int step, int topN, Report report) {
        int v = logits.length;
        double[] z = new double[v];
        for (int i = 0; i < v; i++) z[i] = logits[i];
        applyRepetitionPenalty(z, seen);

        if (strategy instanceof Strategy.Greedy) {
            int best = argmax(z);
            if (report == Report.CHOICE) return new StepDistribution(step, null, null, null, null, 1, 1, 0, 0, 0, best);
            double[] p = Softmax.of(z, 1);
            int[] order = topIndices(p, Math.min(topN, v));
            return describeStep(step, order, p, p, keepOnly(v, best), 1, p[best], 0, best);
        }
        Strategy.Sample s = (Strategy.Sample) strategy;
        double[] scaled = Softmax.of(z, s.temperature());
        boolean unrestricted = s.topK() == 0 && s.topP() == 1;
        // Without top-k/top-p every token stays: no need to sort the vocabulary to draw.
        int[] sorted = unrestricted && report == Report.CHOICE ? identity(v) : descendingOrder(scaled);
        int limit = s.topK() == 0 ? v : Math.min(s.topK(), v);
        // top-k first, then top-p on the renormalised top-k distribution (the order of HF's warpers).
        double topKMass = 0;
        for (int r = 0; r < limit; r++) topKMass += scaled[sorted[r]];
        double mass = 0;
        int size = 0;
        for (int r = 0; r < limit; r++) {
            size++;
            mass += scaled[sorted[r]];
            // Cap. 4.10: the smallest set of most probable tokens whose mass reaches p.
            if (mass / topKMass >= s.topP()) break;
        }
        double u = rng.nextDouble() * mass;
        int chosen = sorted[size - 1];
        double acc = 0;
        for (int r = 0; r < size; r++) {
            acc += scaled[sorted[r]];
            if (u < acc) {
                chosen = sorted[r];
                break;
            }
        }
        if (report == Report.CHOICE) return new StepDistribution(step, null, null, null, null, size, mass, 0, 0, s.temperature(), chosen);
        boolean[] kept = new boolean[v];
        for (int r = 0; r < size; r++) kept[sorted[r]] = true;
        double[] before = Softmax.of(z, 1);
        int[] order = Arrays.copyOf(sorted, Math.min(topN, v));
        return describeStep(step, order, before, scaled, kept, size, mass, s.temperature(), chosen);
    }

    private StepDistribution describeStep(
            int step, int[] order, double[] before, double[] after, boolean[] kept, int size, double mass,
            double temperature, int chosen) {
        int n = order.length;
        float[] pb = new float[n], pa = new float[n], pk = new float[n];
        for (int r = 0; r < n; r++) {
            int id = order[r];
            pb[r] = (float) before[id];
            pa[r] = (float) after[id];
            pk[r] = kept[id] ? (float) (after[id] / mass) : 0f;
        }
        return new StepDistribution(step, order, pb, pa, pk, size, mass, entropy(before), entropy(after), temperature,
                chosen);
    }

    private void applyRepetitionPenalty(double[] z, long[] seen) {
        if (repetitionPenalty == 1 || seen == null) return;
        boolean[] done = new boolean[z.length];
        for (long id : seen) {
            int i = (int) id;
            if (i < 0 || i >= z.length || done[i]) continue;
            done[i] = true;
            // Dividing a positive logit and multiplying a negative one both push it down.
            z[i] = z[i] > 0 ? z[i] / repetitionPenalty : z[i] * repetitionPenalty;
        }
    }

    static int argmax(double[] z) {
        int best = 0;
        for (int i = 1; i < z.length; i++) if (z[i] > z[best]) best = i;
        return best;
    }

    /**
     * Token ids, most probable first; equal probabilities keep id order so draws are
     * reproducible. Sorting packed primitives (probability as float bits, then id) is several
     * times faster than boxing 50,257 Integers each step.
     */
    public static int[] descendingOrder(double[] p) {
        long[] keys = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            long bits = Float.floatToIntBits((float) p[i]) & 0xFFFFFFFFL; // monotone for p ≥ 0
            keys[i] = (bits << 32) | (0xFFFFFFFFL - i);
        }
        Arrays.sort(keys);
        int[] out = new int[p.length];
        for (int r = 0; r < out.length; r++) out[r] = (int) (0xFFFFFFFFL - (keys[keys.length - 1 - r] & 0xFFFFFFFFL));
        return out;
    }

    private static int[] topIndices(double[] p, int n) {
        return Arrays.copyOf(descendingOrder(p), n);
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }

    private static boolean[] keepOnly(int v, int id) {
        boolean[] k = new boolean[v];
        k[id] = true;
        return k;
    }

    static double entropy(double[] p) {
        double h = 0;
        for (double x : p) if (x > 0) h -= x * Math.log(x);
        return h;
    }
}
