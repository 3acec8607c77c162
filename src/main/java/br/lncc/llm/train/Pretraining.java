package br.lncc.llm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.ByteLevelBpe;
import br.lncc.llm.tokenize.CharTokenizer;
import br.lncc.llm.tokenize.CorpusTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Pre-training a GPT-2 from scratch on one corpus (Cap. 6.1–6.4), nanoGPT's loop: learn the
 * tokenizer, encode the corpus, split 90 % / 10 % into training and validation tokens, then
 * repeat — draw B random windows of T+1 tokens, predict each next token, minimise the mean
 * cross-entropy with AdamW. Validation loss is measured on fixed windows, next to two reference
 * lines: ln V (a uniform guess, 6.3) and the unigram entropy (a model that ignores context).
 *
 * <p>The weights are a {@link Gpt2} (the same arrays the training graph updates in place), so the
 * samples drawn during training and the saved checkpoint use the inference code of every page.
 */
public final class Pretraining implements AutoCloseable {

    /** What the run reports as it goes; every method is called on the training thread. */
    public interface Listener {
        default void onMerge(ByteLevelBpe.Merge merge) {}

        default void onPrepared(Prepared prepared) {}

        default void onStep(StepPoint step) {}

        default void onEval(EvalPoint eval) {}

        default void onSample(SamplePoint sample) {}

        /** After the last step: {@code samples} texts are being written to measure what the model learned (the model card). */
        default void onMeasuringQuality(int samples) {}

        Listener NONE = new Listener() {};
    }

    /**
     * The run before its first step: corpus, split, vocabulary, size and the two reference lines.
     * @param compression UTF-8 bytes per token over the corpus (1 for bytes; ~1 for characters of ASCII text)
     */
    public record Prepared(String corpusName, long corpusChars, long corpusBytes, long trainTokens, long valTokens,
            int vocabSize, String tokenizerSpec, long parameters, PretrainSettings.ModelShape shape,
            double unigramEntropy, double lnVocab, double compression, MemoryEstimate memory, int startStep,
            List<String> prompts) {}

    public record StepPoint(int step, int totalSteps, double loss, double learningRate, double gradNorm,
            double tokensPerSecond, double etaSeconds) {}

    public record EvalPoint(int step, double trainLoss, double valLoss) {
        public double valPerplexity() {
            return Math.exp(valLoss);
        }
    }

    public record SamplePoint(int step, String prompt, String continuation) {}

    /**
     * Bytes a run needs: weights, their gradients, AdamW's two moments (16 bytes per parameter)
     * and the activations one step keeps for its backward pass (an estimate, B·T per layer).
     */
    public record MemoryEstimate(long parameters, long weightBytes, long trainingStateBytes, long activationBytes) {
        public long totalBytes() {
            return weightBytes + trainingStateBytes + activationBytes;
        }

        public static MemoryEstimate of(Gpt2.Config c, int batch) {
            long p = c.uniqueParameters();
            long bt = (long) batch * c.nPositions();
            long perToken = c.nLayer() * (30L * c.nEmbd() + 3L * c.nHead() * c.nPositions()) + 3L * c.vocabSize();
            return new MemoryEstimate(p, 4 * p, 12 * p, 4 * bt * perToken);
        }

        /** Refuses, before anything is allocated, a run that does not fit in {@code availableBytes}. */
        public void check(long availableBytes) {
            if (totalBytes() > availableBytes) {
                throw new PretrainException("pretrain.error.memory", parameters, totalBytes() >> 20, availableBytes >> 20);
            }
        }
    }

    /** The final numbers of a run (also the CLI's JSON). */
    public record Result(long parameters, int vocabSize, int steps, double finalTrainLoss, double finalValLoss,
            double unigramEntropy, double lnVocab, double tokensPerSecond, double seconds, boolean completed) {}

    /** The optimiser's constants (what a peer must use to train the same way). */
    public record OptimizerConstants(double beta1, double beta2, double eps, double weightDecay, double clipNorm) {}

