package br.lncc.llm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.weights.quant.MemoryFootprint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One training run of Cap. 7.9–7.11 on a GPT-2: SFT (all float32 weights trainable), LoRA (base
 * frozen, adapters trainable) or QLoRA (the same over an NF4 base). AdamW with Hugging Face's
 * linear decay, batches drawn in a seeded shuffled order, loss and time recorded every step.
 */
public final class TrainingRun implements AutoCloseable {

    /**
     * @param linearDecay lr·(N − k)/N at step k, the Trainer's default schedule (no warmup)
     * @param modelDropout GPT-2's dropout while training (its config says 0.1; 0 makes runs repeatable)
     */
    public record Settings(
            TrainingMethod method,
            int steps,
            int batchSize,
            double learningRate,
            boolean linearDecay,
            double weightDecay,
            double modelDropout,
            LoraConfig lora,
            long seed) {

        public Settings {
            if (steps < 1 || steps > 100_000) throw new TrainingException("train.run.steps", new Object[] {steps}, "");
            if (batchSize < 1) throw new TrainingException("train.run.batch", new Object[] {batchSize}, "");
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new TrainingException("train.run.lr", new Object[] {String.valueOf(learningRate)}, "");
            }
            if (!(modelDropout >= 0 && modelDropout < 1)) throw new TrainingException("train.run.dropout", new Object[] {}, "");
            if (method != TrainingMethod.SFT && lora == null) throw new TrainingException("train.run.needsLora", new Object[] {String.valueOf(method)}, "");
        }

        /** Cap. 7.9 for SFT (batch 1, 5 steps, lr 5e-5); LoRA/QLoRA use lr 2e-4, QLoRA's usual. */
        public static Settings book(TrainingMethod method) {
            double lr = method == TrainingMethod.SFT ? 5e-5 : 2e-4;
            return new Settings(method, 5, 1, lr, true, 0.0, 0.1, method == TrainingMethod.SFT ? null : LoraConfig.book(), 42);
        }

        public Settings withSteps(int n) {
            return new Settings(method, n, batchSize, learningRate, linearDecay, weightDecay, modelDropout, lora, seed);
        }

        public Settings withLearningRate(double lr) {
            return new Settings(method, steps, batchSize, lr, linearDecay, weightDecay, modelDropout, lora, seed);
        }

