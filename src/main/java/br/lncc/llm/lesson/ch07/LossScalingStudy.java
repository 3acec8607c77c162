package br.lncc.llm.lesson.ch07;

import br.lncc.llm.train.Gpt2Graph;
import br.lncc.llm.train.Gpt2Weights;
import br.lncc.llm.train.SftDataset;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.train.TrainingRun;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.quant.QuantFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cap. 7.9, "what goes wrong in low precision without loss scaling", measured: the true float32
 * gradients of one SFT step on the lab's model are multiplied by a loss scale S and rounded to
 * float16 (libtorch's cast, round to nearest even), as a float16 backward pass would store them.
 * Float16 has 5 exponent bits: the smallest normal is 2⁻¹⁴ ≈ 6.1e-5, the smallest subnormal
 * 2⁻²⁴ ≈ 6.0e-8, the largest finite 65504. A gradient below 2⁻²⁵ becomes exactly 0 (underflow),
 * one below 2⁻¹⁴ keeps only a few bits (subnormal), one whose scaled value reaches 65520 becomes
 * ∞ (overflow). Scaling the loss by S = 2ᵏ shifts every gradient k binades up — exactly, since
 * it is a power of two — until the largest ones overflow; a dynamic scaler (PyTorch's GradScaler)
 * finds the largest safe S by skipping the step and halving S whenever an ∞ appears.
 *
 * <p>What is not done here: the backward pass itself in float16 (its intermediate products also
 * underflow, so the real losses are at least these).
 */
public final class LossScalingStudy {
    private LossScalingStudy() {}

    /** Smallest positive float16 subnormal and normal, and the largest finite float16. */
    public static final double FP16_MIN_SUBNORMAL = Math.scalb(1.0, -24);
    public static final double FP16_MIN_NORMAL = Math.scalb(1.0, -14);
    public static final double FP16_MAX = 65504;
    /** Values from here up round to ∞ (halfway between 65504 and the next binade's 65536). */
    public static final double FP16_OVERFLOW = 65520;

    /**
     * Counts over the gradient entries that are not zero in float32.
     *
     * @param relativeError mean over the finite entries of |fp16(S·g)/S − g| / |g|: each gradient's own
     *     precision (a norm-wide error would only see the large gradients, which float16 keeps)
     */
    public record ScaleRow(int log2Scale, long zero, long subnormal, long overflow, long total, double relativeError) {
        public double zeroFraction() {
            return total == 0 ? 0 : (double) zero / total;
        }

        public double subnormalFraction() {
            return total == 0 ? 0 : (double) subnormal / total;
        }

        public double overflowFraction() {
            return total == 0 ? 0 : (double) overflow / total;
        }
    }

    /** One attempt of a dynamic loss scaler: with an ∞ the step is skipped and S halved. */
    public record ScalerStep(int attempt, int log2Scale, long overflow, boolean skipped) {}

    /**
     * @param maxAbs the largest |g| (it sets the overflow limit 65504/max|g|)
     * @param minAbs the smallest non-zero |g|
     * @param exactZeros entries already 0 in float32 (not counted as underflow)
     */
    public record Result(double loss, long parameters, long exactZeros, double maxAbs, double minAbs,
            List<ScaleRow> rows, List<ScalerStep> scaler) {

        /** The largest k with 2ᵏ·max|g| below 65520, where float16 rounding reaches ∞. */
        public int largestSafeLog2() {
            int k = (int) Math.floor(Math.log(FP16_OVERFLOW / maxAbs) / Math.log(2));
            return Math.scalb(maxAbs, k) < FP16_OVERFLOW ? k : k - 1;
        }
    }

    /** Counts of one array of values cast to float16 after scaling by 2^log2Scale (any values, for checks). */
    public static ScaleRow castCounts(NDArray g, int log2Scale) {
        try (NDManager scope = g.getManager().newSubManager()) {
            NDArray x = g.duplicate();
            x.attach(scope);
            return count(List.of(x), log2Scale);
        }
    }

    /**
     * The page's study: {@code texts} tokenized as the training lab does (rows cut at 256 tokens,
     * the model's end id appended), one step over all of them on a fresh float32 copy of the model.
     */
    public static Result run(LabModelSource source, List<String> texts, int[] log2Scales, int scalerStartLog2, ProgressSink progress) {
        var data = SftDataset.tokenize(texts, source.codec(), 256, source.config().eosTokenId());
        try (var w = source.open(QuantFormat.FP32)) {
            return run(w, data, data.rows(), log2Scales, scalerStartLog2, progress);
        }
    }

    /**
     * Computes the float32 gradients of one SFT step (dropout off) on the first {@code batch} rows of
     * {@code data} and measures them at every scale 2^k of {@code log2Scales}; the weights are not changed.
     * The dynamic scaler starts at 2^{@code scalerStartLog2}.
     */
    public static Result run(Gpt2Weights weights, SftDataset data, int batch, int[] log2Scales, int scalerStartLog2, ProgressSink progress) {
        if (!weights.quantized().isEmpty()) throw new TrainingException("o estudo de FP16 usa a base em FP32 (SFT)");
        int rows = Math.min(Math.max(batch, 1), data.rows());
        Map<String, NDArray> params = new LinkedHashMap<>(weights.dense());
        try (NDManager scope = weights.manager().newSubManager()) {
            progress.update(0, log2Scales.length + 1, "gradientes FP32");
            long[] ids = new long[rows * data.length()];
            long[] mask = new long[ids.length];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(data.ids()[i], 0, ids, i * data.length(), data.length());
                System.arraycopy(data.attention()[i], 0, mask, i * data.length(), data.length());
            }
            NDArray idArray = scope.create(ids, new Shape(rows, data.length()));
            NDArray maskArray = scope.create(mask, new Shape(rows, data.length()));
            List<NDArray> grads = new ArrayList<>();
            double loss;
            TrainingRun.AUTOGRAD.lock();
            try {
                params.values().forEach(p -> p.setRequiresGradient(true));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = Gpt2Graph.loss(new Gpt2Graph(weights, null, 0).logits(idArray, maskArray, true), idArray);
                    loss = l.getFloat();
                    gc.backward(l);
                }
                for (NDArray p : params.values()) {
                    NDArray g = p.getGradient();
                    g.attach(scope);
                    grads.add(g.duplicate());
                    g.muli(0);
                }
            } finally {
                params.values().forEach(p -> p.setRequiresGradient(false));
                TrainingRun.AUTOGRAD.unlock();
            }
            grads = buckets(grads);
            long n = 0, exactZeros = 0;
            double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
            for (NDArray g : grads) {
                n += g.size();
                NDArray abs = g.abs();
                NDArray zero = abs.eq(0);
                exactZeros += zero.countNonzero().getLong();
                maxAbs = Math.max(maxAbs, abs.max().getFloat());
                // Non-zero minimum: lift the zeros out of the way first.
                minAbs = Math.min(minAbs, abs.add(zero.toType(DataType.FLOAT32, false).mul(Float.MAX_VALUE)).min().getFloat());
            }
            List<ScaleRow> table = new ArrayList<>();
            for (int i = 0; i < log2Scales.length; i++) {
                progress.checkCancelled();
                progress.update(i + 1, log2Scales.length + 1, "S = 2^" + log2Scales[i]);
                table.add(count(grads, log2Scales[i]));
            }
            // PyTorch's GradScaler: backoff 0.5 on an inf/NaN (the step is skipped), growth only after 2000 clean steps.
            List<ScalerStep> scaler = new ArrayList<>();
            int s = scalerStartLog2;
            for (int attempt = 1; attempt <= 64; attempt++) {
                long inf = count(grads, s).overflow();
                scaler.add(new ScalerStep(attempt, s, inf, inf > 0));
                if (inf == 0) break;
                s--;
            }
            progress.update(log2Scales.length + 1, log2Scales.length + 1, "pronto");
            return new Result(loss, n, exactZeros, maxAbs, minAbs, List.copyOf(table), List.copyOf(scaler));
        }
    }

    /** Elements per bucket: 16 MiB of float32, so one bucket's temporaries in {@link #count} stay small. */
    private static final long BUCKET = 1L << 22;

    /**
     * The gradients packed into flat buckets of at most {@link #BUCKET} elements (a larger tensor is a
     * bucket of its own). Counting costs about 20 native calls per array per scale (15–30 µs each, more
     * on a busy machine): per tensor that was thousands of calls for 11 scales and the scaler's attempts;
     * the tiny and course models now fit one bucket, GPT-2 small about 31.
     */
    private static List<NDArray> buckets(List<NDArray> grads) {
        List<NDArray> out = new ArrayList<>();
        NDList pending = new NDList();
        long size = 0;
        for (NDArray g : grads) {
            if (size > 0 && size + g.size() > BUCKET) {
                out.add(pack(pending));
                pending = new NDList();
                size = 0;
            }
            pending.add(g);
            size += g.size();
        }
        if (!pending.isEmpty()) out.add(pack(pending));
        return out;
    }

    private static NDArray pack(NDList grads) {
        NDList flat = new NDList();
        for (NDArray g : grads) flat.add(g.flatten());
        NDArray bucket = NDArrays.concat(flat);
        flat.close();
        grads.close();
        return bucket;
    }

    private static ScaleRow count(List<NDArray> grads, int log2Scale) {
        long zero = 0, sub = 0, inf = 0, total = 0;
        double errSum = 0;
        long finiteCount = 0;
        double scale = Math.scalb(1.0, log2Scale);
        for (NDArray g : grads) {
            try (NDManager m = g.getManager().newSubManager()) {
                NDArray gs = g.duplicate();
                gs.attach(m);
                NDArray nonzero = gs.neq(0);
                // Scale in float32 first (a power of two: exact unless float32 itself overflows), then round to float16.
                NDArray half = gs.mul((float) scale).toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false);
                NDArray absHalf = half.abs();
                total += nonzero.countNonzero().getLong();
                zero += half.eq(0).logicalAnd(nonzero).countNonzero().getLong();
                sub += absHalf.gt(0).logicalAnd(absHalf.lt((float) FP16_MIN_NORMAL)).countNonzero().getLong();
                NDArray infinite = half.isInfinite();
                inf += infinite.countNonzero().getLong();
                NDArray counted = infinite.logicalNot().logicalAnd(nonzero);
                NDArray back = NDArrays.where(infinite, half.zerosLike(), half).div((float) scale);
                NDArray rel = back.sub(gs).abs().div(NDArrays.where(counted, gs.abs(), gs.onesLike()));
                errSum += NDArrays.where(counted, rel, rel.zerosLike()).sum().toType(DataType.FLOAT64, false).getDouble();
                finiteCount += counted.countNonzero().getLong();
            }
        }
        return new ScaleRow(log2Scale, zero, sub, inf, total, finiteCount == 0 ? 0 : errSum / finiteCount);
    }
}
