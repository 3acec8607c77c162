package br.lncc.llm.lesson.ch08;

import br.lncc.llm.task.ProgressSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Cap. 8.2, DPO on a policy small enough to watch: a response is a sequence of words, and the
 * probability of word w at position t after prompt x is softmax(shared[t] + own[x][t])_w, so
 * log π(y|x) = Σ_t log π(y_t | x, t). The "shared" table is what lets a preference learned on
 * some prompts move the answers to others. The reference π_ref is a frozen copy of the start.
 *
 * <pre>
 *   r(x, y) = β·log(π(y|x) / π_ref(y|x))                       (implicit reward)
 *   L      = −log σ(r(x, y_chosen) − r(x, y_rejected))          (per pair)
 * </pre>
 *
 * The gradient on the logits is −β·σ(−margin)·[∇log π(chosen) − ∇log π(rejected)], with
 * ∇log softmax = e_w − π. Plain gradient descent, all pairs each step. There is no end token:
 * every response is scored over its own length only.
 */
public final class ToyDpo {
    private ToyDpo() {}

    public record Pair(String prompt, String chosen, String rejected) {
        public Pair {
            if (prompt == null || prompt.isBlank()) throw new br.lncc.llm.text.InvalidInputException("lesson.dpo.noPrompt");
            if (chosen == null || chosen.isBlank() || rejected == null || rejected.isBlank()) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.dpo.answers", prompt);
            }
            if (words(chosen).equals(words(rejected))) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.dpo.same", prompt);
            }
        }
    }

    public record Inputs(List<Pair> pairs, List<String> heldOutPrompts, double beta, double learningRate, int steps, long seed) {
        public Inputs {
            pairs = List.copyOf(pairs);
            heldOutPrompts = List.copyOf(heldOutPrompts);
            if (pairs.isEmpty()) throw new br.lncc.llm.text.InvalidInputException("lesson.dpo.empty");
            if (!(beta > 0) || !Double.isFinite(beta)) throw new br.lncc.llm.text.InvalidInputException("lesson.dpo.beta", String.valueOf(beta));
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new br.lncc.llm.text.InvalidInputException("train.run.lr", String.valueOf(learningRate));
            }
            if (steps < 1 || steps > 100_000) throw new br.lncc.llm.text.InvalidInputException("train.run.steps", steps);
        }

        /** Cap. 8.2.3's pattern: factual and short preferred over evasive or padded. */
        public static Inputs example() {
            return new Inputs(
                    List.of(
                            new Pair("O que é El Niño?", "aquecimento do Pacífico equatorial", "não sei dizer agora"),
                            new Pair("Quanto é 2 + 2?", "quatro", "talvez cinco ou três"),
                            new Pair("Resuma o parágrafo", "resumo curto e direto", "depende muito do contexto")),
                    List.of("O que causa a chuva?"),
                    0.1,
                    1.0,
                    150,
                    42);
        }
    }

    /** Mean over pairs, measured before each update. */
    public record Step(
            int step,
            double loss,
            double meanMargin,
            double accuracy,
            double chosenLogProb,
            double rejectedLogProb,
            double klToReference) {}

    public record PairOutcome(
            Pair pair,
            double refChosenLogProb,
            double refRejectedLogProb,
            double chosenLogProb,
            double rejectedLogProb,
            double chosenReward,
            double rejectedReward) {
        public double margin() {
            return chosenReward - rejectedReward;
        }
    }

    /**
     * @param heldOutKl KL(π‖π_ref) on each held-out prompt after training (moved only through the shared table)
     */
    public record Result(
            Inputs inputs, List<String> vocabulary, List<Step> steps, List<PairOutcome> outcomes, Map<String, Double> heldOutKl) {
        public Result {
            vocabulary = List.copyOf(vocabulary);
            steps = List.copyOf(steps);
            outcomes = List.copyOf(outcomes);
            heldOutKl = Map.copyOf(heldOutKl);
        }
    }

    public static Result run(Inputs in, ProgressSink progress) {
        var model = Model.start(in);
        var reference = model.copy();
        List<Step> steps = new ArrayList<>();
        int n = in.pairs().size();
        for (int t = 0; t <= in.steps(); t++) {
            if ((t & 15) == 0) {
                progress.checkCancelled();
                progress.update(t, in.steps(), "passo " + t);
            }
            double loss = 0, margin = 0, acc = 0, lc = 0, lr = 0;
            double[][] gShared = new double[model.length][model.vocab()];
            double[][][] gOwn = new double[model.prompts.size()][model.length][model.vocab()];
            for (Pair p : in.pairs()) {
                int x = model.promptIndex(p.prompt());
                int[] c = model.encode(p.chosen());
                int[] r = model.encode(p.rejected());
                double pc = model.logProb(x, c), pr = model.logProb(x, r);
                double m = in.beta() * ((pc - reference.logProb(x, c)) - (pr - reference.logProb(x, r)));
                loss += softplus(-m) / n;
                margin += m / n;
                acc += (m > 0 ? 1.0 : 0.0) / n;
                lc += pc / n;
                lr += pr / n;
                // dL/dm = −σ(−m); dm/dθ = β(∇log π(c) − ∇log π(r)).
                double coef = -sigmoid(-m) * in.beta() / n;
                model.accumulateLogProbGradient(x, c, coef, gShared, gOwn[x]);
                model.accumulateLogProbGradient(x, r, -coef, gShared, gOwn[x]);
            }
            double kl = 0;
            for (Pair p : in.pairs()) kl += model.kl(model.promptIndex(p.prompt()), reference) / n;
            steps.add(new Step(t, loss, margin, acc, lc, lr, kl));
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("a perda virou NaN/infinito no passo " + t + ": reduza a taxa de aprendizado");
            }
            if (t < in.steps()) model.descend(in.learningRate(), gShared, gOwn);
        }
        List<PairOutcome> outcomes = new ArrayList<>();
        for (Pair p : in.pairs()) {
            int x = model.promptIndex(p.prompt());
            int[] c = model.encode(p.chosen());
            int[] r = model.encode(p.rejected());
            double rc = reference.logProb(x, c), rr = reference.logProb(x, r);
            double pc = model.logProb(x, c), pr = model.logProb(x, r);
            outcomes.add(new PairOutcome(p, rc, rr, pc, pr, in.beta() * (pc - rc), in.beta() * (pr - rr)));
        }
        Map<String, Double> heldOut = new LinkedHashMap<>();
        for (String h : in.heldOutPrompts()) heldOut.put(h, model.kl(model.promptIndex(h), reference));
        progress.update(in.steps(), in.steps(), "pronto");
        return new Result(in, model.words, steps, outcomes, heldOut);
    }

    static List<String> words(String text) {
        return List.of(text.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+"));
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** log(1 + e^x) without overflow. */
    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    /** The toy policy's parameters: shared[t][w] + own[x][t][w]. */
    private static final class Model {
        final List<String> words;
        final List<String> prompts;
        final int length;
        final double[][] shared;
        final double[][][] own;

        Model(List<String> words, List<String> prompts, int length, double[][] shared, double[][][] own) {
            this.words = words;
            this.prompts = prompts;
            this.length = length;
            this.shared = shared;
            this.own = own;
        }

        static Model start(Inputs in) {
            List<String> words = new ArrayList<>();
            List<String> prompts = new ArrayList<>();
            int length = 1;
            for (Pair p : in.pairs()) {
                if (!prompts.contains(p.prompt())) prompts.add(p.prompt());
                for (String text : List.of(p.chosen(), p.rejected())) {
                    List<String> ws = words(text);
                    length = Math.max(length, ws.size());
                    for (String w : ws) if (!words.contains(w)) words.add(w);
                }
            }
            for (String h : in.heldOutPrompts()) if (!prompts.contains(h)) prompts.add(h);
            // A "pretrained" start: small random preferences, the same for every run with this seed.
            var rng = new SplittableRandom(in.seed());
            double[][] shared = new double[length][words.size()];
            double[][][] own = new double[prompts.size()][length][words.size()];
            for (double[] row : shared) for (int w = 0; w < row.length; w++) row[w] = 0.5 * rng.nextGaussian();
            for (double[][] table : own) for (double[] row : table) for (int w = 0; w < row.length; w++) row[w] = 0.5 * rng.nextGaussian();
            return new Model(words, prompts, length, shared, own);
        }

        Model copy() {
            double[][] s = new double[length][];
            for (int t = 0; t < length; t++) s[t] = shared[t].clone();
            double[][][] o = new double[own.length][length][];
            for (int x = 0; x < own.length; x++) for (int t = 0; t < length; t++) o[x][t] = own[x][t].clone();
            return new Model(words, prompts, length, s, o);
        }

        int vocab() {
            return words.size();
        }

        int promptIndex(String prompt) {
            return prompts.indexOf(prompt);
        }

        int[] encode(String text) {
            return words(text).stream().mapToInt(words::indexOf).toArray();
        }

        double[] distribution(int x, int t) {
            double[] z = new double[vocab()];
            for (int w = 0; w < z.length; w++) z[w] = shared[t][w] + own[x][t][w];
            return br.lncc.llm.model.Softmax.of(z);
        }

        double logProb(int x, int[] y) {
            double s = 0;
            for (int t = 0; t < y.length; t++) s += Math.log(distribution(x, t)[y[t]]);
            return s;
        }

        void accumulateLogProbGradient(int x, int[] y, double coef, double[][] gShared, double[][] gOwn) {
            for (int t = 0; t < y.length; t++) {
                double[] p = distribution(x, t);
                for (int w = 0; w < p.length; w++) {
                    double d = coef * ((w == y[t] ? 1 : 0) - p[w]);
                    gShared[t][w] += d;
                    gOwn[t][w] += d;
                }
            }
        }

        void descend(double lr, double[][] gShared, double[][][] gOwn) {
            for (int t = 0; t < length; t++) {
                for (int w = 0; w < vocab(); w++) {
                    shared[t][w] -= lr * gShared[t][w];
                    for (int x = 0; x < own.length; x++) own[x][t][w] -= lr * gOwn[x][t][w];
                }
            }
        }

        /** Σ_t KL(π(·|x,t) ‖ π_ref(·|x,t)) over all positions. */
        double kl(int x, Model ref) {
            double kl = 0;
            for (int t = 0; t < length; t++) {
                double[] p = distribution(x, t);
                double[] q = ref.distribution(x, t);
                for (int w = 0; w < p.length; w++) if (p[w] > 0) kl += p[w] * Math.log(p[w] / q[w]);
            }
            return kl;
        }
    }
}