        public Settings withModelDropout(double d) {
            return new Settings(method, steps, batchSize, learningRate, linearDecay, weightDecay, d, lora, seed);
        }
    }

    /**
     * @param millis the whole step
     * @param forwardMillis batch upload, base expansion (QLoRA) and the forward pass to the loss
     * @param backwardMillis autograd's backward pass
     * @param optimizerMillis AdamW's update of every trainable tensor
     */
    public record StepRecord(int step, double loss, double learningRate, double millis,
            double forwardMillis, double backwardMillis, double optimizerMillis) {}

    /**
     * @param trainableParameters what receives gradients
     * @param allParameters base + adapters, as PEFT counts them
     * @param base memory of the base weights in their storage format
     * @param optimizerBytes AdamW's two moments for every trainable parameter
     */
    public record Summary(
            TrainingMethod method,
            long trainableParameters,
            long allParameters,
            MemoryFootprint base,
            long trainableBytes,
            long optimizerBytes) {
        public double trainablePercent() {
            return allParameters == 0 ? 0 : 100.0 * trainableParameters / allParameters;
        }

        public String peftLine() {
            return new LoraConfig.TrainableSummary(trainableParameters, allParameters).peftLine();
        }
    }

    /** PyTorch's autograd in DJL allows one GradientCollector at a time in the whole JVM: hold this around one. */
    public static final ReentrantLock AUTOGRAD = new ReentrantLock();

    private final Gpt2Weights weights;
    private final Settings settings;
    private final LoraAdapters adapters;
    private final Gpt2Graph graph;
    private final List<NDArray> trainable;
    private final AdamW optimizer;
    private final Random order;
    private final List<StepRecord> history = new ArrayList<>();
    private List<Integer> epoch = new ArrayList<>();
    private boolean closed;

    /**
     * Prepares a run over {@code weights}. SFT trains (and changes) the float32 weights in
     * place; LoRA and QLoRA leave them untouched and train fresh adapters.
     */
    public TrainingRun(Gpt2Weights weights, Settings settings) {
        if (settings.method() == TrainingMethod.QLORA && weights.quantized().isEmpty()) {
            throw new TrainingException("train.run.qloraNeedsNf4", new Object[] {}, "load the weights with Gpt2Weights.load(folder, NF4)");
        }
        if (settings.method() != TrainingMethod.QLORA && !weights.quantized().isEmpty()) {
            throw new TrainingException("train.run.needsFp32", new Object[] {String.valueOf(settings.method())}, "");
        }
        this.weights = weights;
        this.settings = settings;
        this.order = new Random(settings.seed());
        Engine.getInstance().setRandomSeed((int) settings.seed());
        List<NDArray> params = new ArrayList<>();
        if (settings.method() == TrainingMethod.SFT) {
            adapters = null;
            for (NDArray p : weights.dense().values()) {
                p.setRequiresGradient(true);
                params.add(p);
            }
        } else {
            adapters = LoraAdapters.init(settings.lora(), weights.config(), weights.manager(), settings.seed());
            adapters.setTrainable(true);
            for (var a : adapters.adapters().values()) {
                params.add(a.a());
                params.add(a.b());
            }
        }
        this.trainable = Collections.unmodifiableList(params);
        this.graph = new Gpt2Graph(weights, adapters, settings.modelDropout());
        this.optimizer = new AdamW(trainable, weights.manager(), settings.weightDecay());
    }

    public Settings settings() {
        return settings;
    }

    /** Null for SFT. */
    public LoraAdapters adapters() {
        return adapters;
    }

    public Gpt2Weights weights() {
        return weights;
    }

    public List<StepRecord> history() {
        return List.copyOf(history);
    }

    public Summary summary() {
        long n = 0;
        for (NDArray p : trainable) n += p.size();
        long base = weights.config().uniqueParameters();
        long all = settings.method() == TrainingMethod.SFT ? base : base + n;
        return new Summary(settings.method(), n, all, weights.footprint(), 4 * n, optimizer.stateBytes());
    }

    /**
     * Runs the remaining steps, reporting each to {@code onStep} as it ends (so a cancelled run
     * keeps its curve). A loss that is not finite stops the run with a message.
     */
    public List<StepRecord> run(SftDataset data, ProgressSink progress, Consumer<StepRecord> onStep) {
        while (history.size() < settings.steps()) {
            progress.checkCancelled();
            progress.update(history.size(), settings.steps(), "passo " + (history.size() + 1) + "/" + settings.steps());
            StepRecord r = step(data);
            if (onStep != null) onStep.accept(r);
        }
        progress.update(settings.steps(), settings.steps(), "pronto");
        return history();
    }

    /** One optimizer step on the next batch. */
    public StepRecord step(SftDataset data) {
        if (closed) throw new TrainingException("train.run.closed", new Object[] {}, "");
        int k = history.size();
        double lr = settings.linearDecay()
                ? settings.learningRate() * (settings.steps() - k) / (double) settings.steps()
                : settings.learningRate();
        long start = System.nanoTime();
        long forwardEnd, backwardEnd;
        double lossValue;
        try (NDManager scope = weights.manager().newSubManager()) {
            int[] rows = nextBatch(data.rows());
            int t = data.length();
            long[] ids = new long[rows.length * t];
            long[] mask = new long[rows.length * t];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(data.ids()[rows[i]], 0, ids, i * t, t);
                System.arraycopy(data.attention()[rows[i]], 0, mask, i * t, t);
            }
            NDArray idArray = scope.create(ids, new Shape(rows.length, t));
            NDArray maskArray = scope.create(mask, new Shape(rows.length, t));
            weights.expandForStep(scope);
            AUTOGRAD.lock();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Gpt2Graph.loss(graph.logits(idArray, maskArray, true), idArray);
                lossValue = loss.getFloat();
                forwardEnd = System.nanoTime();
                if (!Double.isFinite(lossValue)) {
                    throw new TrainingException("a perda virou " + lossValue + " no passo " + (k + 1)
                            + ": a taxa de aprendizado " + settings.learningRate() + " diverge; reduza-a e recomece");
                }
                gc.backward(loss);
                backwardEnd = System.nanoTime();
            } finally {
                AUTOGRAD.unlock();
                weights.releaseExpanded();
            }
            optimizer.step(lr, scope);
        }
        long end = System.nanoTime();
        var record = new StepRecord(k + 1, lossValue, lr, (end - start) / 1e6, (forwardEnd - start) / 1e6,
                (backwardEnd - forwardEnd) / 1e6, (end - backwardEnd) / 1e6);
        history.add(record);
        return record;
    }

    /** Greedy continuation with the current weights (and adapters), for before/after comparisons. */
    public String generate(TextTokenizer tokenizer, String prompt, int maxNewTokens) {
        return generate(TokenCodec.of(tokenizer), prompt, maxNewTokens);
    }

    public String generate(TokenCodec tokenizer, String prompt, int maxNewTokens) {
        long[] ids = tokenizer.encode(prompt);
        if (ids.length == 0) throw new TrainingException("train.emptyPrompt", new Object[] {}, "");
        long[] out = graph.greedy(weights.manager(), ids, maxNewTokens, weights.config().eosTokenId());
        return tokenizer.decode(java.util.Arrays.copyOfRange(out, ids.length, out.length));
    }

    private int[] nextBatch(int rows) {
        int[] out = new int[settings.batchSize()];
        for (int i = 0; i < out.length; i++) {
            if (epoch.isEmpty()) {
                epoch = new ArrayList<>();
                for (int r = 0; r < rows; r++) epoch.add(r);
                Collections.shuffle(epoch, order);
            }
            out[i] = epoch.remove(0);
        }
        return out;
    }

    private static long[] flatten(long[][] rows) {
        long[] out = new long[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        return out;
    }

    /** Frees the optimizer state; SFT weights stop requiring gradients, adapters stay usable until {@link LoraAdapters#close()}. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        optimizer.close();
        for (NDArray p : trainable) if (!p.isReleased()) p.setRequiresGradient(false);
    }
}
