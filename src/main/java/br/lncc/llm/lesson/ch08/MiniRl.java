package br.lncc.llm.lesson.ch08;

import br.lncc.llm.model.Softmax;
import br.lncc.llm.task.ProgressSink;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cap. 8.3.4 / 8.5.3, the "mini-experimento mental" made runnable: a policy π = softmax(θ) over a
 * few actions, each with a noisy reward; every step samples a group of G actions and moves θ
 * along a policy-gradient estimate
 *
 * <pre>
 *   ĝ = (1/G) Σ_i A_i ∇_θ log π(a_i),   ∇_θ log π(a) = e_a − π
 * </pre>
 *
 * with the advantage A_i chosen by the method: the raw reward (REINFORCE), the reward minus a
 * running-mean baseline, or the group-relative advantage (r_i − mean)/std of GRPO (without its
 * clipping and KL term, which this toy leaves out). The baseline does not change E[ĝ] (because
 * E[∇ log π] = 0) but it removes the part of the noise that comes from all rewards being positive.
 */
public final class MiniRl {
    private MiniRl() {}

    public enum Method {
        REINFORCE,
        REINFORCE_BASELINE,
        GROUP_RELATIVE
    }

    /**
     * @param meanRewards expected reward of each action (the best one is what the policy should find)
     * @param rewardNoise standard deviation of the Gaussian noise added to each sampled reward
     * @param groupSize actions sampled per step (the GRPO group; the batch for REINFORCE)
     */
    public record Inputs(
            List<String> actions,
            double[] meanRewards,
            double rewardNoise,
            Method method,
            int groupSize,
            double learningRate,
            int steps,
            long seed) {

        public Inputs {
            actions = List.copyOf(actions);
            meanRewards = meanRewards.clone();
            if (actions.size() < 2) throw new br.lncc.llm.text.InvalidInputException("lesson.rl.actions");
            if (meanRewards.length != actions.size()) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.rl.rewards", actions.size(), meanRewards.length);
            }
            for (double r : meanRewards) {
                if (!Double.isFinite(r)) throw new br.lncc.llm.text.InvalidInputException("lesson.rl.notFinite", String.valueOf(r));
            }
            if (!(rewardNoise >= 0) || !Double.isFinite(rewardNoise)) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.rl.noise", String.valueOf(rewardNoise));
            }
            if (groupSize < 1) throw new br.lncc.llm.text.InvalidInputException("lesson.rl.group", groupSize);
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new br.lncc.llm.text.InvalidInputException("train.run.lr", String.valueOf(learningRate));
            }
            if (steps < 1 || steps > 100_000) throw new br.lncc.llm.text.InvalidInputException("train.run.steps", steps);
        }

        @Override
        public double[] meanRewards() {
            return meanRewards.clone();
        }

        /** Four answers to one prompt, all rewards positive (where REINFORCE without a baseline suffers). */
        public static Inputs example(Method method) {
            return new Inputs(
                    List.of("resposta A", "resposta B", "resposta C", "resposta D"),
                    new double[] {1.0, 2.0, 3.0, 2.5},
                    0.5,
                    method,
                    8,
                    0.1,
                    200,
                    7);
        }

        public int bestAction() {
            int best = 0;
            for (int i = 1; i < meanRewards.length; i++) if (meanRewards[i] > meanRewards[best]) best = i;
            return best;
        }
    }

    /**
     * One step, measured before the update.
     *
     * @param gradientVariance trace of the sample covariance of the G per-sample gradients A_i(e_{a_i} − π):
     *     how noisy this step's direction is
     */
    public record Step(
            int step,
            double[] probabilities,
            double expectedReward,
            double entropy,
            double meanSampledReward,
            double gradientVariance,
            double gradientNorm) {

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }
    }

    public record Result(Inputs inputs, List<Step> steps, double[] finalProbabilities) {
        public Result {
            steps = List.copyOf(steps);
            finalProbabilities = finalProbabilities.clone();
        }

        @Override
        public double[] finalProbabilities() {
            return finalProbabilities.clone();
        }

        /** First step at which one action holds at least {@code mass} of the policy, or −1. */
        public int collapseStep(double mass) {
            for (Step s : steps) {
                for (double p : s.probabilities) if (p >= mass) return s.step();
            }
            return -1;
        }

        public double meanGradientVariance() {
            return steps.stream().mapToDouble(Step::gradientVariance).average().orElse(0);
        }
    }

    public static Result run(Inputs in, ProgressSink progress) {
        int k = in.actions().size();
        double[] mean = in.meanRewards();
        double[] theta = new double[k];
        var rng = new SplittableRandom(in.seed());
        List<Step> steps = new ArrayList<>(in.steps());
        double baseline = Double.NaN;
        int[] actions = new int[in.groupSize()];
        double[] rewards = new double[in.groupSize()];
        double[] advantages = new double[in.groupSize()];
        for (int t = 0; t < in.steps(); t++) {
            if ((t & 31) == 0) {
                progress.checkCancelled();
                progress.update(t, in.steps(), "passo " + t);
            }
            double[] pi = Softmax.of(theta);
            double sampledMean = 0;
            for (int i = 0; i < actions.length; i++) {
                actions[i] = sample(pi, rng);
                rewards[i] = mean[actions[i]] + in.rewardNoise() * rng.nextGaussian();
                sampledMean += rewards[i] / actions.length;
            }
            if (Double.isNaN(baseline)) baseline = sampledMean;
            advantages(in.method(), rewards, sampledMean, baseline, advantages);
            double[][] perSample = perSampleGradients(pi, actions, advantages);
            double[] g = average(perSample);
            steps.add(new Step(t, pi, dot(pi, mean), entropy(pi), sampledMean, traceCovariance(perSample, g), norm(g)));
            for (int j = 0; j < k; j++) theta[j] += in.learningRate() * g[j];
            // The running baseline learns after use, so it never contains the reward it centers.
            baseline = 0.9 * baseline + 0.1 * sampledMean;
        }
        progress.update(in.steps(), in.steps(), "pronto");
        return new Result(in, steps, Softmax.of(theta));
    }

    /**
     * Variance (trace of the covariance) of a one-group gradient estimate at fixed logits θ,
     * estimated from {@code repeats} independent groups. REINFORCE_BASELINE uses the exact
     * expected reward under π as its baseline here — the value the running mean tracks.
     */
    public static double estimatorVariance(
            double[] theta, double[] meanRewards, double rewardNoise, Method method, int groupSize, int repeats, long seed) {
        var rng = new SplittableRandom(seed);
        double[] pi = Softmax.of(theta);
        double expected = dot(pi, meanRewards);
        int[] actions = new int[groupSize];
        double[] rewards = new double[groupSize];
        double[] adv = new double[groupSize];
        double[][] estimates = new double[repeats][];
        for (int r = 0; r < repeats; r++) {
            double m = 0;
            for (int i = 0; i < groupSize; i++) {
                actions[i] = sample(pi, rng);
                rewards[i] = meanRewards[actions[i]] + rewardNoise * rng.nextGaussian();
                m += rewards[i] / groupSize;
            }
            advantages(method, rewards, m, expected, adv);
            estimates[r] = average(perSampleGradients(pi, actions, adv));
        }
        return traceCovariance(estimates, average(estimates));
    }

    private static void advantages(Method m, double[] rewards, double groupMean, double baseline, double[] out) {
        switch (m) {
            case REINFORCE -> System.arraycopy(rewards, 0, out, 0, rewards.length);
            case REINFORCE_BASELINE -> {
                for (int i = 0; i < rewards.length; i++) out[i] = rewards[i] - baseline;
            }
            case GROUP_RELATIVE -> {
                double var = 0;
                for (double r : rewards) var += (r - groupMean) * (r - groupMean);
                double std = rewards.length > 1 ? Math.sqrt(var / (rewards.length - 1)) : 0;
                // A group whose rewards are all equal carries no relative signal: advantage 0.
                for (int i = 0; i < rewards.length; i++) out[i] = std < 1e-12 ? 0 : (rewards[i] - groupMean) / std;
            }
        }
    }

    private static double[][] perSampleGradients(double[] pi, int[] actions, double[] adv) {
        double[][] out = new double[actions.length][pi.length];
        for (int i = 0; i < actions.length; i++) {
            for (int j = 0; j < pi.length; j++) out[i][j] = adv[i] * ((j == actions[i] ? 1 : 0) - pi[j]);
        }
        return out;
    }

    private static int sample(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i];
            if (u < c) return i;
        }
        return p.length - 1;
    }

    static double entropy(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return h;
    }

    private static double[] average(double[][] rows) {
        double[] m = new double[rows[0].length];
        for (double[] r : rows) for (int j = 0; j < m.length; j++) m[j] += r[j] / rows.length;
        return m;
    }

    private static double traceCovariance(double[][] rows, double[] mean) {
        if (rows.length < 2) return 0;
        double s = 0;
        for (double[] r : rows) for (int j = 0; j < mean.length; j++) s += (r[j] - mean[j]) * (r[j] - mean[j]);
        return s / (rows.length - 1);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