    private static final double CLIP_NORM = 1.0;
    private static final double WEIGHT_DECAY = 0.1;
    private static final double BETA2 = 0.99;
    public static final OptimizerConstants OPTIMIZER = new OptimizerConstants(AdamW.BETA1, BETA2, AdamW.EPS, WEIGHT_DECAY, CLIP_NORM);
    private static final int EVAL_BATCHES = 4;
    private static final double SAMPLE_TEMPERATURE = 0.8;

    private final PretrainCorpus corpus;
    private final PretrainSettings settings;
    private final CorpusTokenizer tokenizer;
    private final int[] train;
    private final int[] val;
    private final Gpt2 model;
    /** Tensors of 2+ dimensions (weight decay) and the rest (biases, LayerNorms), each group in one buffer. */
    private final FlatParameters decayed;
    private final FlatParameters notDecayed;
    private final AdamW decayOptimizer;
    private final AdamW plainOptimizer;
    private final Prepared prepared;
    private final PretrainState state;
    private final Listener listener;

    private Pretraining(PretrainCorpus corpus, PretrainSettings settings, CorpusTokenizer tokenizer, Gpt2 model,
            PretrainState state, Listener listener) {
        this.corpus = corpus;
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.state = state;
        this.listener = listener;
        int[] ids = tokenizer.encode(corpus.text());
        int t = settings.shape().context();
        int split = (int) (ids.length * 0.9);
        if (split < t + 1 || ids.length - split < t + 1) {
            throw new PretrainException("pretrain.error.tooSmall", corpus.name(), ids.length, t, 10 * (t + 1) + 1);
        }
        this.train = Arrays.copyOfRange(ids, 0, split);
        this.val = Arrays.copyOfRange(ids, split, ids.length);
        // Every step frees and allocates the same activations: keep them in the heap (NativeHeap).
        br.lncc.llm.platform.NativeHeap.reuseFreedBlocks();
        Map<String, NDArray> withDecay = new LinkedHashMap<>(), without = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> (p.getShape().dimension() >= 2 ? withDecay : without).put(name, p));
        this.decayed = FlatParameters.pack(withDecay, model.manager());
        this.notDecayed = FlatParameters.pack(without, model.manager());
        Map<String, NDArray> views = new LinkedHashMap<>();
        for (String name : model.parameters().keySet()) {
            views.put(name, decayed.views().containsKey(name) ? decayed.views().get(name) : notDecayed.views().get(name));
        }
        // The model reads the buffers' views from now on (samples, evaluation, saving); its own arrays go.
        this.model = model.over(views);
        for (NDArray p : model.parameters().values()) p.close();
        this.decayOptimizer = new AdamW(List.of(decayed.buffer()), model.manager(), WEIGHT_DECAY, BETA2, true);
        this.plainOptimizer = new AdamW(List.of(notDecayed.buffer()), model.manager(), 0, BETA2, true);
        Gpt2.Config c = model.config();
        double bytesPerToken = corpus.utf8Bytes() / (double) ids.length;
        this.prepared = new Prepared(corpus.name(), corpus.text().codePointCount(0, corpus.text().length()),
                corpus.utf8Bytes(), train.length, val.length, c.vocabSize(), tokenizer.spec(), c.uniqueParameters(),
                settings.shape(), unigramEntropy(train, c.vocabSize()), Math.log(c.vocabSize()), bytesPerToken,
                MemoryEstimate.of(c, settings.schedule().batch()), state.step, prompts(corpus.text()));
    }

    /**
     * Learns the tokenizer, checks the memory estimate (before any array exists) and initialises
     * the model: N(0, 0.02) weights, output projections scaled by 1/√(2L) as GPT-2 does.
     */
    public static Pretraining start(PretrainCorpus corpus, PretrainSettings settings, Listener listener,
            BooleanSupplier cancelled, long availableMemoryBytes) {
        CorpusTokenizer tokenizer = learnTokenizer(corpus, settings.tokenizer(), listener, cancelled);
        Gpt2.Config config = settings.shape().config(tokenizer.vocabSize());
        MemoryEstimate.of(config, settings.schedule().batch()).check(availableMemoryBytes);
        Gpt2 model = Gpt2.random(config, settings.schedule().seed());
        try {
            double scale = 1 / Math.sqrt(2.0 * config.nLayer());
            for (var e : model.parameters().entrySet()) {
                if (e.getKey().endsWith("c_proj.weight")) e.getValue().muli(scale);
            }
            var run = new Pretraining(corpus, settings, tokenizer, model, PretrainState.fresh(corpus, settings), listener);
            listener.onPrepared(run.prepared);
            return run;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Continues the run saved in {@code folder} on the same corpus, up to {@code steps} (0 = as saved). */
    public static Pretraining resume(Path folder, PretrainCorpus corpus, int steps, Listener listener) {
        PretrainState state = PretrainState.read(folder);
        if (!state.corpusSha256.equals(corpus.sha256())) {
            throw new PretrainException("pretrain.error.otherCorpus", folder, state.corpusName, corpus.name());
        }
        PretrainSettings settings = state.settings;
        if (steps > 0) {
            settings = new PretrainSettings(settings.tokenizer(), settings.shape(), settings.schedule().withSteps(steps));
            state.settings = settings;
        }
        CorpusTokenizer tokenizer = PretrainCheckpoint.readTokenizer(folder);
        Gpt2 model = Gpt2.load(folder);
        try {
            var run = new Pretraining(corpus, settings, tokenizer, model, state, listener);
            PretrainCheckpoint.restoreOptimizer(folder, run);
            listener.onPrepared(run.prepared);
            return run;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static CorpusTokenizer learnTokenizer(PretrainCorpus corpus, PretrainSettings.TokenizerChoice choice, Listener listener,
            BooleanSupplier cancelled) {
        if (choice instanceof PretrainSettings.TokenizerChoice.Bpe bpe) {
            ByteLevelBpe t = ByteLevelBpe.train(corpus.text(), bpe.size(), listener::onMerge, cancelled);
            if (cancelled.getAsBoolean()) throw new CancelledException();
            if (256 + t.merges().size() < bpe.size()) {
                throw new PretrainException("pretrain.error.vocabTooLarge", bpe.size(), corpus.name(), 256 + t.merges().size());
            }
            return t;
        }
        return CharTokenizer.of(corpus.text());
    }

    /** Licence and origin of the corpus, written in the model card (e.g. "GFDL-1.2", "Debian package focalinux-text"). */
    public void describeCorpus(String license, String source) {
        state.corpusLicense = license == null ? "" : license;
        state.corpusSource = source == null ? "" : source;
    }

    public Prepared prepared() {
        return prepared;
    }

    public CorpusTokenizer tokenizer() {
        return tokenizer;
    }

    public Gpt2 model() {
        return model;
    }

    public PretrainSettings settings() {
        return settings;
    }

    PretrainCorpus corpus() {
        return corpus;
    }

    PretrainState state() {
        return state;
    }

    FlatParameters decayedParameters() {
        return decayed;
    }

    FlatParameters plainParameters() {
        return notDecayed;
    }

    AdamW decayOptimizer() {
        return decayOptimizer;
    }

    AdamW plainOptimizer() {
        return plainOptimizer;
    }

    public int step() {
        return state.step;
    }

    public List<EvalPoint> evals() {
        return List.copyOf(state.evals);
    }

    public List<SamplePoint> samples() {
        return List.copyOf(state.samples);
    }

    /** Mean loss of every step so far, in order (the training curve, kept when a run stops). */
    public double[] stepLosses() {
        return state.losses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Trains up to the schedule's last step, saving a resumable checkpoint into {@code out} at
     * every evaluation and when it ends. Cancelling stops at a step boundary, saves, and returns
     * a result with {@code completed == false}. A loss that is not finite stops the run with a
     * message; the curve so far stays, the checkpoint on disk is the last good one.
     */
    public Result run(Path out, ProgressSink progress) {
        var sched = settings.schedule();
        long wallStart = System.nanoTime();
        double secondsBefore = state.seconds;
        long loopStart = System.nanoTime();
        int stepAtStart = state.step;
        boolean completed = true;
        try {
            if (state.evals.isEmpty()) evaluateAndSample();
            while (state.step < sched.steps()) {
                if (progress.isCancelled()) {
                    completed = false;
                    break;
                }
                StepPoint p = trainStep();
                double elapsed = (System.nanoTime() - loopStart) / 1e9;
                double eta = elapsed / (state.step - stepAtStart) * (sched.steps() - state.step);
                p = new StepPoint(p.step(), p.totalSteps(), p.loss(), p.learningRate(), p.gradNorm(), p.tokensPerSecond(), eta);
                listener.onStep(p);
                progress.update(state.step, sched.steps(),
                        br.lncc.llm.text.Message.of("pretrain.progress.step", state.step, sched.steps(), p.loss(), p.tokensPerSecond()));
                boolean last = state.step == sched.steps();
                if (state.step % sched.evalEvery() == 0 || last) {
                    evaluate();
                    if (state.step % sched.sampleEvery() == 0 || last) sample();
                    state.seconds = secondsBefore + (System.nanoTime() - wallStart) / 1e9;
                    PretrainCheckpoint.save(out, this);
                }
            }
        } finally {
            state.seconds = secondsBefore + (System.nanoTime() - wallStart) / 1e9;
        }
        if (!completed || lastEvalStep() != state.step) {
            if (lastEvalStep() != state.step) evaluate();
            PretrainCheckpoint.save(out, this);
        }
        EvalPoint last = state.evals.get(state.evals.size() - 1);
        return new Result(prepared.parameters(), prepared.vocabSize(), state.step, last.trainLoss(), last.valLoss(),
                prepared.unigramEntropy(), prepared.lnVocab(), tokensPerSecond(), state.seconds, completed);
    }

    private int lastEvalStep() {
        return state.evals.isEmpty() ? -1 : state.evals.get(state.evals.size() - 1).step();
    }

    /** Training tokens per second of optimizer steps (evaluation and samples excluded). */
    public double tokensPerSecond() {
        return state.stepSeconds == 0 ? 0 : state.tokens / state.stepSeconds;
    }

    private void evaluateAndSample() {
        evaluate();
        sample();
    }

    /** One AdamW step on B random windows; public so tests and benchmarks can drive it. */
    public StepPoint trainStep() {
        var sched = settings.schedule();
        int k = state.step;
        int b = sched.batch(), t = settings.shape().context();
        double lr = sched.learningRateAt(k);
        long start = System.nanoTime();
        double lossValue, norm;
        int[] starts = batchStarts(k);
        long[] x = new long[b * t], y = new long[b * t];
        for (int i = 0; i < b; i++) {
            int s = starts[i];
            for (int j = 0; j < t; j++) {
                x[i * t + j] = train[s + j];
                y[i * t + j] = train[s + j + 1];
            }
        }
        long[] at = new long[StepPhases.PHASES + 1];
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray xs = scope.create(x, new Shape(b, t));
            NDArray ys = scope.create(y, new Shape(b, t));
            at[1] = System.nanoTime();
            TrainingRun.AUTOGRAD.lock();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> step = new LinkedHashMap<>(decayed.splitForStep(scope));
                step.putAll(notDecayed.splitForStep(scope));
                NDArray logits = new Gpt2Graph(Gpt2Weights.over(model.config(), model.manager(), step), null, 0).logits(xs, null, true);
                at[2] = System.nanoTime();
                NDArray loss = crossEntropy(logits, ys);
                lossValue = loss.getFloat();
                at[3] = System.nanoTime();
                if (!Double.isFinite(lossValue)) {
                    throw new PretrainException("pretrain.error.nan", k + 1, sched.learningRate());
                }
                gc.backward(loss);
                at[4] = System.nanoTime();
            } finally {
                TrainingRun.AUTOGRAD.unlock();
            }
            norm = gradientNorm(scope);
            double scale = clipScale(norm);
            at[5] = System.nanoTime();
            decayOptimizer.step(lr, scale, scope);
            plainOptimizer.step(lr, scale, scope);
            at[6] = System.nanoTime();
        }
        at[0] = start;
        at[7] = System.nanoTime();
        phases = phases.plus(at);
        double seconds = (at[7] - start) / 1e9;
        state.step = k + 1;
        state.losses.add(lossValue);
        state.tokens += (long) b * t;
        state.stepSeconds += seconds;
        return new StepPoint(k + 1, sched.steps(), lossValue, lr, norm, b * t / seconds, Double.NaN);
    }

    private StepPhases phases = StepPhases.NONE;

    /** Time spent in each phase of the training steps so far in this process (the benchmark's profile). */
    public StepPhases phases() {
        return phases;
    }

    /**
     * Where each of step {@code k}'s B training windows starts (0-based step). Drawn from (seed, step),
     * so a resumed run draws the batches it would have, and a peer given these offsets trains on
     * exactly the same windows.
     */
    public int[] batchStarts(int k) {
        int b = settings.schedule().batch(), t = settings.shape().context();
        Random rng = new Random(settings.schedule().seed() * 1_000_003L + k);
        int[] starts = new int[b];
        for (int i = 0; i < b; i++) starts[i] = rng.nextInt(train.length - t);
        return starts;
    }

    /** The training token ids (the first 90 % of the encoded corpus); a copy. */
    public int[] trainIds() {
        return train.clone();
    }

    /** The validation token ids (the last 10 %); a copy. */
    public int[] validationIds() {
        return val.clone();
    }

    /** Starts of the fixed windows {@link #evaluate()} averages over, in the training or validation ids. */
    public int[] evalStarts(boolean validation) {
        return evalStarts(validation ? val : train);
    }

    /** The training graph's logits (B, T, V) for ids (B, T), no gradients recorded (the checkpoint test compares them). */
    NDArray graphLogits(NDArray ids) {
        return new Gpt2Graph(Gpt2Weights.of(model), null, 0).logits(ids, null, false);
    }

    /** Mean −log p(next token) over (B, T) targets, in nats (Cap. 6.3). */
    static NDArray crossEntropy(NDArray logits, NDArray targets) {
        NDArray logp = logits.logSoftmax(-1).gather(targets.expandDims(-1), -1);          // (B,T,1)
        return logp.mean().neg();
    }

    /**
     * The global L2 norm of all gradients, as PyTorch's clip_grad_norm_ (‖(‖g₁‖, …, ‖gₙ‖)‖ — the same
     * number), over the two groups' flat gradients, summed in float64 (FlatParameters#gradientSquares).
     */
    private double gradientNorm(NDManager scope) {
        return Math.sqrt(decayed.gradientSquares(scope) + notDecayed.gradientSquares(scope));
    }

    /**
     * The factor that brings the global gradient norm down to at most 1, as torch.nn.utils.clip_grad_norm_
     * (max_norm / (norm + 10⁻⁶), capped at 1); the optimizers apply it to the gradients they read.
     */
    static double clipScale(double norm) {
        return Double.isFinite(norm) ? Math.min(1, CLIP_NORM / (norm + 1e-6)) : 1;
    }

    /** Loss on fixed windows of the training and validation tokens (no gradients, no dropout). */
    public EvalPoint evaluate() {
        var point = new EvalPoint(state.step, meanLoss(train), meanLoss(val));
        if (!Double.isFinite(point.valLoss()) || !Double.isFinite(point.trainLoss())) {
            throw new PretrainException("pretrain.error.nan", state.step, settings.schedule().learningRate());
        }
        state.evals.add(point);
        listener.onEval(point);
        return point;
    }

    /** Evenly spaced windows: the same ones at every evaluation, so the curve compares like with like. */
    private int[] evalStarts(int[] tokens) {
        int b = settings.schedule().batch(), t = settings.shape().context();
        int windows = Math.max(1, Math.min(EVAL_BATCHES * b, (tokens.length - 1) / t));
        double stride = (tokens.length - t - 1) / (double) Math.max(1, windows - 1);
        int[] starts = new int[windows];
        for (int i = 0; i < windows; i++) starts[i] = Math.min((int) Math.round(i * stride), tokens.length - t - 1);
        return starts;
    }

    private double meanLoss(int[] tokens) {
        int b = settings.schedule().batch(), t = settings.shape().context();
        int[] starts = evalStarts(tokens);
        int windows = starts.length;
        double total = 0;
        int done = 0;
        while (done < windows) {
            int n = Math.min(b, windows - done);
            long[] x = new long[n * t], y = new long[n * t];
            for (int i = 0; i < n; i++) {
                int s = starts[done + i];
                for (int j = 0; j < t; j++) {
                    x[i * t + j] = tokens[s + j];
                    y[i * t + j] = tokens[s + j + 1];
                }
            }
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray logits = model.forward(scope.create(x, new Shape(n, t)), null, false, null);
                total += crossEntropy(logits, scope.create(y, new Shape(n, t))).getFloat() * n;
            }
            done += n;
        }
        return total / windows;
    }

    /** A continuation (τ = 0.8, seeded) of each fixed prompt, kept in the run's list of samples. */
    public List<SamplePoint> sample() {
        List<SamplePoint> out = new ArrayList<>();
        int chars = 120;
        for (int i = 0; i < prepared.prompts().size(); i++) {
            String prompt = prepared.prompts().get(i);
            // Sampled ids shown byte-exact: a half-written character reads <0xNN>, not "�" (as on page 4.8).
            String text = ModelQuality.continuation(model, tokenizer, prompt, SAMPLE_TEMPERATURE, chars,
                    settings.schedule().seed() + i, true);
            if (text.length() > chars) text = text.substring(0, chars);
            var s = new SamplePoint(state.step, prompt, text);
            state.samples.add(s);
            out.add(s);
            listener.onSample(s);
        }
        return out;
    }

    /** Text the current weights write after {@code prompt}, sampling at {@code temperature} (about {@code chars} characters). */
    public String continuation(String prompt, double temperature, int chars, long seed) {
        return ModelQuality.continuation(model, tokenizer, prompt, temperature, chars, seed);
    }

    /** {@link ModelQuality} of the current weights: 20 samples at τ = 0.2, 0.8 and 1.5. */
    public ModelQuality measureQuality() {
        listener.onMeasuringQuality(3 * 20);
        return ModelQuality.measure(model, tokenizer, corpus.text(), prepared.prompts(), new double[] {0.2, 0.8, 1.5}, 20,
                settings.schedule().seed());
    }

    /** −Σ p ln p of the token frequencies: the loss of the best model that ignores context. */
    static double unigramEntropy(int[] ids, int vocab) {
        long[] counts = new long[vocab];
        for (int id : ids) counts[id]++;
        double h = 0;
        for (long c : counts) {
            if (c == 0) continue;
            double p = c / (double) ids.length;
            h -= p * Math.log(p);
        }
        return h;
    }

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    /**
     * Three fixed prompts taken from the corpus itself (the first two words of lines at a quarter,
     * half and three quarters of the text), so any corpus gets prompts in its own language.
     */
    static List<String> prompts(String text) {
        String[] lines = text.split("\n");
        List<String> out = new ArrayList<>();
        for (double at : new double[] {0.25, 0.5, 0.75}) {
            for (int i = (int) (lines.length * at); i < lines.length; i++) {
                String[] words = lines[i].trim().split("\\s+");
                if (words.length >= 3 && WORD.matcher(words[0]).lookingAt() && WORD.matcher(words[1]).lookingAt()) {
                    String p = words[0] + " " + words[1];
                    if (!out.contains(p)) {
                        out.add(p);
                        break;
                    }
                }
            }
        }
        if (out.isEmpty()) out.add(text.strip().split("\\s+")[0]);
        return List.copyOf(out);
    }

    @Override
    public void close() {
        decayOptimizer.close();
        plainOptimizer.close();
        model.close();
    }
}
