package br.lncc.llm.lesson.ch04;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationConfig;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.PromptWindow;
import br.lncc.llm.generate.Sampler;
import br.lncc.llm.generate.StepDistribution;
import br.lncc.llm.generate.Strategy;
import br.lncc.llm.lesson.Perplexity;
import br.lncc.llm.lesson.Repetition;
import br.lncc.llm.model.Architecture;
import br.lncc.llm.model.AttentionCapture;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.tokenize.TextTokenizer;
import br.lncc.llm.weights.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cap. 4.8–4.12: the generation lab behind the page and the notebook equivalent. Holds one
 * causal LM and its tokenizer; every method is plain computation (no JavaFX) and may take
 * seconds, so the UI calls it from a background task.
 */
public final class GenerationLab implements AutoCloseable {

    /** The prompt the book and N2 start from. */
    public static final String DEFAULT_PROMPT = "Transformers are models that";

    private final CausalLm model;
    private final TextTokenizer tokenizer;
    private final Path folder;

    private final List<Long> checkpointEos;
    /** What closing the lab releases: the model's lease, or the model and tokenizer it owns. */
    private final AutoCloseable release;

    /** A lab that owns {@code model} and {@code tokenizer} (closing it closes them). */
    public GenerationLab(CausalLm model, TextTokenizer tokenizer, Path folder) {
        this(model, tokenizer, folder, () -> {
            model.close();
            tokenizer.close();
        });
    }

