package br.lncc.llm.lesson.compress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.PromptWindow;
import br.lncc.llm.generate.Strategy;
import br.lncc.llm.lesson.Perplexity;
import br.lncc.llm.lesson.Repetition;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.model.KvCache;
import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.train.CausalLmFisher;
import br.lncc.llm.train.Gpt2Fisher;
import br.lncc.llm.train.TokenCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The compression lab (Cap. 6.5–6.6, 9.1.3; seed 004): calibrate Wanda's activation norms, measure
 * the Fisher sensitivity when a condition needs it, measure the uncompressed baseline, then for
 * each condition prune + quantize the model in place, measure perplexity and greedy generations,
 * and put the original weights back bit for bit — also when cancelled or failed midway.
 *
 * <p>Progress messages are keys {@code compress.phase.*}: calibration, fisher, baseline, then one
 * per condition ({@link #phaseKey}).
 */
public final class CompressionLab {
    private CompressionLab() {}

    /**
     * Runs {@code request} on a model the lab opened ({@link CompressionModel#open(CompressionModel.Source)}):
     * the entry the page and {@code companion compress} use, so neither handles the model itself.
     */
    public static AblationResult run(CompressionModel model, CompressionRequest request, ProgressSink progress,
            Consumer<ConditionResult> finished) {
        return run(model.model(), model.codec(), model.storedBits(), model.prompting(), request, progress, finished);
    }

    /** As {@link #run(CausalLm, TokenCodec, ToIntFunction, Prompting, CompressionRequest, ProgressSink, Consumer)} with raw prompts. */
    public static AblationResult run(CausalLm model, TokenCodec tokenizer, ToIntFunction<String> storedBits,
            CompressionRequest request, ProgressSink progress, Consumer<ConditionResult> finished) {
        return run(model, tokenizer, storedBits, Prompting.RAW, request, progress, finished);
    }

    /**
     * Runs {@code request} on a loaded model. {@code storedBits} gives the bits each untouched tensor
     * is really stored with (16 for a bf16 checkpoint, 32 for float32). Every finished condition is
     * passed to {@code finished} at once, so a cancelled run keeps them.
     */
    public static AblationResult run(CausalLm model, TokenCodec tokenizer, ToIntFunction<String> storedBits, Prompting prompting,
            CompressionRequest request, ProgressSink progress, Consumer<ConditionResult> finished) {
        CompressionTargets targets = CompressionTargets.of(model);
        boolean fisherNeeded = request.conditions().stream().anyMatch(CompressionCondition::needsFisher);
        if (fisherNeeded && !(model instanceof Gpt2) && !CausalLmFisher.supports(model)) {
            CompressionCondition c = request.conditions().stream().filter(CompressionCondition::needsFisher).findFirst().orElseThrow();
            throw new CompressionException("compress.fisher.arch", "Fisher needs Gpt2Graph or float32 stacked linears", c.cliName(),
                    model.name(), targets.architecture());
        }
        List<long[]> encoded = request.calibrationTexts().stream().map(t -> tokenizer.encode(t)).toList();
        List<long[]> calib = Calibration.select(encoded, request.calibration(), model.maxPositions());
        if (calib.isEmpty()) {
            throw new CompressionException("compress.calib.empty", request.calibrationTexts().size() + " lines",
                    request.calibration().minTokens());
        }
        long[] evalIds = tokenizer.encode(request.evaluationText());
        if (evalIds.length < 2) throw new CompressionException("compress.eval.short", "", evalIds.length);

        int phases = 2 + (fisherNeeded ? 1 : 0) + request.conditions().size() + request.sweepBits().size();
        Phases phase = new Phases(progress, phases);

        long t0 = System.nanoTime();
        Calibration calibration = Calibration.run(model, targets, calib, phase.next("compress.phase.calibration"));
        double calibrationSeconds = (System.nanoTime() - t0) / 1e9;
        // Between phases, what the forward passes freed goes back to the OS (NativeHeap: glibc keeps it otherwise).
        br.lncc.llm.platform.NativeHeap.trim();

        Map<String, Double> fisher = Map.of(), fisherParts = Map.of();
        double fisherSeconds = 0;
        if (fisherNeeded) {
            long f0 = System.nanoTime();
            List<long[]> fisherTexts = calib.stream().limit(request.fisherTexts())
                    .map(ids -> ids.length > 128 ? Arrays.copyOf(ids, 128) : ids).toList();
            ProgressSink sink = phase.next("compress.phase.fisher");
            if (model instanceof Gpt2 gpt2) {
                Gpt2Fisher.Result r = Gpt2Fisher.of(gpt2, fisherTexts, sink);
                fisher = r.scores();
                fisherParts = r.parts();
            } else {
                fisher = CausalLmFisher.of(model, fisherTexts, sink).scores(); // q/k/v are linears of their own here
            }
            fisherSeconds = (System.nanoTime() - f0) / 1e9;
            br.lncc.llm.platform.NativeHeap.trim();
        }
        Map<String, Double> activation = new LinkedHashMap<>();
        for (var t : targets.linears()) activation.put(t.name(), calibration.meanNorm(t.name()));

        Evaluation eval = new Evaluation(model, tokenizer, evalIds, request, prompting);
        ConditionResult baseline = eval.measure(CompressionCondition.NONE, budget(targets, Map.of(), storedBits, request),
                Map.of(), Double.NaN, System.nanoTime(), phase.next("compress.phase.baseline"));
        finished.accept(baseline);
        br.lncc.llm.platform.NativeHeap.trim();

        List<ConditionResult> results = new ArrayList<>();
        List<ConditionResult> sweep = new ArrayList<>();
        boolean cancelled = false;
        Set<String> touchable = new LinkedHashSet<>();
        targets.linears().forEach(t -> touchable.add(t.name()));
        if (!request.skipEmbeddings()) {
            touchable.add(targets.head().name());
            touchable.add(targets.embedding().name());
        }
        try (WeightSnapshot original = WeightSnapshot.of(model, touchable)) {
            for (CompressionCondition c : request.conditions()) {
                if (c == CompressionCondition.NONE) {
                    results.add(baseline);
                    continue;
                }
                ProgressSink sink = phase.next(phaseKey(c));
                long start = System.nanoTime();
                try {
                    Map<String, Allocation.Choice> allocation = allocate(c, targets, calibration, fisher, request);
                    apply(model, targets, calibration, allocation, c == CompressionCondition.MAGNITUDE, request, sink);
                    ConditionResult r = eval.measure(c, budget(targets, allocation, storedBits, request), allocation,
                            baseline.ppl(), start, sink);
                    results.add(r);
                    finished.accept(r);
                } finally {
                    original.restore(model);
                    br.lncc.llm.platform.NativeHeap.trim();
                }
            }
            // The curve: uniform at each sweep bit width, same sparsity (Wanda), same restore.
            for (int b : request.sweepBits()) {
                ProgressSink sink = phase.next("compress.phase.sweep", b);
                long start = System.nanoTime();
                try {
                    Map<String, Allocation.Choice> allocation = allocate(CompressionCondition.UNIFORM, targets, calibration, fisher,
                            request.withBits(b));
                    apply(model, targets, calibration, allocation, false, request, sink);
                    sweep.add(eval.measure(CompressionCondition.UNIFORM, budget(targets, allocation, storedBits, request), allocation,
                            baseline.ppl(), start, sink));
                } finally {
                    original.restore(model);
                    br.lncc.llm.platform.NativeHeap.trim();
                }
            }
        } catch (CancelledException e) {
            cancelled = true;
        }
        return new AblationResult(model.name(), targets.architecture(), request, baseline, List.copyOf(results), fisher,
                fisherParts, activation, targets.embeddingShare(), targets.tied(), targets.totalWeights(),
                calibrationSeconds, fisherSeconds, cancelled, List.copyOf(sweep), prompting.chat());
    }

    /** The progress key of a condition's phase. */
    public static String phaseKey(CompressionCondition c) {
        return "compress.phase." + (c == CompressionCondition.FISHER ? "fisher-condition" : c.cliName());
    }

    /** Bits and sparsity per tensor: the condition's allocation of the linears, plus the embedding/head unless skipped. */
    static Map<String, Allocation.Choice> allocate(CompressionCondition c, CompressionTargets targets, Calibration calibration,
            Map<String, Double> fisher, CompressionRequest request) {
        List<String> names = targets.linears().stream().map(CompressionTargets.Target::name).toList();
        Allocation a = Allocation.of(c, names, request.bits(), request.sparsity(), calibration::meanNorm,
                n -> fisher.getOrDefault(n, 0.0));
        Map<String, Allocation.Choice> m = new LinkedHashMap<>(a.choices());
        if (!request.skipEmbeddings()) {
            m.put(targets.head().name(), new Allocation.Choice(request.bits(), request.sparsity()));
            if (!targets.tied()) m.put(targets.embedding().name(), new Allocation.Choice(request.bits(), request.sparsity()));
        }
        if (request.twoFour()) m.replaceAll((k, v) -> new Allocation.Choice(v.bits(), 0.5));
        return m;
    }

    /**
     * Prunes then quantizes every allocated tensor in place (seed's {@code apply_allocation}). The head
     * is pruned with the norms of its input (the final norm's output); an untied token embedding is a
     * lookup table with no input activation, so it is pruned by magnitude.
     */
    static void apply(CausalLm model, CompressionTargets targets, Calibration calibration,
            Map<String, Allocation.Choice> allocation, boolean magnitudeOnly, CompressionRequest request, ProgressSink sink) {
        List<CompressionTargets.Target> all = new ArrayList<>(targets.linears());
        all.add(targets.head());
        if (!targets.tied()) all.add(targets.embedding());
        int done = 0;
        // One tensor at a time, quantized in place, written back through one reused direct buffer:
        // besides the model, the lab holds a single matrix's worth of float32 (#14's memory budget).
        long largest = 0;
        for (CompressionTargets.Target t : all) if (allocation.containsKey(t.name())) largest = Math.max(largest, 4L * t.weights());
        java.nio.ByteBuffer scratch = largest > Integer.MAX_VALUE ? null
                : java.nio.ByteBuffer.allocateDirect((int) largest).order(java.nio.ByteOrder.nativeOrder());
        for (CompressionTargets.Target t : all) {
            Allocation.Choice choice = allocation.get(t.name());
            if (choice == null) continue;
            sink.checkCancelled();
            float[] w = CompressionTargets.read(model, t);
            float[] norms = magnitudeOnly || t.role() == LinearRole.EMBEDDING ? null : calibration.norms().get(t.name());
            boolean[] keep = request.twoFour() ? Pruning.twoFour(w, t.out(), t.in(), norms)
                    : Pruning.unstructured(w, t.out(), t.in(), norms, choice.sparsity());
            Pruning.apply(w, keep);
            GroupQuantization.quantizeInPlace(w, keep, t.out(), t.in(), choice.bits(), request.group());
            CompressionTargets.write(model, t, w, scratch);
            sink.update(++done, allocation.size() * 2L, "");
        }
    }

    static CompressionBudget budget(CompressionTargets targets, Map<String, Allocation.Choice> allocation,
            ToIntFunction<String> storedBits, CompressionRequest request) {
        Map<String, CompressionBudget.Slot> compressed = new LinkedHashMap<>();
        Map<String, CompressionBudget.Slot> untouched = new LinkedHashMap<>();
        List<CompressionTargets.Target> all = new ArrayList<>(targets.linears());
        all.add(targets.head());
        if (!targets.tied()) all.add(targets.embedding());
        for (CompressionTargets.Target t : all) {
            Allocation.Choice c = allocation.get(t.name());
            if (c != null) compressed.put(t.name(), new CompressionBudget.Slot(t.weights(), c.bits(), c.sparsity()));
            else untouched.put(t.name(), new CompressionBudget.Slot(t.weights(), storedBits.applyAsInt(t.name()), 0));
        }
        targets.otherWeights().forEach((n, w) -> untouched.put(n, new CompressionBudget.Slot(w, storedBits.applyAsInt(n), 0)));
        if (compressed.isEmpty()) {
            // The baseline: the linears' own storage is what "compressed" would be measured against.
            Map<String, CompressionBudget.Slot> linears = new LinkedHashMap<>();
            for (var t : targets.linears()) linears.put(t.name(), untouched.remove(t.name()));
            return CompressionBudget.of(linears, untouched);
        }
        return CompressionBudget.of(compressed, untouched);
    }

    /** Perplexity and greedy generations of the model as it currently is. */
    private record Evaluation(CausalLm model, TokenCodec tokenizer, long[] evalIds, CompressionRequest request, Prompting prompting) {

        ConditionResult measure(CompressionCondition c, CompressionBudget budget, Map<String, Allocation.Choice> allocation,
                double baselinePpl, long start, ProgressSink sink) {
            Perplexity.Result ppl = Perplexity.of(model, evalIds, Perplexity.Windowing.forModel(model, 1024), sink);
            br.lncc.llm.platform.NativeHeap.trim(); // the window's logits (1024 × vocabulary floats) are free now
            List<ConditionResult.Output> outputs = new ArrayList<>();
            int switches = 0;
            for (String prompt : request.prompts()) {
                sink.checkCancelled();
                String text = generate(prompt, sink);
                int n = ScriptSwitches.count(prompt, text);
                switches += n;
                outputs.add(new ConditionResult.Output(prompt, text, n));
            }
            String joined = String.join(" ", outputs.stream().map(ConditionResult.Output::text).toList());
            double ratio = Double.isNaN(baselinePpl) ? 1.0 : ppl.ppl() / baselinePpl;
            return new ConditionResult(c, budget, ppl.ppl(), ratio, ppl.tokens(), Repetition.repetitionRate(joined, 4),
                    Repetition.distinct(joined, 2), switches, List.copyOf(outputs), Map.copyOf(allocation),
                    (System.nanoTime() - start) / 1e9);
        }

        /**
         * Greedy, repetition penalty 1.3, as the seed's {@code generate_with_chat_template}: the
         * prompt as one user turn of the checkpoint's chat template when it has one (fitted by the
         * chat-aware {@link PromptWindow} rule: a cut drops the start of the user's text, never the
         * template), stopping on the checkpoint's end ids; the answer decoded without special tokens.
         */
        String generate(String prompt, ProgressSink sink) {
            PromptWindow.Codec codec = new PromptWindow.Codec() {
                @Override
                public long[] encode(String text) {
                    return tokenizer.encode(text);
                }

                @Override
                public String decode(long[] ids) {
                    return tokenizer.decode(ids);
                }
            };
            int room = Math.min(request.maxNewTokens(), model.maxPositions() - 1);
            PromptWindow w = PromptWindow.fit(codec, prompting.template(), null, prompt, model.maxPositions(), room);
            if (w.ids().length == 0) return "";
            var settings = new GenerationSettings(Math.min(room, model.maxPositions() - w.ids().length), Strategy.GREEDY,
                    CompressionRequest.REPETITION_PENALTY, 42, true, true, KvCache.Layout.PREALLOCATED, 0, prompting.stopTokenIds());
            Generation g = new Generator(model).generate(w.ids(), settings, Generator.TokenListener.NONE, sink);
            sink.checkCancelled();
            long[] all = g.allIds();
            return tokenizer.decode(Arrays.copyOfRange(all, w.ids().length, all.length));
        }
    }

    /**
     * The original values of the tensors a condition may change, to put back bit for bit. They go
     * to a temporary file, not to memory: for a 0.5B model a second float32 copy of every linear
     * is 1.4 GB of RAM, the difference between the issue's ~2× budget and running out. A restore
     * reads one tensor at a time through one reused buffer.
     */
    static final class WeightSnapshot implements AutoCloseable {
        private final java.nio.file.Path file;
        private final java.nio.channels.FileChannel channel;
        private final Map<String, long[]> slots = new LinkedHashMap<>(); // name -> {offset, bytes}
        private final java.nio.ByteBuffer buffer;

        private WeightSnapshot(java.nio.file.Path file, java.nio.channels.FileChannel channel, long largest) {
            this.file = file;
            this.channel = channel;
            this.buffer = java.nio.ByteBuffer.allocateDirect(Math.toIntExact(largest)).order(java.nio.ByteOrder.nativeOrder());
        }

        static WeightSnapshot of(CausalLm model, Set<String> names) {
            long largest = 4;
            for (String n : names) largest = Math.max(largest, 4 * model.parameters().get(n).size());
            java.nio.file.Path file = null;
            try {
                file = java.nio.file.Files.createTempFile("companion-compress-original-", ".f32");
                file.toFile().deleteOnExit();
                var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                        java.nio.file.StandardOpenOption.WRITE);
                var s = new WeightSnapshot(file, channel, largest);
                long offset = 0;
                for (String n : names) {
                    NDArray a = model.parameters().get(n);
                    s.buffer.clear();
                    s.buffer.asFloatBuffer().put(a.toFloatArray());
                    int bytes = Math.toIntExact(4 * a.size());
                    s.buffer.limit(bytes);
                    long at = offset;
                    while (s.buffer.hasRemaining()) at += channel.write(s.buffer, at);
                    s.slots.put(n, new long[] {offset, bytes});
                    offset += bytes;
                }
                return s;
            } catch (java.io.IOException e) {
                if (file != null) file.toFile().delete();
                throw new java.io.UncheckedIOException("could not write the snapshot of the original weights", e);
            }
        }

        void restore(CausalLm model) {
            try {
                for (var e : slots.entrySet()) {
                    NDArray target = model.parameters().get(e.getKey());
                    buffer.clear();
                    buffer.limit(Math.toIntExact(e.getValue()[1]));
                    long at = e.getValue()[0];
                    while (buffer.hasRemaining()) {
                        int n = channel.read(buffer, at);
                        if (n < 0) throw new java.io.EOFException("snapshot truncated at " + e.getKey());
                        at += n;
                    }
                    buffer.flip();
                    try (var scope = model.manager().newSubManager()) {
                        target.set(new NDIndex("..."), scope.create(buffer.slice().order(java.nio.ByteOrder.nativeOrder()), target.getShape(),
                                ai.djl.ndarray.types.DataType.FLOAT32)); // a FloatBuffer view would be copied into a new direct buffer, resident until a GC
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not read back the original weights", e);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
                java.nio.file.Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                // A temporary file left behind is deleted on exit.
            }
        }
    }

    /** Splits one progress bar into equal phases; each phase reports its own fraction. */
    private static final class Phases {
        private final ProgressSink outer;
        private final int count;
        private int current = -1;

        Phases(ProgressSink outer, int count) {
            this.outer = outer;
            this.count = count;
        }

        ProgressSink next(String key, Object... args) {
            int index = ++current;
            outer.update(index * 1000L, count * 1000L, Message.of(key, args));
            return new ProgressSink() {
                @Override
                public void update(long done, long total, String message) {
                    long within = total > 0 ? Math.min(999, done * 1000 / total) : 0;
                    outer.update(index * 1000L + within, count * 1000L, Message.of(key, args));
                }

                @Override
                public boolean isCancelled() {
                    return outer.isCancelled();
                }
            };
        }
    }
}
