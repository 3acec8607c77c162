package br.lncc.llm.notebooks;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationConfig;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.StepDistribution;
import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.ModelFolder;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.CourseModel;
import br.lncc.llm.model.KnownConfigs;
import br.lncc.llm.model.LlamaConfig;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.model.ModuleTree;
import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import br.lncc.llm.weights.Checkpoint;
import br.lncc.llm.notebooks.N03Result.Generated;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Notebook N3 of the course (Qwen2 inference, a LoRA preview, alignment and benchmarks), cell by
 * cell, with what the notebook hides made visible: {@code generate()} merges the checkpoint's
 * generation_config.json, so every setting printed here says where it came from. Without the
 * weights, everything config.json alone determines is still computed (parameters, memory, PEFT's
 * LoRA line, the first LoRA tensor); the generation cells say how to get the model.
 *
 * <pre>java -cp "target/companion.jar:target/lib/*" br.lncc.llm.notebooks.N03 [--out DIR] [--model ID|DIR] [--seed N]</pre>
 * or {@code companion notebook N03}.
 */
public final class N03 {
    public static final String MODEL_ID = "Qwen/Qwen2-1.5B-Instruct";
    static final String KNOWN_CONFIG = "qwen2-1.5b-instruct";
    static final String DEFAULTS_RESOURCE = "qwen2-1.5b-instruct-generation_config.json";
    public static final int CELLS = 9;

    static final String ATTENTION_PROMPT = "Explain why attention mechanisms are important in transformers.";
    static final String COT_PROMPT = "\nSolve step by step:\n\nIf a transformer has 12 layers and each layer has 12 heads,\n"
            + "how many attention heads are there in total?\n";
    static final String FEW_SHOT_PROMPT = "\nQ: What is attention?\nA: A mechanism that weights token interactions.\n\n"
            + "Q: What is a transformer?\nA:\n";
    static final List<String> BENCHMARKS = List.of("MMLU-Pro", "AIME-24/25", "LiveBench", "GPQA");
    // N3.08: LoraConfig(r=8, lora_alpha=32, target_modules=["q_proj", "v_proj"], lora_dropout=0.05, bias="none")
    static final int LORA_RANK = 8;
    static final int LORA_ALPHA = 32;
    static final Set<String> LORA_TARGETS = Set.of("q_proj", "v_proj");
    private static final Pattern ANSWER_144 = Pattern.compile("(?<![\\d.,])144(?!\\d|[.,]\\d)");

    private final PrintStream out;
    private final Path outDir;
    private final String modelSpec;
    private final long seed;
    private final Function<String, Optional<Path>> locator;

    /**
     * @param modelSpec a model folder or a Hugging Face id looked up in the HF cache (null = {@value #MODEL_ID})
     */
    public N03(PrintStream out, Path outDir, String modelSpec, long seed) {
        this(out, outDir, modelSpec, seed, N03::locate);
    }

    /** With another way of finding the weights (tests: "not in the cache", whatever the machine has). */
    N03(PrintStream out, Path outDir, String modelSpec, long seed, Function<String, Optional<Path>> locator) {
        this.out = out;
        this.outDir = outDir;
        this.modelSpec = modelSpec == null || modelSpec.isBlank() ? MODEL_ID : modelSpec.trim();
        this.seed = seed;
        this.locator = locator;
    }

