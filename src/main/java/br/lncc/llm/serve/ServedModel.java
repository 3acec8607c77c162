package br.lncc.llm.serve;

import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationConfig;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.StepDistribution;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.model.Llama;
import ai.djl.ndarray.NDManager;
import br.lncc.llm.train.LoraAdapters;
import br.lncc.llm.train.PeftAdapterFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Cap. 9.1.1: one causal model answering OpenAI-style requests — the policy from a request to a
 * generation run, with no HTTP in it (the server, the Cap. 9 page and the tests call it).
 *
 * <ul>
 *   <li>Conversations go through the checkpoint's ChatML template when it has one; otherwise the
 *       raw-text rule: a single user message is the prompt verbatim (what the book's experiments
 *       do), anything longer becomes a "User: … / Assistant: …" transcript ending in
 *       "Assistant:", and "\nUser:" is added to the stop strings.</li>
 *   <li>Settings the request leaves out come from generation_config.json, as Hugging Face and
 *       vLLM apply it, and then from OpenAI's defaults (temperature 1, top_p 1); temperature 0 is
 *       greedy. The same request and seed give the same tokens as {@code companion generate}.</li>
 *   <li>A prompt that leaves no room in the context window is refused (413); max_tokens is
 *       trimmed to the room left, and the answer then ends with finish_reason "length".</li>
 * </ul>
 */
public final class ServedModel implements AutoCloseable {

    /** OpenAI's default max_tokens for /v1/completions. */
    public static final int DEFAULT_COMPLETION_TOKENS = 16;
    public static final int MAX_LOGPROBS = 20;
    public static final int MAX_STOP_STRINGS = 4;
    static final String TRANSCRIPT_STOP = "\nUser:";

    private final String id;
    private final CausalLm model;
    private final TextTokenizer tokenizer;
    private final Path folder;
    private final ChatTemplate template;
    private final GenerationConfig checkpointDefaults;
    private final List<Long> templateEnd;
    private final long createdEpochSeconds = System.currentTimeMillis() / 1000;
    private final SecureRandom seeds = new SecureRandom();
    private final Runnable release;

    /**
     * @param folder   where the model came from (null for models built in memory)
     * @param template the ChatML template, or null for the raw-text rule
     */
    public ServedModel(String id, CausalLm model, TextTokenizer tokenizer, Path folder, ChatTemplate template,
            GenerationConfig checkpointDefaults) {
        this(id, model, tokenizer, folder, template, checkpointDefaults, () -> {
            model.close();
            tokenizer.close();
        });
    }

    private ServedModel(String id, CausalLm model, TextTokenizer tokenizer, Path folder, ChatTemplate template,
            GenerationConfig checkpointDefaults, Runnable release) {
        this.release = release;
        this.id = id;
        this.model = model;
        this.tokenizer = tokenizer;
        this.folder = folder;
        this.template = template;
        this.checkpointDefaults = checkpointDefaults;
        // A ChatML answer ends with <|im_end|>; stop there even if generation_config.json does not say so.
        long[] end = template == null ? new long[0] : encode("<|im_end|>");
        this.templateEnd = end.length == 1 ? List.of(end[0]) : List.of();
    }

    /**
     * Opens a Hugging Face-style folder as {@code id}. With {@code nf4} the projections of GPT-2 or
     * the Llama family are quantized to NF4 (Cap. 6.6); with {@code adapter} (a PEFT LoRA folder, as
     * the Cap. 7.10 lab saves) the adapters are merged into a GPT-2 base, W' = W + (α/r)·BA, so
     * serving costs the same as the base. Callers check the family first and say so in the
     * student's language; here a mismatch is a programming error.
     */
    /**
     * Why {@code folder} cannot be served with these options, read from its config.json before any
     * weight is loaded: NF4 projections exist for GPT-2 and the Llama family, the LoRA adapters of
     * lab 7.10 are GPT-2's and merge into float32 weights (W' = W + (α/r)·BA), so not into NF4.
     * Empty when it can.
     */
    public static java.util.Optional<br.lncc.llm.text.Message> refusal(Path folder, boolean nf4, boolean adapter) {
        var arch = br.lncc.llm.model.Architecture.of(br.lncc.llm.weights.Checkpoint.readConfig(folder));
        if (nf4 && arch == br.lncc.llm.model.Architecture.PHI) return java.util.Optional.of(br.lncc.llm.text.Message.of("serve.refused.nf4", arch));
        if (nf4 && adapter) return java.util.Optional.of(br.lncc.llm.text.Message.of("serve.refused.nf4Adapter"));
        if (adapter && arch != br.lncc.llm.model.Architecture.GPT2) {
            return java.util.Optional.of(br.lncc.llm.text.Message.of("serve.refused.adapter", arch));
        }
        return java.util.Optional.empty();
    }

