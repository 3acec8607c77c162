package br.lncc.llm.lesson.ch07;

/**
 * Cap. 7.4, "treinar é escolher espaço, direção e precisão": a linear head z = Wx over a
 * three-token vocabulary, one supervised example, and every number of the book's hand
 * computation — forward, softmax, cross-entropy, gradient, one SFT step, the rank-1 LoRA that
 * reproduces it, and the INT4 rounding error a QLoRA adapter would have to absorb.
 *
 * <p>All inputs are editable; {@link Inputs#book()} is the book's case. The class index y is
 * one-based as in the book (𝒱 = {1, 2, 3}, y = 1 is the first row of W).
 */
public final class NumericProof {
    private NumericProof() {}

    /** What the student may edit. {@code targetClass} is one-based, as the book writes y. */
    public record Inputs(
            Matrix weights, Matrix input, int targetClass, double learningRate, double quantRange, int quantLevels) {

        public Inputs {
            if (input.cols() != 1) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.proof.column", input.shape());
            }
            if (weights.cols() != input.rows()) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.proof.product", weights.cols(), input.rows(), weights.shape(), input.shape());
            }
            if (targetClass < 1 || targetClass > weights.rows()) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.proof.target", targetClass, weights.rows());
            }
            requireFinite("η", learningRate);
            if (!(quantRange > 0) || !Double.isFinite(quantRange)) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.proof.alpha", String.valueOf(quantRange));
            }
            if (quantLevels < 1) {
                throw new br.lncc.llm.text.InvalidInputException("lesson.proof.levels", quantLevels);
            }
            for (double v : weights.values()) requireFinite("W", v);
            for (double v : input.values()) requireFinite("x", v);
        }

        /** The book's numbers (7.4.1, 7.4.6, 7.4.9): INT4 symmetric levels {−7, …, +7} on [−0.2, 0.2]. */
        public static Inputs book() {
            return new Inputs(
                    Matrix.of(new double[][] {{0.10, 0.20}, {0.00, -0.10}, {-0.10, 0.10}}),
                    Matrix.column(1, 0),
                    1,
                    0.10,
                    0.20,
                    7);
        }

        private static void requireFinite(String what, double v) {
            if (!Double.isFinite(v)) throw new br.lncc.llm.text.InvalidInputException("lesson.proof.finite", what, String.valueOf(v));
        }
    }

    /** 7.4.2–7.4.4: logits, the exponentials and their sum S, softmax, and −log p_y. */
    public record Forward(Matrix logits, Matrix exponentials, double expSum, Matrix probabilities, double loss) {}

    /** 7.4.5: ∂L/∂z = p − e_y, and ∂L/∂W = (∂L/∂z) xᵀ (always rank 1 for one example). */
    public record Gradient(Matrix logitGradient, Matrix weightGradient) {}

    /** 7.4.6–7.4.7: W ← W − η∇L, and the loss recomputed with the new weights. */
    public record SftStep(Matrix deltaW, Matrix newWeights, Forward after) {}

    /**
     * 7.4.8: ΔW = BA with B ∈ ℝ^{d×1}, A ∈ ℝ^{1×k}. A = xᵀ/‖x‖ and B = −η(∂L/∂z)‖x‖ give exactly
     * the SFT update; for x = [1, 0] this is the book's A = [1 0], b = ΔW's first column.
     */
    public record LoraStep(Matrix b, Matrix a, Matrix deltaW, double maxDifferenceFromSft) {}

    /**
     * 7.4.9: uniform symmetric quantization of the updated weights, Q(w) = Δ·round(w/Δ) with
     * Δ = α/levels and codes clamped to ±levels; ε = Q(w) − w and the adapter correction δ = −ε.
     */
    public record QuantStep(
            double step,
            Matrix scaled,
            Matrix codes,
            Matrix quantized,
            Matrix error,
            Matrix correction,
            Matrix effective,
            Forward quantizedForward,
            Forward correctedForward) {}

    public record Result(Inputs inputs, Forward before, Gradient gradient, SftStep sft, LoraStep lora, QuantStep quant) {
        /** The loss went down after one SFT step (7.4.7's question, "a perda cai?"). */
        public boolean lossDecreased() {
            return sft.after().loss() < before.loss();
        }
    }

    public static Result compute(Inputs in) {
        Forward before = forward(in.weights(), in.input(), in.targetClass());
        Gradient gradient = gradient(before, in.input(), in.targetClass());

        Matrix deltaW = gradient.weightGradient().scale(-in.learningRate());
        Matrix newWeights = in.weights().plus(deltaW);
        SftStep sft = new SftStep(deltaW, newWeights, forward(newWeights, in.input(), in.targetClass()));

        LoraStep lora = rankOne(in, gradient, deltaW);
        QuantStep quant = quantize(in, newWeights);
        return new Result(in, before, gradient, sft, lora, quant);
    }

    static Forward forward(Matrix w, Matrix x, int targetClass) {
        Matrix z = w.times(x);
        double[] zs = z.values();
        // Shift by the max only for the log: the exponentials shown are the book's e^{z_i}.
        double max = Double.NEGATIVE_INFINITY;
        for (double v : zs) max = Math.max(max, v);
        double[] exps = new double[zs.length];
        double shiftedSum = 0;
        double sum = 0;
        for (int i = 0; i < zs.length; i++) {
            exps[i] = Math.exp(zs[i]);
            sum += exps[i];
            shiftedSum += Math.exp(zs[i] - max);
        }
        double[] p = new double[zs.length];
        for (int i = 0; i < zs.length; i++) p[i] = Math.exp(zs[i] - max) / shiftedSum;
        double loss = -(zs[targetClass - 1] - max - Math.log(shiftedSum));
        return new Forward(z, Matrix.column(exps), sum, Matrix.column(p), loss);
    }

    private static Gradient gradient(Forward f, Matrix x, int targetClass) {
        double[] dz = f.probabilities().values();
        dz[targetClass - 1] -= 1;
        Matrix dLogits = Matrix.column(dz);
        return new Gradient(dLogits, dLogits.times(x.transpose()));
    }

    private static LoraStep rankOne(Inputs in, Gradient g, Matrix sftDelta) {
        double[] x = in.input().values();
        double norm = 0;
        for (double v : x) norm += v * v;
        norm = Math.sqrt(norm);
        Matrix a;
        Matrix b;
        if (norm == 0) {
            // x = 0 gives a zero gradient: nothing to represent, any A with B = 0 does.
            a = Matrix.row(new double[x.length]);
            b = Matrix.column(new double[in.weights().rows()]);
        } else {
            double[] unit = new double[x.length];
            for (int i = 0; i < x.length; i++) unit[i] = x[i] / norm;
            a = Matrix.row(unit);
            b = g.logitGradient().scale(-in.learningRate() * norm);
        }
        Matrix delta = b.times(a);
        return new LoraStep(b, a, delta, delta.maxAbsDifference(sftDelta));
    }

    private static QuantStep quantize(Inputs in, Matrix w) {
        double step = in.quantRange() / in.quantLevels();
        double[][] values = w.toArray();
        double[][] scaled = new double[w.rows()][w.cols()];
        double[][] codes = new double[w.rows()][w.cols()];
        double[][] q = new double[w.rows()][w.cols()];
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < w.cols(); j++) {
                scaled[i][j] = values[i][j] / step;
                // Math.rint is round-half-even, like torch.round; outside ±α the code saturates.
                double code = Math.max(-in.quantLevels(), Math.min(in.quantLevels(), Math.rint(scaled[i][j])));
                codes[i][j] = code;
                q[i][j] = step * code;
            }
        }
        Matrix quantized = Matrix.of(q);
        Matrix error = quantized.minus(w);
        Matrix correction = error.scale(-1);
        Matrix effective = quantized.plus(correction);
        return new QuantStep(
                step,
                Matrix.of(scaled),
                Matrix.of(codes),
                quantized,
                error,
                correction,
                effective,
                forward(quantized, in.input(), in.targetClass()),
                forward(effective, in.input(), in.targetClass()));
    }
}