    public static void main(String[] args) throws IOException {
        Path outDir = defaultOutDir();
        String model = null;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> outDir = Path.of(args[++i]);
                case "--model" -> model = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("opção desconhecida: " + args[i]);
            }
        }
        new N03(System.out, outDir, model, seed).run(ProgressSink.NONE);
    }

    public static Path defaultOutDir() {
        return AppDirs.results().resolve("notebooks").resolve("N03");
    }

    /**
     * The weights' folder: {@code spec} itself when it is a folder (which must hold a loadable
     * model), else the HF cache's snapshot of that id; empty when the id is not in the cache.
     */
    public static Optional<Path> locate(String spec) {
        Path folder = Path.of(spec);
        if (Files.isDirectory(folder)) return Optional.of(ModelFolder.requireLoadable(folder));
        if (!HubClient.isValidRepoId(spec)) {
            throw new ModelException("--model: '" + spec + "' não é uma pasta existente nem um identificador do Hugging Face",
                    new IllegalArgumentException("no such folder and not a repo id: " + spec));
        }
        return new HubClient(HubConfig.forApp()).cachedModel(spec, "main");
    }

    public N03Result run(ProgressSink progress) throws IOException {
        Optional<Path> folder = locator.apply(modelSpec);
        boolean qwen = modelSpec.equalsIgnoreCase(MODEL_ID);
        JsonNode configJson = folder.map(Checkpoint::readConfig).orElse(qwen ? KnownConfigs.read(KNOWN_CONFIG) : null);
        String configOrigin = folder.map(f -> f.resolve("config.json").toString())
                .orElse(qwen ? "config.json de " + MODEL_ID + " embutido no app (idêntico ao do Hub)" : "indisponível");
        GenerationConfig defaults;
        String defaultsOrigin;
        if (folder.isPresent()) {
            Path file = folder.get().resolve(GenerationConfig.FILE_NAME);
            defaults = GenerationConfig.read(folder.get());
            defaultsOrigin = Files.isRegularFile(file) ? file.toString() : "o modelo não tem " + GenerationConfig.FILE_NAME;
        } else if (qwen) {
            defaults = embeddedQwenDefaults();
            defaultsOrigin = "cópia embutida do " + GenerationConfig.FILE_NAME + " de " + MODEL_ID
                    + " (valores confirmados por fontes secundárias, não byte a byte: baixe o modelo para ler o original)";
        } else {
            defaults = GenerationConfig.NONE;
            defaultsOrigin = "indisponível sem o modelo";
        }
        LlamaConfig llama = llamaConfig(configJson);

        out.println("# Notebook N3 — Qwen2: inferência, prévia de fine-tuning (LoRA), alinhamento e benchmarks");
        out.println("# saída em " + outDir.toAbsolutePath());
        progress.update(0, CELLS, "N3.01");
        setup(folder, llama, configOrigin, defaults, defaultsOrigin);

        N03Result.Generated low = null, high = null, cached = null, cot = null, few = null, courseLow = null, courseHigh = null;
        Boolean has144 = null;
        long loaded = 0;
        if (folder.isEmpty()) {
            cell("N3.02", "Temperatura baixa vs alta");
            printResolved("τ = 0.2", asTransformers(defaults, lowExplicit()));
            printResolved("τ = 0.9", asTransformers(defaults, highExplicit()));
            skip();
            progress.update(2, CELLS, "N3.03");
            generationConfigCell(defaults);
            cell("N3.04", "Geração com KV cache (use_cache=True, 50 tokens)");
            printResolved("N3.04", asTransformers(defaults, cacheExplicit()));
            skip();
            cell("N3.05", "Prompt chain-of-thought (150 tokens, temperature=0.7)");
            printResolved("N3.05", asTransformers(defaults, cotExplicit()));
            skip();
            cell("N3.06", "Few-shot Q/A (80 tokens, temperature=0.3)");
            printResolved("N3.06", asTransformers(defaults, fewShotExplicit()));
            skip();
            Generated[] course = courseModelFallback(progress);
            courseLow = course[0];
            courseHigh = course[1];
        } else {
            progress.update(0, CELLS, "carregando " + folder.get().getFileName());
            try (CausalLms.Opened lm = CausalLms.loadWithTokenizer(folder.get())) {
                progress.checkCancelled();
                loaded = lm.model().parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
                out.printf(Locale.ROOT, "Pesos carregados: %s (%,d parâmetros nos tensores)%n", lm.model().name(), loaded);

                progress.update(1, CELLS, "N3.02");
                cell("N3.02", "Temperatura baixa vs alta");
                // The notebook tokenizes ATTENTION_PROMPT into a global that generate() reads.
                low = generate(lm, defaults, ATTENTION_PROMPT, lowExplicit(), 0, progress, "N3.02 τ=0.2");
                high = generate(lm, defaults, ATTENTION_PROMPT, highExplicit(), 1, progress, "N3.02 τ=0.9");
                printSources(low);
                out.println("Low temperature:\n " + low.text());
                printSources(high);
                out.println("\nHigh temperature:\n " + high.text());
                out.printf(Locale.ROOT, "[medido, não impresso pelo caderno] entropia média por passo de softmax(logits/τ): "
                        + "τ=0.2 → %.3f nats, τ=0.9 → %.3f nats; tokens distintos: %d/%d vs %d/%d%n",
                        low.meanEntropy(), high.meanEntropy(), low.distinctNew(), low.newTokens(), high.distinctNew(),
                        high.newTokens());
                NotebookPlots.lines(outDir.resolve("N3.02-entropia-por-passo.png"),
                        "N3.02 — entropia da distribuição de amostragem por passo", "passo",
                        "entropia de softmax(logits/τ) (nats)", List.of("τ = 0.2", "τ = 0.9"),
                        List.of(low.entropies(), high.entropies()), 8, 4);

                progress.update(2, CELLS, "N3.03");
                generationConfigCell(defaults);

                progress.update(3, CELLS, "N3.04");
                cell("N3.04", "Geração com KV cache (use_cache=True, 50 tokens)");
                cached = generate(lm, defaults, ATTENTION_PROMPT, cacheExplicit(), 2, progress, "N3.04");
                printSources(cached);
                out.println("[o caderno não imprime esta saída; aqui ela aparece, com o tempo medido]");
                out.println(cached.text());
                out.printf(Locale.ROOT, "%d tokens em %.2f s (%.1f tokens/s, KV cache ligado, CPU)%n", cached.newTokens(),
                        cached.seconds(), cached.newTokens() / cached.seconds());

                progress.update(4, CELLS, "N3.05");
                cell("N3.05", "Prompt chain-of-thought (150 tokens, temperature=0.7)");
                cot = generate(lm, defaults, COT_PROMPT, cotExplicit(), 3, progress, "N3.05");
                printSources(cot);
                out.println(cot.text());
                has144 = containsAnswer144(cot.newText());
                out.println("[checagem, ausente no caderno] 12 camadas × 12 cabeças = " + 12 * 12 + " — a resposta "
                        + (has144 ? "contém 144" : "NÃO contém 144"));

                progress.update(5, CELLS, "N3.06");
                cell("N3.06", "Few-shot Q/A (80 tokens, temperature=0.3)");
                few = generate(lm, defaults, FEW_SHOT_PROMPT, fewShotExplicit(), 4, progress, "N3.06");
                printSources(few);
                out.println(few.text());
            }
        }

        progress.update(6, CELLS, "N3.07");
        cell("N3.07", "Quantização (só uma frase)");
        out.println("INT4 / FP8 = menor memória, mais throughput, leve perda de precisão");
        out.println("[nota] o caderno não quantiza nada; a quantização de verdade está na página Cap. 6 (INT8/INT4/NF4).");

        progress.update(7, CELLS, "N3.08");
        String loraLine = null;
        String firstName = null;
        List<Long> firstShape = null;
        cell("N3.08", "LoRA (r=8, α=32, q_proj/v_proj, dropout 0.05, bias none)");
        if (llama == null) {
            out.println("[PULADO] sem um config.json da família Llama/Qwen2 não há q_proj/v_proj: o PEFT recusaria "
                    + "(Target modules {'q_proj', 'v_proj'} not found in the base model)");
        } else {
            loraLine = llama.loraSummary(LORA_RANK, LORA_TARGETS);
            // get_peft_model without task_type wraps in PeftModel → LoraModel → the HF model, hence the prefix;
            // the first "lora" parameter is layer 0's q_proj A matrix, (r, in_features).
            firstName = "base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight";
            firstShape = List.of((long) LORA_RANK, (long) llama.hiddenSize());
            out.println(loraLine);
            out.println(firstName + " torch.Size([" + firstShape.get(0) + ", " + firstShape.get(1) + "])");
            out.printf(Locale.ROOT, "[nota] escala α/r = %d/%d = %.1f; por camada: q_proj A %d×%d + B %d×%d, v_proj A %d×%d + B %d×%d%n",
                    LORA_ALPHA, LORA_RANK, (double) LORA_ALPHA / LORA_RANK, LORA_RANK, llama.hiddenSize(),
                    (long) llama.numHeads() * llama.headDim(), LORA_RANK, LORA_RANK, llama.hiddenSize(),
                    (long) llama.numKvHeads() * llama.headDim(), LORA_RANK);
            if (loaded > 0) {
                out.printf(Locale.ROOT, "[conferido nos pesos carregados] %,d parâmetros nos tensores = %,d do config.json: %s%n",
                        loaded, llama.parameterCount(), loaded == llama.parameterCount() ? "iguais" : "DIFERENTES");
            }
            out.println("[nota] o caderno não treina: sem dados, otimizador ou passos. O treino de verdade está no Cap. 7.");
        }

        progress.update(8, CELLS, "N3.09");
        cell("N3.09", "Alinhamento e fechamento");
        out.println("RLHF: caro, humano no loop.");
        out.println("DPO: preferência direta, mais simples.");
        out.println("GRPO: grupos de respostas.");
        out.println("DeepSeek-R1: raciocínio emergente via RL.");
        out.println("['" + String.join("', '", BENCHMARKS) + "']");
        out.println("LLMs não são só modelos. São sistemas: dados, inferência, alinhamento, avaliação.");
        progress.update(CELLS, CELLS, "N3.09");

        var result = new N03Result(folder.map(Path::toString).orElse(null), configOrigin, defaultsOrigin,
                llama == null ? 0 : llama.parameterCount(), loaded, loraLine, firstName, firstShape,
                low, high, cached, cot, few, has144, courseLow, courseHigh);
        Files.createDirectories(outDir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(outDir.resolve("N03-resultados.json").toFile(), result);
        return result;
    }

    /** The number 144 on its own (not 1440, 1.144 or 21445). */
    static boolean containsAnswer144(String text) {
        return ANSWER_144.matcher(text).find();
    }

    // The generate() calls of the notebook, argument by argument: null = not passed (the checkpoint decides).
    static GenerationConfig.Explicit lowExplicit() {
        return new GenerationConfig.Explicit(false, 0.2, null, 0.9, null, 120, null);
    }

    static GenerationConfig.Explicit highExplicit() {
        return new GenerationConfig.Explicit(false, 0.9, null, 0.9, null, 120, null);
    }

    static GenerationConfig.Explicit cacheExplicit() {
        return new GenerationConfig.Explicit(null, null, null, null, null, 50, null);
    }

    static GenerationConfig.Explicit cotExplicit() {
        return new GenerationConfig.Explicit(null, 0.7, null, null, null, 150, null);
    }

    static GenerationConfig.Explicit fewShotExplicit() {
        return new GenerationConfig.Explicit(null, 0.3, null, null, null, 80, null);
    }

    /**
     * How transformers' generate() resolves a call: the app reads a temperature without do_sample
     * as "sample", but transformers keeps do_sample=False unless the checkpoint's file says
     * otherwise, and then ignores the temperature (N3.05/N3.06 on a checkpoint without defaults).
     */
    static GenerationConfig.Resolved asTransformers(GenerationConfig defaults, GenerationConfig.Explicit x) {
        if (x.greedy() != null || defaults.doSample() != null) return defaults.resolve(x, true);
        var greedy = new GenerationConfig.Explicit(true, x.temperature(), x.topK(), x.topP(), x.repetitionPenalty(),
                x.maxNewTokens(), x.seed());
        var r = defaults.resolve(greedy, true);
        List<String> sources = r.sources().stream()
                .map(src -> src.equals("gulosa (explícito)") ? "gulosa (padrão do transformers: do_sample=False"
                        + (x.temperature() != null ? "; a temperature passada não tem efeito" : "") + ")" : src)
                .toList();
        return new GenerationConfig.Resolved(r.settings(), sources);
    }

    static GenerationConfig embeddedQwenDefaults() {
        try (InputStream in = N03.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            return GenerationConfig.fromJson(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new ModelException("não foi possível ler a cópia embutida de " + DEFAULTS_RESOURCE, e);
        }
    }

    private static LlamaConfig llamaConfig(JsonNode config) {
        if (config == null) return null;
        try {
            return LlamaConfig.fromJson(config);
        } catch (ModelException e) {
            return null; // GPT-2, Phi…: generation still runs, the LoRA cell explains why it cannot
        }
    }

    private void setup(Optional<Path> folder, LlamaConfig c, String configOrigin, GenerationConfig defaults,
            String defaultsOrigin) {
        cell("N3.01", "Setup e carga do modelo");
        out.println("model_name = \"" + MODEL_ID + "\"" + (modelSpec.equalsIgnoreCase(MODEL_ID) ? "" : " — aqui: " + modelSpec));
        out.println("[nota] o caderno instala bitsandbytes e nunca o usa; carrega em float16 com device_map=\"auto\" (GPU).");
        out.println("       Aqui: CPU, float32 (os pesos BF16 do checkpoint são alargados para F32 ao ler).");
        out.println("config.json: " + configOrigin);
        if (c != null) {
            long params = c.parameterCount();
            out.printf(Locale.ROOT, "Parâmetros (do config.json): %,d — %d camadas, d=%d, %d cabeças de query / %d de K/V, vocabulário %,d%n",
                    params, c.numLayers(), c.hiddenSize(), c.numHeads(), c.numKvHeads(), c.vocabSize());
            out.printf(Locale.ROOT, "Memória dos pesos: fp16 %s (%,d bytes) · fp32 %s (o que ocupa aqui, na CPU)%n",
                    size(params * 2), params * 2, size(params * 4));
            out.println("Árvore de módulos (print(model), não impressa pelo caderno):");
            out.println(ModuleTree.llama(c));
        }
        out.println(GenerationConfig.FILE_NAME + ": " + defaultsOrigin);
        if (!defaults.equals(GenerationConfig.NONE)) {
            out.println("  padrões que o generate() aplica em silêncio: do_sample=" + pyValue(defaults.doSample())
                    + ", temperature=" + pyValue(defaults.temperature()) + ", top_p=" + pyValue(defaults.topP())
                    + ", top_k=" + pyValue(defaults.topK()) + ", repetition_penalty=" + pyValue(defaults.repetitionPenalty())
                    + ", eos_token_id=" + defaults.eosTokenIds());
        }
        if (folder.isEmpty()) {
            out.println("[AVISO] pesos de " + modelSpec + " não encontrados (nem pasta nem cache do Hugging Face).");
            out.println("        Baixe com: companion models download " + MODEL_ID
                    + "  (≈3,1 GB; ou passe --model PASTA). As células de geração serão puladas.");
        }
    }

    private void generationConfigCell(GenerationConfig defaults) {
        cell("N3.03", "GenerationConfig");
        out.println("GenerationConfig {\n  \"temperature\": 0.7,\n  \"top_k\": 50,\n  \"top_p\": 0.9\n}");
        out.println("[nota] valor da célula; sem do_sample=True o transformers avisa que temperature/top_p só valem na amostragem");
        out.println("       (e, nas versões 4.x, top_k=50 é o padrão e o repr o omite).");
        out.println("gen_cfg = GenerationConfig(temperature=0.7, top_p=0.9, top_k=50, do_sample=True) — criado e nunca usado.");
        out.println("Se fosse passado ao generate(), valeria (o que gen_cfg não define vem do " + GenerationConfig.FILE_NAME
                + " do modelo):");
        var used = defaults.resolve(new GenerationConfig.Explicit(false, 0.7, 50, 0.9, null, null, null), true);
        out.println("  " + String.join(", ", used.sources().stream().filter(x -> !x.startsWith("max_new_tokens")).toList()));
        out.println("  e, sem max_new_tokens, o transformers pararia em max_length=20 (prompt incluído).");
    }

    private N03Result.Generated generate(CausalLms.Opened lm, GenerationConfig defaults, String prompt,
            GenerationConfig.Explicit explicit, int run, ProgressSink progress, String label) {
        // The notebook sets no seed at all; each of our runs gets its own, derived from --seed.
        var x = new GenerationConfig.Explicit(explicit.greedy(), explicit.temperature(), explicit.topK(), explicit.topP(),
                explicit.repetitionPenalty(), explicit.maxNewTokens(), seed + run);
        var resolved = asTransformers(defaults, x);
        GenerationSettings s = resolved.settings().withDistributions(1);
        long[] ids = lm.tokenizer().encode(prompt).ids();
        long start = System.nanoTime();
        Generation g = new Generator(lm.model()).generate(ids, s, Generator.TokenListener.NONE, tokens(progress, label));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (g.stopReason() == Generation.StopReason.CANCELLED) throw new CancelledException();
        double[] entropies = g.distributions().stream().mapToDouble(StepDistribution::entropyAfter).toArray();
        int distinct = (int) Arrays.stream(g.newIds()).distinct().count();
        return new N03Result.Generated(lm.tokenizer().decode(g.allIds(), true), lm.tokenizer().decode(g.newIds(), true),
                resolved.sources(), entropies, g.newIds().length, distinct, seconds,
                g.stopReason().name().toLowerCase(Locale.ROOT));
    }

    /** Token progress of one generation, labelled with its cell; Cancel still reaches the generator. */
    private static ProgressSink tokens(ProgressSink parent, String label) {
        return new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {
                parent.update(done, total, label + " · tokens");
            }

            @Override
            public boolean isCancelled() {
                return parent.isCancelled();
            }
        };
    }

    private void printResolved(String label, GenerationConfig.Resolved r) {
        out.println("Configuração efetiva (" + label + "): " + String.join(", ", r.sources()));
    }

    private void printSources(N03Result.Generated g) {
        out.println("[configuração efetiva] " + String.join(", ", g.sources()));
    }

    /**
     * Without Qwen2 on this machine, N3.02's comparison (τ = 0.2 vs 0.9) still runs, on the course
     * model the app ships (a GPT-2 it pre-trained on Portuguese text, not Qwen2), with a prompt in
     * the language it read: the effect of temperature on a model that learned something.
     */
    private Generated[] courseModelFallback(ProgressSink progress) {
        String title = Messages.render(Messages.PT_BR, Message.of("notebook.n03.course.title"));
        cell("N3.02*", title);
        var facts = CourseModel.facts();
        out.println(Messages.render(Messages.PT_BR, Message.of("notebook.n03.course.what", MODEL_ID, facts.parameters(), facts.corpus(),
                facts.license())));
        String prompt = Messages.render(Messages.PT_BR, CourseModel.PROMPT);
        try (CausalLms.Opened lm = CourseModel.loadWithTokenizer()) {
            GenerationConfig defaults = GenerationConfig.read(CourseModel.folder());
            Generated cold = generate(lm, defaults, prompt, lowExplicit(), 0, progress, "N3.02* τ=0.2");
            Generated hot = generate(lm, defaults, prompt, highExplicit(), 1, progress, "N3.02* τ=0.9");
            printSources(cold);
            out.println("Low temperature:\n " + cold.text());
            printSources(hot);
            out.println("\nHigh temperature:\n " + hot.text());
            out.println(Messages.render(Messages.PT_BR, Message.of("notebook.n03.course.entropy", cold.meanEntropy(), hot.meanEntropy(),
                    cold.distinctNew(), cold.newTokens(), hot.distinctNew(), hot.newTokens())));
            try {
                NotebookPlots.lines(outDir.resolve("N3.02-entropia-por-passo.png"), "N3.02* — " + title,
                        Messages.render(Messages.PT_BR, Message.of("notebook.n03.course.step")),
                        Messages.render(Messages.PT_BR, Message.of("notebook.n03.course.entropyAxis")), List.of("τ = 0.2", "τ = 0.9"),
                        List.of(cold.entropies(), hot.entropies()), 8, 4);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new Generated[] {cold, hot};
        }
    }

    private void skip() {
        out.println("[PULADO] precisa dos pesos: companion models download " + MODEL_ID + " (ou --model PASTA)");
    }

    private void cell(String id, String title) {
        N01.cell(out, id, title);
    }

    private static String size(long bytes) {
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.2f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    private static String pyValue(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        return v.toString();
    }
}