    public static ServedModel open(String id, Path folder, boolean nf4, Path adapter) {
        // NF4 loads straight into the packed format (no float32 copy of the projections on the way).
        CausalLms.Opened opened = CausalLms.loadWithTokenizer(folder,
                nf4 ? br.lncc.llm.model.kernel.DecodeFormat.NF4 : br.lncc.llm.model.kernel.DecodeFormat.FP32);
        CausalLm model = opened.model();
        try {
            if (nf4 && !(model instanceof Llama || model instanceof Gpt2)) {
                throw new IllegalArgumentException("NF4 needs GPT-2 or a Llama-family model: " + model.name());
            }
            if (nf4 && adapter != null) throw new IllegalArgumentException("LoRA adapters merge into float32 weights, not NF4: " + model.name());
            if (adapter != null) {
                if (!(model instanceof Gpt2 gpt2)) throw new IllegalArgumentException("LoRA adapters need a GPT-2 base: " + model.name());
                model = merged(gpt2, adapter);
                gpt2.close();
            }
            return new ServedModel(id, model, opened.tokenizer(), folder, ChatTemplate.read(folder), GenerationConfig.read(folder));
        } catch (RuntimeException e) {
            if (model != opened.model()) model.close();
            opened.close();
            throw e;
        }
    }