    private GenerationLab(CausalLm model, TextTokenizer tokenizer, Path folder, AutoCloseable release) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.folder = folder;
        this.checkpointEos = folder == null ? List.of() : eosList(folder);
        this.release = release;
    }

    private static List<Long> eosList(Path folder) {
        try {
            return GenerationConfig.read(folder).eosTokenIds();
        } catch (ModelException e) {
            return List.of(); // a broken generation_config.json must not keep the lab from opening
        }
    }

    /** Loads the model and tokenizer of a Hugging Face-style folder (a copy of its own). */
    public static GenerationLab open(Path folder) {
        CausalLms.Opened opened = CausalLms.loadWithTokenizer(folder);
        return new GenerationLab(opened.model(), opened.tokenizer(), folder);
    }

    /**
     * The lab over the folder's shared model ({@link CausalLms#lease}): other pages holding the
     * same folder use the same copy. Closing the lab closes its lease.
     */
    public static GenerationLab lease(Path folder, String holder) {
        var lease = CausalLms.lease(folder, holder);
        try {
            return new GenerationLab(lease.get().model(), lease.get().tokenizer(), folder, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The holder name the Cap. 4 pages lease under (one lab shared by 4.8–4.12). */
    public static final String HOLDER = "4.8–4.12";

    /**
     * The project's tiny random Qwen2, so the lab works with nothing downloaded: its text is
     * gibberish, but the logits, temperature, top-p, cache and timings are computed for real.
     * Leased ({@link br.lncc.llm.lesson.TinyQwen2#lease}): Cap. 8's tiny judge of the same seed is the same copy.
     */
    public static GenerationLab randomTiny(long seed) {
        return randomTiny(seed, HOLDER);
    }

    /** As {@link #randomTiny(long)}, listed under {@code holder} in the model manager. */
    public static GenerationLab randomTiny(long seed, String holder) {
        var lease = br.lncc.llm.lesson.TinyQwen2.lease(seed, holder);
        try {
            return new GenerationLab(lease.get().model(), lease.get().tokenizer(), null, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The course model's name as the model manager lists it. */
    public static final String COURSE_MODEL_NAME = br.lncc.llm.model.CourseModel.NAME;

    /**
     * The course model ({@link br.lncc.llm.model.CourseModel}): a GPT-2 the app pre-trained on
     * Portuguese text, the default when nothing is downloaded. Its distributions have shape, so
     * temperature and top-p change what it writes. Leased like any folder: Cap. 7's LoRA and
     * Cap. 8's judge on the course model use the same copy.
     */
    public static GenerationLab course() {
        return course(HOLDER);
    }

    /** As {@link #course()}, listed under {@code holder} in the model manager. */
    public static GenerationLab course(String holder) {
        return lease(br.lncc.llm.model.CourseModel.folder(), holder);
    }

    /** True when this is the shipped course model (pages say what it is: not GPT-2). */
    public boolean courseModel() {
        return folder != null && folder.equals(br.lncc.llm.model.CourseModel.folder());
    }

    /** True for {@link #randomTiny}: the page says its text means nothing. */
    public boolean randomWeights() {
        return folder == null;
    }

    public CausalLm model() {
        return model;
    }

    public Path folder() {
        return folder;
    }

    /** Prompt ids, with the notice the student sees when the prompt had to be cut (null when nothing was). */
    public record Prompt(long[] ids, boolean truncated, Message notice) {
        static Prompt of(PromptWindow w) {
            return new Prompt(w.ids(), w.truncated(), w.notice());
        }
    }

    /**
     * Encodes without special tokens (GPT-2 adds none) and fits the window by the one rule
     * ({@link PromptWindow}): the tail is kept when the prompt does not leave room for
     * {@code reserve} new tokens — never silently.
     */
    public Prompt encode(String text, int reserve) {
        return Prompt.of(fitPrompt(model, tokenizer, null, null, text, reserve));
    }

    /**
     * As {@link #encode}, inside the checkpoint's chat template (ChatML of Qwen/SmolLM) when
     * {@code chat}: a cut then drops the start of the user's text, never the template.
     */
    public Prompt encode(String text, int reserve, boolean chat, String system) {
        return Prompt.of(fit(text, reserve, chat, system));
    }

    /** As {@link #encode(String, int, boolean, String)}, with the whole window (original length, notice) for reports. */
    public PromptWindow fit(String text, int reserve, boolean chat, String system) {
        return fitPrompt(model, tokenizer, chat ? chatTemplate() : null, system, text, reserve);
    }

    /** True when the folder's config.json names an architecture the lab runs (GPT-2, Llama family, Phi). */
    public static boolean isCausal(Path folder) {
        try {
            Architecture.of(Checkpoint.readConfig(folder));
            return true;
        } catch (RuntimeException e) {
            return false; // not causal, or not loadable: the caller's other path reports the problem
        }
    }

    /** The ids of a text without special tokens; an id the model's vocabulary lacks is refused by name. */
    public long[] tokenIds(String text) {
        long[] ids = tokenizer.encode(text, false).ids();
        model.requireKnownIds(ids);
        return ids;
    }

    /**
     * A text read whole, nothing generated after it (logits, attention): the whole window is
     * available, so a text longer than the model's positions keeps its end, never silently.
     *
     * @param tokens the tokenizer's pieces of the kept ids ("Ġmodels")
     */
    public record Reading(PromptWindow window, List<String> tokens) {
        public Reading {
            tokens = List.copyOf(tokens);
        }
    }

    public Reading read(String text) {
        var encoding = tokenizer.encode(text, false);
        if (encoding.size() == 0) throw new ModelException("cli.text.noTokens", new Object[0], "--text");
        model.requireKnownIds(encoding.ids());
        PromptWindow w = PromptWindow.fit(encoding.ids(), model.maxPositions(), 0);
        String[] tokens = Arrays.copyOfRange(encoding.tokens(), encoding.size() - w.ids().length, encoding.size());
        return new Reading(w, Arrays.asList(tokens));
    }

    /** Cap. 4.6: one head's causal attention over a text — row q sums to 1, nothing above the diagonal. */
    public record HeadAttention(Reading input, int layer, int head, float[][] matrix) {}

    /** Layers and heads count from zero; one that does not exist is refused with the model's range. */
    public HeadAttention attention(String text, int layer, int head) {
        Reading r = read(text);
        long[] ids = r.window().ids();
        AttentionCapture capture = new AttentionCapture();
        try (NDManager scope = model.manager().newSubManager()) {
            model.forward(scope.create(ids).reshape(1, ids.length), null, true, capture);
        }
        int layers = capture.layers().size();
        if (layer < 0 || layer >= layers) {
            throw new ModelException("cli.attention.noLayer", new Object[] {layer, layers - 1}, "--layer " + layer);
        }
        int heads = capture.layers().get(layer).length;
        if (head < 0 || head >= heads) {
            throw new ModelException("cli.attention.noHead", new Object[] {head, heads - 1}, "--head " + head);
        }
        return new HeadAttention(r, layer, head, capture.map(layer, head));
    }

    /** Cap. 6's perplexity of a text's ids, windowed as {@code windowing} says. */
    public Perplexity.Result perplexity(long[] ids, Perplexity.Windowing windowing, ProgressSink progress) {
        return Perplexity.of(model, ids, windowing, progress);
    }

    public int maxPositions() {
        return model.maxPositions();
    }

    /** The checkpoint's chat template; refused with a message when the folder has none. */
    public ChatTemplate chatTemplate() {
        ChatTemplate t = folder == null ? null : ChatTemplate.read(folder);
        if (t == null) throw new ModelException("generate.chat.none", new Object[] {String.valueOf(folder)}, null);
        return t;
    }

    /**
     * The one prompt-fitting rule of every causal page and command ({@link PromptWindow}, chat-aware):
     * the lab and {@code companion generate} call this, so the same prompt is cut the same way.
     *
     * @param template the chat template to wrap the prompt in, or null for the raw prompt
     */
    public static PromptWindow fitPrompt(CausalLm model, TextTokenizer tokenizer, ChatTemplate template, String system,
            String text, long reserve) {
        if (text == null || text.isBlank()) throw new ModelException("generate.prompt.empty", new Object[0], null);
        var codec = new PromptWindow.Codec() {
            @Override
            public long[] encode(String t) {
                long[] ids = tokenizer.encode(t, false).ids();
                model.requireKnownIds(ids);
                return ids;
            }

            @Override
            public String decode(long[] ids) {
                return tokenizer.decode(ids, true);
            }
        };
        PromptWindow w = PromptWindow.fit(codec, template, system, text, model.maxPositions(), reserve);
        if (w.ids().length == 0) throw new ModelException("generate.prompt.noTokens", new Object[0], null);
        return w;
    }

    /**
     * Hugging Face's generate() applies generation_config.json silently; we apply it too (unless
     * told not to) but only where the student set nothing, and say where each value came from.
     * When the student chose nothing and the checkpoint imposes nothing, the command samples at
     * τ = 1 (its historical default, as the book's first sampling experiments do).
     *
     * @param explicit what the student set (null fields: not set)
     */
    public static GenerationConfig.Resolved resolve(GenerationConfig checkpoint, GenerationConfig.Explicit explicit,
            boolean applyCheckpoint, boolean stopAtEos, boolean cache) {
        var chosen = explicit;
        if (explicit.greedy() == null && !checkpoint.imposesSampling()) {
            chosen = new GenerationConfig.Explicit(false, 1.0, 0, 1.0, explicit.repetitionPenalty(), explicit.maxNewTokens(),
                    explicit.seed());
        }
        var r = checkpoint.resolve(chosen, applyCheckpoint);
        return r.withSettings(r.settings().withStopAtEos(stopAtEos).withCache(cache));
    }

    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /**
     * How one token reads on a bar of the chart ("␣models"). A byte-level token that is only part
     * of a UTF-8 character would decode to "�" on its own; it shows its bytes instead ("<0xC3>").
     */
    public String tokenLabel(long id) {
        return tokenizer.decodeShowingBytes(new long[] {id}, false).replace(" ", "␣").replace("\n", "↵");
    }

    /**
     * The text of generated ids as the page shows it: whole characters as text, bytes that form
     * no character (a random model's, or a cut at the end) as {@code <0xNN>} rather than "�".
     */
    public String readable(long[] ids) {
        return tokenizer.decodeShowingBytes(ids, false);
    }

    /** Logits of the next token after {@code ids}: one forward pass, for the live distribution. */
    public float[] nextLogits(long[] ids) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray input = m.create(ids).reshape(1, ids.length);
            NDArray logits = model.forward(input, null, true, null);
            return logits.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /**
     * The distribution the sampler would use now, for any temperature / top-k / top-p: pure
     * arithmetic on cached logits, so the chart follows the sliders instantly.
     */
    public static StepDistribution describe(float[] logits, long[] seen, Strategy strategy, int topN) {
        return new Sampler(strategy, 1.0, 0).describe(logits, seen, 0, topN);
    }

    /** Generates, streaming each token to {@code listener}. */
    public Generation generate(long[] promptIds, GenerationSettings settings, Generator.TokenListener listener,
                               ProgressSink progress) {
        // Qwen2 instruct ends with <|im_end|> or <|endoftext|> (generation_config.json), as in HF.
        GenerationSettings s = settings.stopTokenIds().isEmpty() ? settings.withStopTokens(checkpointEos) : settings;
        return new Generator(model).generate(promptIds, s, listener, progress);
    }

    /**
     * Generates with exactly {@code settings}: the caller resolved generation_config.json already
     * ({@link #resolve}), or chose to ignore it, so no end id is added here.
     */
    public Generation generateAsResolved(long[] promptIds, GenerationSettings settings, Generator.TokenListener listener,
                               ProgressSink progress) {
        return new Generator(model).generate(promptIds, settings, listener, progress);
    }

    /** The extra end-of-sequence ids the checkpoint's generation_config.json lists (empty for GPT-2). */
    public List<Long> checkpointEos() {
        return checkpointEos;
    }

    /** One row of the compare grid (N2.15–N2.16), with the seed its cell drew from. */
    public record Sample(String group, double temperature, double topP, int sample, long seed, String text,
                         double rep4, double distinct2) {}

    /**
     * A whole grid run, as the experiment record needs it (Cap. 8.6): the prompt as typed, whether
     * it had to be cut, the settings shared by every cell and the rows.
     */
    public record Grid(String prompt, boolean truncated, int maxNewTokens, long seed, List<Long> stopTokenIds,
                       List<Sample> samples) {
        public Grid {
            stopTokenIds = List.copyOf(stopTokenIds);
            samples = List.copyOf(samples);
        }
    }

    /**
     * The notebook's grid: τ ∈ {0.2, 0.7, 1.0} × 2 samples at top-p 0.9, then top-p ∈ {0.3, 0.6,
     * 0.9} × 2 samples at τ 0.7, each with its repetition measures. Seeded per cell so the whole
     * grid is repeatable in class.
     */
    public Grid compareGrid(String prompt, int maxNewTokens, long seed, ProgressSink progress) {
        Prompt p = encode(prompt, maxNewTokens);
        double[][] cells = {{0.2, 0.9}, {0.7, 0.9}, {1.0, 0.9}, {0.7, 0.3}, {0.7, 0.6}, {0.7, 0.9}};
        List<Sample> out = new ArrayList<>();
        int total = cells.length * 2;
        for (int c = 0; c < cells.length; c++) {
            for (int s = 1; s <= 2; s++) {
                progress.checkCancelled();
                progress.update(out.size(), total, Message.of("generate.grid.cell", cells[c][0], cells[c][1], s));
                long cellSeed = seed + 100L * c + s;
                var settings = GenerationSettings.sampling(maxNewTokens, cells[c][0], 0, cells[c][1], cellSeed);
                Generation g = generate(p.ids(), settings, Generator.TokenListener.NONE, progress);
                String text = decode(g.allIds());
                out.add(new Sample(c < 3 ? "temperature" : "top-p", cells[c][0], cells[c][1], s, cellSeed, text,
                        Repetition.repetitionRate(text, 4), Repetition.distinct(text, 2)));
            }
        }
        progress.update(total, total, "");
        return new Grid(prompt, p.truncated(), maxNewTokens, seed, checkpointEos, out);
    }

    /**
     * KV-cache timing as N2.10 does it (one warm-up, then the mean of 3 runs, cache on and off)
     * plus the per-token latency curve of one run of each, which shows where the cache pays:
     * without it step t re-reads all t positions (O(t) per token, O(n²) in total).
     */
    public record CacheTiming(int newTokens, double meanSecondsCache, double meanSecondsNoCache,
                              double[] msPerTokenCache, double[] msPerTokenNoCache) {
        /** no-cache time / cache time, as the notebook prints it (> 1 means the cache helped). */
        public double speedup() {
            return meanSecondsNoCache / meanSecondsCache;
        }
    }

    public CacheTiming timeCache(String prompt, int newTokens, int runs, ProgressSink progress) {
        Prompt p = encode(prompt, newTokens);
        // Greedy and no EOS stop, so both runs produce exactly the same number of tokens.
        var base = GenerationSettings.greedy(newTokens).withStopAtEos(false);
        double[] mean = new double[2];
        double[][] curves = new double[2][];
        int step = 0;
        int total = 2 * (runs + 1);
        for (int mode = 0; mode < 2; mode++) {
            var settings = base.withCache(mode == 0);
            for (int r = 0; r <= runs; r++) {
                progress.checkCancelled();
                progress.update(step++, total, r == 0 ? Message.of(mode == 0 ? "generate.cache.warmOn" : "generate.cache.warmOff")
                        : Message.of(mode == 0 ? "generate.cache.runOn" : "generate.cache.runOff", r, runs));
                long t0 = System.nanoTime();
                Generation g = generate(p.ids(), settings, Generator.TokenListener.NONE, progress);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (r > 0) mean[mode] += seconds / runs;
                if (r == runs) curves[mode] = g.msPerToken();
            }
        }
        progress.update(total, total, "");
        return new CacheTiming(newTokens, mean[0], mean[1], curves[0], curves[1]);
    }

    @Override
    public void close() {
        try {
            release.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the generation lab failed", e);
        }
    }
}
