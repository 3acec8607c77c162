package br.lncc.llm.lesson.ch05;

import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.Sampler;
import br.lncc.llm.generate.StepDistribution;
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
    /** Where the weights came from (hashed in the experiment record); null for the tiny random T5. */
    private final Path folder;
    /** What closing the lab releases: its lease, or the model and tokenizer it owns. */
    private final AutoCloseable release;

    /** A lab that owns {@code model} and {@code tokenizer} (closing it closes them). */
    public PromptingLab(T5 model, TextTokenizer tokenizer, String name, boolean randomWeights) {
        this(model, tokenizer, name, randomWeights, null, () -> {
            model.close();
            tokenizer.close();
        });
    }

    private PromptingLab(T5 model, TextTokenizer tokenizer, String name, boolean randomWeights, Path folder,
            AutoCloseable release) {
        this.model = model;
        this.folder = folder;
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
        return new PromptingLab(loaded.model(), loaded.tokenizer(), String.valueOf(folder.getFileName()), false, folder, loaded);
    }

    /**
     * The lab over the folder's FLAN-T5 leased from {@link ModelSessions#app()}: the Cap. 5
     * sections and any other holder of the folder share one copy. Closing the lab closes the lease.
     */
    public static PromptingLab lease(Path folder, String holder) {
        ModelLease<Loaded> lease = ModelSessions.app().lease(SessionKey.of(folder, ModelFormat.FP32), holder, Loaded.class,
                () -> Loaded.read(folder));
        return new PromptingLab(lease.get().model(), lease.get().tokenizer(), displayName(folder), false, folder, lease);
    }

    /**
     * The project's tiny T5 with random weights ({@link TinyT5}): Cap. 5 with nothing downloaded,
     * leased like any model so the memory line names it (the seed is its identity).
     */
    public static PromptingLab tiny(String holder) {
        ModelLease<Loaded> lease = ModelSessions.app().lease(SessionKey.of(TinyT5.NAME + ":seed=" + TinyT5.SEED, ModelFormat.FP32),
                holder, Loaded.class, TinyT5::random);
        return new PromptingLab(lease.get().model(), lease.get().tokenizer(), TinyT5.NAME, true, null, lease);
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

    /** The model's folder (its files are hashed in the experiment record), or null for the tiny random T5. */
    public Path folder() {
        return folder;
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

    // ------------------------------------------------------------------ the CLI's generate / logits / attention

    /** True when the folder's config.json describes a T5 (model_type "t5"): the CLI routes it here. */
    public static boolean isT5(Path folder) {
        try {
            var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("config.json").toFile());
            return "t5".equals(config.path("model_type").asText(""));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Encoder-decoder generation (Cap. 5): the prompt goes through the encoder once, the decoder
     * starts from decoder_start_token_id and writes the answer — the answer does not continue the
     * prompt. Greedy or sampling, repetition penalty over the decoder's own tokens, with or without
     * the decoder's self-attention cache, timed per token as the causal {@link Generator} does
     * ({@code prefillMs} = encoder + first decoder step). Cancel stops between tokens.
     */
    public Generation generate(String prompt, GenerationSettings settings, Generator.TokenListener listener,
            ProgressSink progress) {
        long[] ids = encode(prompt);
        Sampler sampler = new Sampler(settings.strategy(), settings.repetitionPenalty(), settings.seed());
        List<Long> produced = new ArrayList<>();
        List<StepDistribution> distributions = new ArrayList<>();
        List<Double> stepMs = new ArrayList<>();
        double[] prefill = {0};
        long[] last = {System.nanoTime()};
        long start = last[0];
        Generation.StopReason[] reason = {Generation.StopReason.MAX_TOKENS};
        int eos = model.config().eosId();
        model.generate(ids, settings.maxNewTokens(), settings.useCache(), logits -> {
            long[] seen = produced.stream().mapToLong(Long::longValue).toArray();
            if (settings.distributionTopN() == 0) return sampler.next(logits, seen);
            StepDistribution d = sampler.describe(logits, seen, produced.size(), settings.distributionTopN());
            distributions.add(d);
            return d.chosenId();
        }, (step, id) -> {
            long now = System.nanoTime();
            if (step == 0) prefill[0] = (now - start) / 1e6;
            else stepMs.add((now - last[0]) / 1e6);
            last[0] = now;
            produced.add(id);
            listener.onToken(step, id, distributions.isEmpty() ? null : distributions.get(distributions.size() - 1));
            progress.update(step + 1, settings.maxNewTokens(), "");
            if (settings.stopAtEos() && settings.isStopToken(id, eos)) {
                reason[0] = Generation.StopReason.EOS;
                return false;
            }
            if (progress.isCancelled()) {
                reason[0] = Generation.StopReason.CANCELLED;
                return false;
            }
            return true;
        });
        return new Generation(ids, produced.stream().mapToLong(Long::longValue).toArray(), reason[0], prefill[0],
                stepMs.stream().mapToDouble(Double::doubleValue).toArray(), List.copyOf(distributions));
    }

    /** The encoder's input ids and the logits (vocab) of the decoder's first position: the model's first word. */
    public record FirstLogits(long[] encoderIds, float[] logits) {}

    /** What the decoder would write first for {@code text} (one encoder pass, one decoder step). */
    public FirstLogits firstLogits(String text) {
        long[] ids = encode(text);
        return new FirstLogits(ids, model.logits(ids, new long[] {model.config().decoderStartId()})[0]);
    }

    /** One head of the encoder's self-attention over the input's tokens (&lt;/s&gt; included). */
    public record EncoderAttention(String[] tokens, float[][] matrix) {}

    /** Layer and head count from 0; a missing one is refused with the range that exists. */
    public EncoderAttention encoderAttention(String text, int layer, int head) {
        int layers = model.config().numLayers();
        int heads = model.config().numHeads();
        if (layer < 0 || layer >= layers) {
            throw new br.lncc.llm.model.ModelException("t5.attention.layer", new Object[] {layer, layers - 1}, "layer " + layer);
        }
        if (head < 0 || head >= heads) {
            throw new br.lncc.llm.model.ModelException("t5.attention.head", new Object[] {head, heads - 1}, "head " + head);
        }
        long[] ids = encode(text);
        // encode() keeps the first 512 positions and ends them in </s>: the labels follow.
        String[] tokens = java.util.Arrays.copyOf(tokenizer.encode(text, true).tokens(), ids.length);
        tokens[ids.length - 1] = "</s>";
        return new EncoderAttention(tokens, model.encoderAttentions(ids)[layer][head]);
    }

    /** Text of decoder ids, special tokens skipped. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** Tokens the encoder reads for {@code text} before the 512-position cap (&lt;/s&gt; included). */
    public int inputTokens(String text) {
        return tokenizer.encode(text, true).ids().length;
    }

    /** The encoder's window: longer inputs keep their first positions and end in &lt;/s&gt;. */
    public int window() {
        return model.config().positions();
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
