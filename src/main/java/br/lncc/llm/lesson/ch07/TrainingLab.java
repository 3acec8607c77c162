package br.lncc.llm.lesson.ch07;

import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;
import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.lesson.ch07.LoadedAdapters;
import br.lncc.llm.train.LoraAdapters;
import br.lncc.llm.train.LoraConfig;
import br.lncc.llm.train.PeftAdapterFiles;
import br.lncc.llm.train.SftDataset;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Cap. 7.5–7.11, the pipeline for real: the same GPT-2 trained by SFT, LoRA and QLoRA on the
 * book's two-row dataset (or a JSONL file), as the page and any other caller run it. The lab
 * holds the policy the page used to hold: the settings a model starts from, the plan built from
 * a request, which base each method trains on (SFT a copy of its own because it writes its
 * weights; LoRA the shared float32 base; QLoRA the shared NF4 base — Cap. 7.3.4), the greedy
 * answer to the reference prompt before and after, and what is kept so the adapters can be saved.
 *
 * <p>No JavaFX: {@link #run} is called on a background thread and reports {@link Event}s; the
 * page renders them. Adapters a run keeps come out as a {@link TrainedAdapters} the caller
 * holds (and closes) on its own thread, since the page draws ΔW from their native arrays.
 */
public final class TrainingLab {

    /** The holder name the training pages lease their base under (one lab shared by 7.5–7.11). */
    public static final String HOLDER = "7.5–7.11";
    /** Where prompts are cut when tokenized for training (GPT-2's rows in the book are short). */
    static final int MAX_ROW_TOKENS = 256;
    /** The run's seed: the book's Trainer seed, so a run in class repeats. */
    static final long SEED = 42;

    private TrainingLab() {}

    /** The rows of Cap. 7.9's dataset. */
    public static List<String> bookRows() {
        return SftDataset.bookRows();
    }

    /** The rows of a JSONL file ({"text": …} per line), as the page's "Open JSONL" reads it. */
    public static List<String> readRows(Path file) {
        return SftDataset.readJsonl(file);
    }

    /** GPT-2's four module kinds a LoRA adapter can sit on ("attn.c_attn", …). */
    public static List<String> moduleKinds() {
        return LoraConfig.GPT2_MODULES;
    }

    /** Transformer blocks of the chosen model, 0 when its folder cannot be read (the run will say why). */
    public static int layerCount(LabModelSource source) {
        try {
            return source.config().nLayer();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Where the adapters go: rank, α, dropout, module kinds (see {@link #moduleKinds()}) and
     * blocks (PEFT's layers_to_transform; null = every block).
     */
    public record Placement(int r, double alpha, double dropout, List<String> modules, List<Integer> layers) {
        public Placement {
            modules = List.copyOf(modules);
            layers = layers == null ? null : List.copyOf(layers);
            if (modules.isEmpty()) throw new TrainingException("train.plan.noTargets", new Object[0], null);
            if (layers != null && layers.isEmpty()) throw new TrainingException("train.plan.noLayers", new Object[0], null);
        }

        /** PEFT's LoraConfig for this placement. */
        LoraConfig config() {
            return new LoraConfig(r, alpha, dropout, LoraConfig.targetsFor(modules), layers);
        }
    }

    /** How long and how fast: shared by the methods, each taking its own learning rate. */
    public record Schedule(int steps, int batchSize, double lrSft, double lrLora, double modelDropout) {}

    /** The reference prompt and how many tokens the before/after answers get. */
    public record Probe(String prompt, int newTokens) {
        public Probe {
            if (newTokens < 1) throw new TrainingException("train.plan.noTokens", new Object[] {newTokens}, null);
        }
    }

    /** What the page starts from for {@code source}. */
    public record Defaults(Schedule schedule, Placement placement, Probe probe) {}

    /**
     * The book's settings (5 steps, lr 5e-5, dropout 0.1; LoRA r 8, α 16 at 2e-4) are for a
     * pretrained GPT-2; the tiny random model starts at ln V and needs larger steps to show a
     * falling curve in a few seconds.
     */
    public static Defaults defaults(LabModelSource source) {
        boolean tiny = source instanceof LabModelSource.Tiny;
        var book = TrainingRun.Settings.book(TrainingMethod.SFT);
        var lora = LoraConfig.book();
        var modules = moduleKinds().stream().filter(m -> lora.targets("h.0." + m)).toList();
        var schedule = new Schedule(tiny ? 12 : book.steps(), book.batchSize(), tiny ? 3e-3 : book.learningRate(),
                tiny ? 1e-2 : TrainingRun.Settings.book(TrainingMethod.LORA).learningRate(), tiny ? 0.0 : book.modelDropout());
        return new Defaults(schedule, new Placement(lora.r(), lora.alpha(), lora.dropout(), modules, null),
                new Probe(SftDataset.REFERENCE_PROMPT, 20));
    }

    /** The LoRA line the page shows before running: what PEFT would print, and where the adapters sit. */
    public record PeftPreview(String targetModules, String layersToTransform, int targetedModules, String peftLine) {}

    public static PeftPreview preview(LabModelSource source, Placement placement) {
        var config = placement.config();
        var model = source.config();
        return new PeftPreview(
                config.targetModules().stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ", "[", "]")),
                config.layersToTransform() == null ? "None" : config.layersToTransform().toString(),
                config.targetedModules(model).size(), config.summary(model).peftLine());
    }

    /** One run of the lab: which model, which rows, which methods, and their settings. */
    public record Request(LabModelSource source, List<String> rows, Set<TrainingMethod> methods, Schedule schedule,
            Placement placement, Probe probe) {
        public Request {
            rows = rows.stream().filter(r -> !r.isBlank()).map(String::strip).toList();
            methods = methods.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(methods));
            if (rows.isEmpty()) throw new TrainingException("train.plan.noRows", new Object[0], null);
            if (methods.isEmpty()) throw new TrainingException("train.plan.noMethod", new Object[0], null);
        }

        /** The methods in the book's order (SFT, LoRA, QLoRA), each with its settings; validated before anything loads. */
        public List<TrainingRun.Settings> plan() {
            List<TrainingRun.Settings> plan = new ArrayList<>();
            for (TrainingMethod m : TrainingMethod.values()) {
                if (!methods.contains(m)) continue;
                double lr = m == TrainingMethod.SFT ? schedule.lrSft() : schedule.lrLora();
                plan.add(new TrainingRun.Settings(m, schedule.steps(), schedule.batchSize(), lr, true, 0,
                        schedule.modelDropout(), m == TrainingMethod.SFT ? null : placement.config(), SEED));
            }
            return plan;
        }
    }

    /** What a run reports as it goes (on the run's thread). */
    public sealed interface Event {
        /** The reference prompt's greedy answer before any training. */
        record Before(String prompt, String text) implements Event {}

        /** A method starts: a new curve. */
        record Started(TrainingMethod method) implements Event {}

        /** One optimizer step of {@code method}. */
        record Step(TrainingMethod method, int step, double loss) implements Event {}

        /** A method finished: its row of the results table. */
        record Finished(Result result) implements Event {}

        /** A LoRA/QLoRA method finished and its adapters were kept; the receiver now owns them. */
        record Kept(TrainedAdapters adapters) implements Event {}
    }

    /**
     * One method's row: trainable parameters (count and share), base memory in its format,
     * AdamW's moments, mean step time, last loss, and the answer after training.
     */
    public record Result(TrainingMethod method, long trainableParameters, double trainablePercent, long baseBytes,
            long optimizerBytes, double meanStepMillis, double lastLoss, String after) {}

    /**
     * Adapters a run kept, with the base they need (a lease on the shared base) until closed.
     * Saving writes PEFT's files plus a note of how they were trained.
     */
    public static final class TrainedAdapters implements AutoCloseable {
        private final LoraAdapters adapters;
        private final AutoCloseable base;
        private final String model;
        private final PeftAdapterFiles.TrainingNote note;

        TrainedAdapters(LoraAdapters adapters, AutoCloseable base, String model, PeftAdapterFiles.TrainingNote note) {
            this.adapters = adapters;
            this.base = base;
            this.model = model;
            this.note = note;
        }

        /** The trained A and B matrices (ΔW = (α/r)·BA is drawn from them). */
        public LoraAdapters adapters() {
            return adapters;
        }

        /** The adapters as the page draws them (configuration, ΔW per module). */
        public AdapterSet view() {
            return new AdapterSet(adapters);
        }

        /** Writes adapter_config.json, adapter_model.safetensors and the training note into {@code dir}. */
        public void save(Path dir) {
            PeftAdapterFiles.save(adapters, dir, model);
            PeftAdapterFiles.saveNote(dir, note);
        }

        @Override
        public void close() {
            adapters.close();
            try {
                base.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the adapters' base failed", e);
            }
        }
    }

    /**
     * Runs the plan: for each method, opens its base, answers the probe before training (once,
     * for the first method), trains, answers again and reports. Cancelling stops between steps;
     * what was reported stays valid. Call on a background thread.
     */
    public static void run(Request request, ProgressSink sink, Consumer<Event> events) {
        var plan = request.plan();
        var source = request.source();
        var codec = source.codec();
        var data = SftDataset.tokenize(request.rows(), codec, MAX_ROW_TOKENS, source.config().eosTokenId());
        Probe probe = request.probe();
        boolean first = true;
        for (var s : plan) {
            sink.checkCancelled();
            // SFT gets a copy of its own; LoRA/QLoRA lease the shared frozen base (ModelSessions), NF4 for QLoRA.
            var weights = source.openFor(s.method(), HOLDER);
            boolean kept = false;
            try (var run = new TrainingRun(weights, s)) {
                if (first) {
                    events.accept(new Event.Before(probe.prompt(), run.generate(codec, probe.prompt(), probe.newTokens())));
                    first = false;
                }
                events.accept(new Event.Started(s.method()));
                run.run(data, sink, step -> events.accept(new Event.Step(s.method(), step.step(), step.loss())));
                String after = run.generate(codec, probe.prompt(), probe.newTokens());
                var summary = run.summary();
                double ms = run.history().stream().mapToDouble(TrainingRun.StepRecord::millis).average().orElse(0);
                double last = run.history().get(run.history().size() - 1).loss();
                events.accept(new Event.Finished(new Result(s.method(), summary.trainableParameters(), summary.trainablePercent(),
                        summary.base().bytes(), summary.optimizerBytes(), ms, last, after)));
                if (run.adapters() != null) {
                    kept = true;
                    events.accept(new Event.Kept(new TrainedAdapters(run.adapters(), weights, source.name(),
                            new PeftAdapterFiles.TrainingNote(s.method(), run.history().size(), last))));
                }
            } finally {
                if (!kept) weights.close();
            }
        }
    }

    /** What loading an adapter folder gave: the adapters, or why not (the page keeps what it showed). */
    public record AdapterLoad(LoadedAdapters adapters, Message error) {}

    /**
     * Opens PEFT adapters from {@code dir} over {@code source} and answers the probe with and
     * without them. A folder that does not fit (another base, missing or corrupt files) comes
     * back as an error message, never as an exception. Call on a background thread.
     */
    public static AdapterLoad loadAdapters(LabModelSource source, Path dir, Probe probe, ProgressSink sink) {
        try {
            return new AdapterLoad(LoadedAdapters.load(source, dir, probe.prompt(), probe.newTokens(), sink), null);
        } catch (CompanionException e) {
            return new AdapterLoad(null, e.text());
        }
    }
}
