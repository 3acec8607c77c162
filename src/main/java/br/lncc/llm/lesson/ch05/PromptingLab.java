package br.lncc.llm.lesson.ch05;

import br.lncc.llm.generate.Sampler;
import br.lncc.llm.generate.Strategy;
import br.lncc.llm.lesson.Cap5Prompts;
import br.lncc.llm.lesson.SelfConsistency;
import br.lncc.llm.model.T5;
import br.lncc.llm.session.ModelFormat;
import br.lncc.llm.session.ModelLease;
import br.lncc.llm.session.ModelSessions;
import br.lncc.llm.session.SessionKey;
import br.lncc.llm.session.SizedModel;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cap. 5 on FLAN-T5: zero-shot vs few-shot, bad vs good template, and self-consistency, with the
 * notebook's prompts and decoding settings ({@link Cap5Prompts}). No JavaFX; slow calls take a
 * {@link ProgressSink}.
 */
public final class PromptingLab implements AutoCloseable {

    /** The Cap. 5 pages' holder name: one FLAN-T5 shared by 5.5–5.8. */
    public static final String HOLDER = "5.5–5.8";

    private final T5 model;
    private final TextTokenizer tokenizer;
    private final String name;
    private final boolean randomWeights;
    /** What closing the lab releases: its lease, or the model and tokenizer it owns. */
    private final AutoCloseable release;

    /** A lab that owns {@code model} and {@code tokenizer} (closing it closes them). */
    public PromptingLab(T5 model, TextTokenizer tokenizer, String name, boolean randomWeights) {
        this(model, tokenizer, name, randomWeights, () -> {
            model.close();
            tokenizer.close();
        });
    }

    private PromptingLab(T5 model, TextTokenizer tokenizer, String name, boolean randomWeights, AutoCloseable release) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.name = name;
        this.randomWeights = randomWeights;
        this.release = release;
    }

    /** A T5's model and tokenizer as {@link ModelSessions} holds them. */
    public record Loaded(T5 model, TextTokenizer tokenizer) implements AutoCloseable, SizedModel {
        static Loaded read(Path folder) {
            TextTokenizer tokenizer = TextTokenizer.fromFolder(folder);
            try {
                return new Loaded(T5.load(folder), tokenizer);
            } catch (RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        }

        /** Float32: 4 bytes per parameter. */
        @Override
        public long estimatedBytes() {
            return 4 * model.config().parameterCount();
        }

        @Override
        public void close() {
            model.close();
            tokenizer.close();
        }
    }

    /** Loads a T5 folder (config.json, tokenizer.json, model.safetensors): a copy of its own. */
    public static PromptingLab open(Path folder) {
        var loaded = Loaded.read(folder);
        return new PromptingLab(loaded.model(), loaded.tokenizer(), String.valueOf(folder.getFileName()), false, loaded);
    }

    /**
     * The lab over the folder's FLAN-T5 leased from {@link ModelSessions#app()}: the Cap. 5
     * sections and any other holder of the folder share one copy. Closing the lab closes the lease.
     */
    public static PromptingLab lease(Path folder, String holder) {
        ModelLease<Loaded> lease = ModelSessions.app().lease(SessionKey.of(folder, ModelFormat.FP32), holder, Loaded.class,
                () -> Loaded.read(folder));
        return new PromptingLab(lease.get().model(), lease.get().tokenizer(), displayName(folder), false, lease);
    }

    /**
     * The project's tiny T5 with random weights ({@link TinyT5}): Cap. 5 with nothing downloaded,
     * leased like any model so the memory line names it (the seed is its identity).
     */
    public static PromptingLab tiny(String holder) {
        ModelLease<Loaded> lease = ModelSessions.app().lease(SessionKey.of(TinyT5.NAME + ":seed=" + TinyT5.SEED, ModelFormat.FP32),
                holder, Loaded.class, TinyT5::random);
        return new PromptingLab(lease.get().model(), lease.get().tokenizer(), TinyT5.NAME, true, lease);
    }

    /** A Hugging Face cache snapshot folder is a commit hash: name it after its repository instead. */
    private static String displayName(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        Path parent = f.getParent();
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("snapshots")
                && parent.getParent() != null && parent.getParent().getFileName().toString().startsWith("models--")) {
            return parent.getParent().getFileName().toString().substring("models--".length()).replace("--", "/");
        }
        return String.valueOf(f.getFileName());
    }

    /** The folder's (or Hub repository's) name, or {@value TinyT5#NAME}. */
    public String name() {
        return name;
    }

    /** True for the tiny T5: every output is noise and the pages say so beside it. */
    public boolean randomWeights() {
        return randomWeights;
    }

    public T5 model() {
        return model;
    }

    /** Encoder ids with the tokenizer's own special tokens (T5 appends &lt;/s&gt;), capped at 512 as N2.22. */
    public long[] encode(String prompt) {
        long[] ids = tokenizer.encode(prompt, true).ids();
        int window = model.config().positions();
        if (ids.length <= window) return ids;
        long[] head = java.util.Arrays.copyOf(ids, window);
        head[window - 1] = model.config().eosId();
        return head;
    }

    /** The outputs of one experiment: one string when greedy, {@code samples} strings when sampling. */
    public record Outputs(Cap5Prompts.Experiment experiment, List<String> texts, long seed) {}

    /** Runs an experiment; sampling uses one seeded sampler so a seed replays the same samples. */
    public Outputs run(Cap5Prompts.Experiment e, long seed, ProgressSink progress) {
        long[] ids = encode(e.prompt());
        List<String> texts = new ArrayList<>();
        Sampler sampler = e.sample() ? new Sampler(Strategy.of(e.temperature(), 0, e.topP()), 1.0, seed) : null;
        for (int i = 0; i < e.samples(); i++) {
            progress.checkCancelled();
            progress.update(i, e.samples(), e.id());
            long[] out = sampler == null
                    ? model.generateGreedy(ids, e.maxNewTokens(), true)
                    : model.generate(ids, e.maxNewTokens(), true, logits -> sampler.next(logits, new long[0]));
            texts.add(tokenizer.decode(out, true));
        }
        progress.update(e.samples(), e.samples(), e.id());
        return new Outputs(e, List.copyOf(texts), seed);
    }

    /** N2.25: label samples parsed and voted (INDETERMINADO when nothing parses). */
    public SelfConsistency.Vote<String> labelVote(Outputs outputs) {
        return SelfConsistency.vote(outputs.texts(), SelfConsistency::parseLabel);
    }

    /** N2.26: first-integer parsing and vote. */
    public SelfConsistency.Vote<Integer> numberVote(Outputs outputs) {
        return SelfConsistency.vote(outputs.texts(), SelfConsistency::parseFirstInteger);
    }

    /** Token count with this model's tokenizer (includes &lt;/s&gt;, as N2.27 counts for T5). */
    public int count(String text) {
        return tokenizer.encode(text, true).ids().length;
    }

    @Override
    public void close() {
        try {
            release.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the prompting lab failed", e);
        }
    }
}
