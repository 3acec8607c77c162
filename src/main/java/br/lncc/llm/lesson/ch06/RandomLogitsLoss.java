package br.lncc.llm.lesson.ch06;

import br.lncc.llm.task.ProgressSink;
import java.util.SplittableRandom;

/**
 * Cap. 6.3: cross-entropy of random logits against random targets, the book's "Loss simulada
 * (pré-treinamento)". With logits z ~ N(0, σ²) drawn independently of the target y,
 *
 * <pre>
 *   E[loss] = E[logsumexp(z)] − E[z_y] = E[logsumexp(z)] ≈ ln V + σ²/2     (large V)
 * </pre>
 *
 * because Σ e^{z_i} ≈ V·E[e^z] = V·e^{σ²/2}. Each token's loss spreads around that with
 * standard deviation ≈ σ (it is −z_y plus an almost constant logsumexp), so a mean over N tokens
 * spreads by ≈ σ/√N. By Jensen, E[loss] ≥ ln V: a random model can never beat the uniform guess
 * on average.
 *
 * <p>For GPT-2's V = 50,257 that expectation is ln V + 0.5 = 11.325. The book printed 10.09 without
 * showing batch_size, seq_len or a seed; 10.09 lies below ln V = 10.825, so it is reachable only
 * as a fluctuation of a mean over very few tokens (or with a smaller vocabulary: ln V + 0.5 = 10.09
 * at V ≈ 14,618). This class draws the logits itself (seeded, on the CPU) and reports where the
 * book's number sits in that distribution.
 */
public final class RandomLogitsLoss {
    private RandomLogitsLoss() {}

    /** The loss the book printed in 6.3. */
    public static final double BOOK_LOSS = 10.09;
    /** GPT-2's vocabulary. */
    public static final int GPT2_VOCAB = 50_257;

    public record Inputs(int batchSize, int seqLen, int vocabSize, double logitStd, long seed) {
        public Inputs {
            if (batchSize < 1 || seqLen < 1) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.randomLoss.shape", batchSize, seqLen);
            }
            if (vocabSize < 2) throw new br.lncc.llm.text.InvalidInputException("lesson.randomLoss.vocab", vocabSize);
            if (!(logitStd >= 0) || !Double.isFinite(logitStd)) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.randomLoss.std", String.valueOf(logitStd));
            }
            if ((long) batchSize * seqLen > 1_000_000) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.randomLoss.tooMany", (long) batchSize * seqLen);
            }
        }

        /** GPT-2's vocabulary with torch.randn-like logits; batch and sequence are ours (the book omits them). */
        public static Inputs gpt2Default() {
            return new Inputs(4, 64, GPT2_VOCAB, 1.0, 42);
        }

        public int tokens() {
            return batchSize * seqLen;
        }
    }

    /**
     * @param tokenLosses the loss of every (batch, position), row-major
     * @param meanLoss what CrossEntropyLoss (reduction "mean") prints
     * @param uniformLoss ln V, the loss of the uniform prediction
     * @param expectedLoss ln V + σ²/2, the large-V expectation
     * @param tokenStd standard deviation of the per-token losses
     * @param standardError tokenStd/√N, the spread of meanLoss between seeds
     */
    public record Result(
            Inputs inputs,
            double[] tokenLosses,
            double meanLoss,
            double uniformLoss,
            double expectedLoss,
            double tokenStd,
            double standardError) {

        @Override
        public double[] tokenLosses() {
            return tokenLosses.clone();
        }

        /** How many standard errors the book's 10.09 lies from this setup's expectation. */
        public double bookZScore() {
            return (BOOK_LOSS - expectedLoss) / (inputs.logitStd() / Math.sqrt(inputs.tokens()));
        }

        /** The vocabulary for which 10.09 would be the expected loss with these logits. */
        public double vocabExpectingBookLoss() {
            return Math.exp(BOOK_LOSS - inputs.logitStd() * inputs.logitStd() / 2);
        }
    }

    /** ln V + σ²/2 − (e^{σ²} − 1)/(2V): second-order (delta-method) expectation of logsumexp. */
    public static double expectedLoss(int vocabSize, double logitStd) {
        double s2 = logitStd * logitStd;
        return Math.log(vocabSize) + s2 / 2 - Math.expm1(s2) / (2.0 * vocabSize);
    }

    public static Result compute(Inputs in, ProgressSink progress) {
        var rng = new SplittableRandom(in.seed());
        int n = in.tokens();
        int v = in.vocabSize();
        double[] z = new double[v];
        double[] losses = new double[n];
        double sum = 0;
        for (int t = 0; t < n; t++) {
            if ((t & 15) == 0) {
                progress.checkCancelled();
                progress.update(t, n, "token " + t + "/" + n);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < v; i++) {
                z[i] = in.logitStd() * rng.nextGaussian();
                if (z[i] > max) max = z[i];
            }
            int target = rng.nextInt(v);
            double s = 0;
            for (int i = 0; i < v; i++) s += Math.exp(z[i] - max);
            losses[t] = max + Math.log(s) - z[target];
            sum += losses[t];
        }
        progress.update(n, n, "pronto");
        double mean = sum / n;
        double var = 0;
        for (double l : losses) var += (l - mean) * (l - mean);
        double std = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        return new Result(
                in, losses, mean, Math.log(v), expectedLoss(v, in.logitStd()), std, std / Math.sqrt(n));
    }
}