    /**
     * The float32 model of {@code folder} leased from the app's {@link br.lncc.llm.session.ModelSessions}
     * (shared with the other pages that use it); {@link #close} returns the lease.
     */
    public static ServedModel leased(String id, Path folder, String holder) {
        var lease = CausalLms.lease(folder, holder);
        try {
            var opened = lease.get();
            return new ServedModel(id, opened.model(), opened.tokenizer(), folder, ChatTemplate.read(folder),
                    GenerationConfig.read(folder), lease::close);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The project's tiny random Qwen2 of {@code seed}, leased (shared with Cap. 4's and Cap. 8's tiny model). */
    public static ServedModel leasedTiny(String id, long seed, String holder) {
        var lease = br.lncc.llm.lesson.TinyQwen2.lease(seed, holder);
        try {
            var tiny = lease.get();
            return new ServedModel(id, tiny.model(), tiny.tokenizer(), null, tiny.template(), GenerationConfig.NONE, lease::close);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The id the course model (the small GPT-2 the app ships, Cap. 6) is served under. */
    public static final String COURSE_MODEL_ID = br.lncc.llm.model.CourseModel.NAME;

    /** The course model's folder: the default of {@code companion serve} and of the Cap. 9 page. */
    public static Path courseModelFolder() {
        return br.lncc.llm.model.CourseModel.folder();
    }

    /** Opens a folder as {@code id} with full-precision weights and no adapter. */
    public static ServedModel open(String id, Path folder) {
        return open(id, folder, false, null);
    }

    private static Gpt2 merged(Gpt2 base, Path adapter) {
        try (NDManager scratch = NDManager.newBaseManager();
                LoraAdapters adapters = PeftAdapterFiles.load(adapter, base.config(), scratch)) {
            Map<String, float[]> deltas = new LinkedHashMap<>();
            for (var e : adapters.adapters().entrySet()) {
                float[] outIn = adapters.deltaW(e.getKey());   // (out, in)
                int in = e.getValue().in(), out = e.getValue().out();
                float[] inOut = new float[outIn.length];        // Conv1D keeps (in, out)
                for (int o = 0; o < out; o++) for (int i = 0; i < in; i++) inOut[i * out + o] = outIn[o * in + i];
                deltas.put(e.getKey() + ".weight", inOut);
            }
            return base.withAddedWeights(base.name() + "+" + adapter.getFileName(), deltas);
        }
    }

    public String id() {
        return id;
    }

    public CausalLm model() {
        return model;
    }

    public Path folder() {
        return folder;
    }

    public boolean hasChatTemplate() {
        return template != null;
    }

    public long createdEpochSeconds() {
        return createdEpochSeconds;
    }

    /** A request checked, encoded and resolved to generation settings: ready to wait for its turn. */
    public record Prepared(long[] promptIds, GenerationSettings settings, List<String> sources, List<String> stop,
            int logprobs, long seed) {}

    /**
     * Validates and encodes a request without generating (cheap: the server refuses bad requests
     * before they wait in the queue).
     */
    public Prepared prepare(CompletionRequest r) {
        List<String> stop = new ArrayList<>(r.stop());
        if (stop.size() > MAX_STOP_STRINGS) throw ApiError.invalid("stop", "at most " + MAX_STOP_STRINGS + " stop strings are allowed");
        for (String s : stop) if (s.isEmpty()) throw ApiError.invalid("stop", "a stop string cannot be empty");
        if (r.temperature() != null && !(r.temperature() >= 0 && r.temperature() <= 2)) {
            throw ApiError.invalid("temperature", "temperature must be between 0 and 2, got " + r.temperature());
        }
        if (r.topP() != null && !(r.topP() > 0 && r.topP() <= 1)) {
            throw ApiError.invalid("top_p", "top_p must be in (0, 1], got " + r.topP());
        }
        if (r.maxTokens() != null && r.maxTokens() < 1) {
            throw ApiError.invalid("max_tokens", "max_tokens must be at least 1, got " + r.maxTokens());
        }
        if (r.logprobs() < 0 || r.logprobs() > MAX_LOGPROBS) {
            throw ApiError.invalid("logprobs", "logprobs must be between 0 and " + MAX_LOGPROBS + ", got " + r.logprobs());
        }
        String text = promptText(r.prompt(), stop);
        if (text.isEmpty()) throw ApiError.invalid(r.prompt() instanceof PromptInput.RawText ? "prompt" : "messages", "the prompt is empty");
        long[] ids = encode(text);
        if (ids.length == 0) throw ApiError.invalid("prompt", "the prompt produced no tokens");
        int window = model.maxPositions();
        if (ids.length >= window) {
            throw new ApiError(ApiError.Kind.TOO_LARGE, "context_length_exceeded", "messages",
                    "this model's context window is " + window + " tokens and the prompt has " + ids.length
                            + " tokens: no room is left to generate (shorten the prompt)");
        }
        int room = window - ids.length;
        int wanted = r.maxTokens() != null ? r.maxTokens()
                : r.prompt() instanceof PromptInput.RawText ? DEFAULT_COMPLETION_TOKENS : room;
        long seed = r.seed() != null ? r.seed() : seeds.nextLong();
        GenerationConfig.Resolved resolved = settingsFor(r.temperature(), r.topP(), Math.min(wanted, room), seed);
        GenerationSettings s = resolved.settings();
        if (!templateEnd.isEmpty() && !s.stopTokenIds().containsAll(templateEnd)) {
            List<Long> ends = new ArrayList<>(s.stopTokenIds());
            ends.addAll(templateEnd);
            s = s.withStopTokens(ends);
        }
        if (r.logprobs() > 0) s = s.withDistributions(model.vocabSize());
        List<String> sources = new ArrayList<>(resolved.sources());
        if (wanted > room) sources.add("max_tokens=" + room + " (trimmed to the context window: " + ids.length + " prompt tokens of " + window + ")");
        return new Prepared(ids, s, List.copyOf(sources), List.copyOf(stop), r.logprobs(), seed);
    }

    /**
     * Explicit request values first, then generation_config.json, then OpenAI's defaults —
     * the same merge {@code companion generate} does, so the same seed gives the same tokens.
     */
    GenerationConfig.Resolved settingsFor(Double temperature, Double topP, int maxNewTokens, long seed) {
        Boolean greedy = temperature != null && temperature == 0 ? Boolean.TRUE
                : temperature != null || topP != null ? Boolean.FALSE : null;
        var explicit = new GenerationConfig.Explicit(greedy, temperature != null && temperature > 0 ? temperature : null,
                null, topP, null, maxNewTokens, seed);
        if (greedy == null && !checkpointDefaults.imposesSampling()) {
            explicit = new GenerationConfig.Explicit(false, 1.0, 0, 1.0, null, maxNewTokens, seed);
        }
        return checkpointDefaults.resolve(explicit, true);
    }

    /** The prompt text a request means (the template or the raw-text rule); may add to {@code stop}. */
    String promptText(PromptInput input, List<String> stop) {
        if (input instanceof PromptInput.RawText t) return t.text();
        var c = (PromptInput.Conversation) input;
        if (c.messages().isEmpty()) throw ApiError.invalid("messages", "messages must not be empty");
        for (var m : c.messages()) {
            if (!List.of("system", "user", "assistant").contains(m.role())) {
                throw ApiError.invalid("messages", "unsupported role '" + m.role() + "' (system, developer, user, assistant)");
            }
        }
        if (template != null) return template.render(c.messages(), true);
        var only = c.messages().get(0);
        if (c.messages().size() == 1 && only.role().equals("user")) return only.content();
        var b = new StringBuilder();
        for (var m : c.messages()) {
            String speaker = switch (m.role()) {
                case "system" -> "System: ";
                case "user" -> "User: ";
                default -> "Assistant: ";
            };
            b.append(speaker).append(m.content()).append('\n');
        }
        if (!stop.contains(TRANSCRIPT_STOP)) stop.add(TRANSCRIPT_STOP);
        return b.append("Assistant:").toString();
    }

    /**
     * A piece of the answer as it becomes final, with the log-probabilities of the tokens that
     * start inside it (empty unless the request asked for logprobs): what one SSE chunk carries.
     */
    public record Delta(String text, List<Completion.TokenLogprob> logprobs) {}

    /**
     * Generates the answer to a prepared request. {@code delta} receives the text as it becomes
     * final (a partial UTF-8 character or a possible stop string is held back), each token's
     * logprobs with the text it starts in; generation stops between tokens once
     * {@code abandoned} says the client went away.
     */
    public Completion complete(Prepared p, Consumer<Delta> delta, BooleanSupplier abandoned) {
        long start = System.nanoTime();
        var stops = new StopStrings(p.stop());
        var run = new Run(stops, delta, p.logprobs(), start);
        ProgressSink progress = new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return run.stopIndex >= 0 || abandoned.getAsBoolean();
            }
        };
        Generation g = new Generator(model).generate(p.promptIds(), p.settings(), run, progress);
        double totalMs = (System.nanoTime() - start) / 1e6;
        long[] newIds = g.newIds();
        String text;
        Completion.FinishReason reason;
        if (run.stopIndex >= 0) {
            text = run.text.substring(0, run.stopIndex);
            reason = Completion.FinishReason.STOP;
        } else {
            text = decode(newIds);
            reason = switch (g.stopReason()) {
                case EOS -> Completion.FinishReason.STOP;
                case MAX_TOKENS, CONTEXT_FULL -> Completion.FinishReason.LENGTH;
                case CANCELLED -> Completion.FinishReason.CANCELLED;
            };
        }
        List<Completion.TokenLogprob> logprobs = run.logprobs;
        if (run.stopIndex >= 0) logprobs = logprobs.stream().filter(l -> l.textOffset() < run.stopIndex).toList();
        if (reason != Completion.FinishReason.CANCELLED) {
            // The rest of the text, and the logprobs not sent yet (the end token's among them: it adds no text).
            var rest = logprobs.subList(Math.min(run.logprobsSent, logprobs.size()), logprobs.size());
            if (text.length() > run.sent || !rest.isEmpty()) {
                delta.accept(new Delta(text.length() > run.sent ? text.substring(run.sent) : "", List.copyOf(rest)));
            }
        }
        return new Completion(text, p.promptIds(), newIds, reason, List.copyOf(logprobs), p.seed(), p.sources(),
                run.firstTokenMs, totalMs);
    }

    /** Follows one generation token by token: text so far, stop strings, log-probabilities. */
    private final class Run implements Generator.TokenListener {
        final StopStrings stops;
        final Consumer<Delta> delta;
        final int topLogprobs;
        final long start;
        final List<Long> ids = new ArrayList<>();
        final List<Completion.TokenLogprob> logprobs = new ArrayList<>();
        String text = "";
        int sent;
        /** How many of {@link #logprobs} went out with a delta. */
        int logprobsSent;
        volatile int stopIndex = -1;
        double firstTokenMs;

        Run(StopStrings stops, Consumer<Delta> delta, int topLogprobs, long start) {
            this.stops = stops;
            this.delta = delta;
            this.topLogprobs = topLogprobs;
            this.start = start;
        }

        @Override
        public void onToken(int step, long tokenId, StepDistribution d) {
            if (step == 0) firstTokenMs = (System.nanoTime() - start) / 1e6;
            int offset = text.length();
            ids.add(tokenId);
            text = decode(ids.stream().mapToLong(Long::longValue).toArray());
            if (d != null && topLogprobs > 0) logprobs.add(logprob(tokenId, d, offset));
            int end = text.endsWith("\uFFFD") ? text.length() - 1 : text.length();
            String decided = text.substring(0, end);
            int at = stops.firstMatch(decided);
            if (at >= 0) {
                stopIndex = at;
                return;
            }
            int safe = end - stops.undecidedTail(decided);
            if (safe > sent) {
                // A token goes with the delta its text starts in.
                int from = logprobsSent;
                while (logprobsSent < logprobs.size() && logprobs.get(logprobsSent).textOffset() < safe) logprobsSent++;
                delta.accept(new Delta(text.substring(sent, safe), List.copyOf(logprobs.subList(from, logprobsSent))));
                sent = safe;
            }
        }

        private Completion.TokenLogprob logprob(long tokenId, StepDistribution d, int offset) {
            double chosen = -9999;
            List<Completion.Alternative> top = new ArrayList<>();
            for (int r = 0; r < d.ids().length; r++) {
                double lp = Math.max(-9999, Math.log(d.probsBefore()[r]));
                if (d.ids()[r] == tokenId) chosen = lp;
                if (r < topLogprobs) top.add(new Completion.Alternative(tokenText(d.ids()[r]), tokenBytes(d.ids()[r]), lp));
            }
            return new Completion.TokenLogprob(tokenText(tokenId), tokenBytes(tokenId), chosen, offset, List.copyOf(top));
        }
    }

    /** One token as text, special tokens included ("<|im_end|>"), for logprobs. */
    public String tokenText(long id) {
        synchronized (tokenizer) {
            return tokenizer.decode(new long[] {id}, false);
        }
    }

    /**
     * The bytes one token stands for (a half character's byte, not the UTF-8 of "�"), for logprobs;
     * null for a special token, which adds nothing to the text ({@link #decode} skips it) — OpenAI's
     * "no bytes representation".
     */
    byte[] tokenBytes(long id) {
        synchronized (tokenizer) {
            return tokenizer.isSpecial(id) ? null : tokenizer.tokenBytes(id);
        }
    }

    long[] encode(String text) {
        synchronized (tokenizer) {
            return tokenizer.encode(text, false).ids();
        }
    }

    String decode(long[] ids) {
        synchronized (tokenizer) {
            return tokenizer.decode(ids, true);
        }
    }

    @Override
    public void close() {
        release.run();
    }
}
