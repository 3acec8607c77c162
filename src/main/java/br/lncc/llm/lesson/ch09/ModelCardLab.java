package br.lncc.llm.lesson.ch09;

import br.lncc.llm.platform.Machine;
import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.lesson.Perplexity;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.lesson.ch08.JudgeFragility;
import br.lncc.llm.lesson.ch08.JudgeMaterial;
import br.lncc.llm.text.Messages;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.model.ModelSummary;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.platform.PeakResidentMemory;
import br.lncc.llm.weights.Checkpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cap. 9.2.1: a model card from what the app knows and measured — the folder's files (config,
 * tokenizer, weights' dtypes, README.md's licence and source, the training record of models the
 * app pre-trained) and a short run on this machine (prefill, decode speed, memory, perplexity of
 * a text when one is given). Plain computation: the CLI prints it, the model manager saves it.
 */
public final class ModelCardLab {
    private ModelCardLab() {}

    /** What the card says; numbers not measured are null/NaN and the card says "not measured". */
    public record Facts(
            String id, Path folder, String modelType, long parameters, Map<String, Long> storedDtypes, long fileBytes,
            int layers, int heads, int width, int context, int vocabulary, String tokenizerKind, int tokenizerSize,
            boolean chatTemplate, String license, String source, List<String> datasets, String baseModel,
            Provenance provenance, Measured measured, Instant date, String appVersion) {}

    /**
     * How a model the app pre-trained was made (its {@code checkpoint/trainer_state.json}, or the
     * table of the README.md the pre-training wrote when the checkpoint was not shipped).
     */
    public record Provenance(String corpus, String corpusLicense, String corpusSha256, int steps, long tokens, long seed,
            double finalTrainLoss, double finalValLoss, List<String> readmeRows) {}

    /**
     * One measured run on this machine.
     *
     * @param decodeTokensPerSecond greedy, KV cache, after the first token
     * @param residentMiB           the process's resident memory after the run (JVM + native weights)
     * @param perplexity            NaN when no text was given
     */
    public record Measured(int promptTokens, double prefillMs, int newTokens, double decodeTokensPerSecond,
            double weightsMiB, double residentMiB, String perplexityText, long perplexityTokens, double perplexity,
            String machine, Variability variability, JudgeBias judgeBias) {}

    /**
     * The Cap. 4 variability (4.12, N2.15–N2.16) on this model: the seeded τ × top-p grid, two
     * samples per cell, each cell's mean rep-4 and distinct-2 and whether its two samples differ.
     */
    public record Variability(String prompt, int newTokens, long seed, List<VariabilityCell> cells) {
        public Variability {
            cells = List.copyOf(cells);
        }
    }

    public record VariabilityCell(double temperature, double topP, double rep4, double distinct2, boolean samplesDiffer) {}

    /**
     * The judge's position bias (Cap. 8.4, 8.5.4) with this model as the judge of the app's answer
     * pairs ({@link JudgeMaterial}), every pair in both orders, one forward pass each.
     *
     * @param firstPosition    share of trials that chose the answer shown first (0.5 = no bias)
     * @param low              Wilson 95% interval of it
     * @param pValue           exact two-sided test of firstPosition against 1/2
     * @param positionFlips    share of (pair, wording) cells whose verdict changes when only the order does
     * @param meanLabelMass    P(A) + P(B) under the full softmax: near 1 when the model answers in the format
     * @param notMeasured      why there is no number (prompts beyond the window, no single-token A/B), or null
     */
    public record JudgeBias(int trials, List<String> wordings, double firstPosition, double low, double high, double pValue,
            double positionFlips, double accuracy, double meanLabelMass, br.lncc.llm.text.Message notMeasured) {
        public JudgeBias {
            wordings = List.copyOf(wordings);
        }

        static JudgeBias unmeasured(br.lncc.llm.text.Message why) {
            return new JudgeBias(0, List.of(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
        }
    }

    /** The grid's length per sample and seed: short, so the card stays a minute's work on a laptop. */
    public static final int VARIABILITY_TOKENS = 24;
    public static final long VARIABILITY_SEED = 42;

    /** The prompt the speed run continues (any text works: the weights decide the speed, not the words). */
    public static final String SPEED_PROMPT = "The language model";
    public static final int SPEED_TOKENS = 32;

    /**
     * Reads the folder and, when {@code measure}, loads the model for a short run ({@value #SPEED_TOKENS}
     * new tokens after one warm-up) and the perplexity of {@code perplexityText} (null = skip).
     */
    public static Facts collect(String id, Path folder, boolean measure, Path perplexityText, ProgressSink progress)
            throws IOException {
        JsonNode config = Checkpoint.readConfig(folder);
        ModelSummary summary = ModelSummary.of(folder);
        Map<String, Long> dtypes = new TreeMap<>();
        long fileBytes = 0;
        try (Checkpoint ckpt = Checkpoint.open(folder)) {
            for (String name : ckpt.names()) dtypes.merge(ckpt.info(name).dtype().toString(), 1L, Long::sum);
            for (var f : ckpt.files()) fileBytes += Files.size(f.path());
        }
        JsonNode tok = readJson(folder.resolve("tokenizer.json"));
        Readme readme = Readme.read(folder.resolve("README.md"));
        Measured measured = null;
        if (measure) measured = measure(folder, perplexityText, progress);
        return new Facts(id, folder, summary.architecture(), summary.parameters(), dtypes, fileBytes,
                firstInt(config, "n_layer", "num_hidden_layers"), firstInt(config, "n_head", "num_attention_heads"),
                firstInt(config, "n_embd", "hidden_size", "d_model"),
                firstInt(config, "n_positions", "max_position_embeddings", "n_ctx"), firstInt(config, "vocab_size"),
                tok == null ? "" : tok.path("model").path("type").asText(""),
                tokenizerSize(tok),
                ChatTemplate.read(folder) != null, readme.license(), source(folder, readme), readme.datasets(),
                readme.baseModel(), provenance(folder, readme), measured, Instant.now(), br.lncc.llm.platform.AppInfo.version());
    }

    /**
     * The folder of {@code idOrPath}: the shipped course model by its name (no network needed — the
     * offline error message itself recommends that name), else a folder or a Hub id.
     */
    public static Path folderOf(String idOrPath, ProgressSink progress) {
        if (br.lncc.llm.bench.ModelOpener.isCourseModel(idOrPath)) return br.lncc.llm.model.CourseModel.folder();
        return br.lncc.llm.hub.ModelResolver.standard().resolve(idOrPath, progress);
    }

    /**
     * Distinct ids of tokenizer.json: the vocabulary plus the added tokens that are not in it
     * (GPT-2's {@code <|endoftext|>} is in both, and counting it twice said 2050 for 2049 ids).
     */
    static int tokenizerSize(JsonNode tok) {
        if (tok == null) return 0;
        var ids = new java.util.HashSet<Integer>();
        JsonNode vocab = tok.path("model").path("vocab");
        if (vocab.isObject()) vocab.elements().forEachRemaining(v -> ids.add(v.asInt()));
        else if (vocab.isArray()) for (int i = 0; i < vocab.size(); i++) ids.add(i);    // Unigram: [piece, score] by id
        for (JsonNode a : tok.path("added_tokens")) ids.add(a.path("id").asInt());
        return ids.size();
    }

    private static Measured measure(Path folder, Path text, ProgressSink progress) throws IOException {
        try (CausalLms.Opened m = CausalLms.loadWithTokenizer(folder)) {
            progress.update(1, 5, (String) null);
            long[] ids = m.tokenizer().encode(SPEED_PROMPT, false).ids();
            var settings = GenerationSettings.greedy(SPEED_TOKENS).withStopAtEos(false);
            var generator = new Generator(m.model());
            generator.generate(ids, GenerationSettings.greedy(4).withStopAtEos(false), Generator.TokenListener.NONE, progress);
            progress.checkCancelled();
            Generation g = generator.generate(ids, settings, Generator.TokenListener.NONE, progress);
            progress.update(2, 5, (String) null);
            String textName = null;
            long pplTokens = 0;
            double ppl = Double.NaN;
            if (text != null) {
                long[] all = m.tokenizer().encode(Files.readString(text), false).ids();
                if (all.length >= 2) {
                    var r = Perplexity.of(m.model(), all, Perplexity.Windowing.forModel(m.model(), 1024), progress);
                    textName = String.valueOf(text.getFileName());
                    pplTokens = r.tokens();
                    ppl = r.ppl();
                }
            }
            progress.update(3, 5, (String) null);
            Variability variability = variability(m, folder, progress);
            progress.update(4, 5, (String) null);
            JudgeBias bias = judgeBias(m, folder, progress);
            progress.update(5, 5, (String) null);
            return new Measured(ids.length, g.prefillMs(), g.newIds().length, g.decodeTokensPerSecond(),
                    m.model().weightsBytes() / 1048576.0, PeakResidentMemory.residentMiB(), textName, pplTokens, ppl,
                    Machine.describe(), variability, bias);
        }
    }

    /** Cap. 4.12's grid through the generation lab itself (the lab is a view of the loaded model: not closed here). */
    static Variability variability(CausalLms.Opened m, Path folder, ProgressSink progress) {
        var lab = new GenerationLab(m.model(), m.tokenizer(), folder);
        // The course model only read Portuguese: the book's English prompt would mean nothing to it.
        String prompt = lab.courseModel() ? Messages.render(Messages.PT_BR, br.lncc.llm.model.CourseModel.PROMPT)
                : GenerationLab.DEFAULT_PROMPT;
        var grid = lab.compareGrid(prompt, VARIABILITY_TOKENS, VARIABILITY_SEED, progress);
        List<VariabilityCell> cells = new ArrayList<>();
        for (int i = 0; i + 1 < grid.samples().size(); i += 2) {
            var a = grid.samples().get(i);
            var b = grid.samples().get(i + 1);
            cells.add(new VariabilityCell(a.temperature(), a.topP(), (a.rep4() + b.rep4()) / 2, (a.distinct2() + b.distinct2()) / 2,
                    !a.text().equals(b.text())));
        }
        return new Variability(prompt, VARIABILITY_TOKENS, VARIABILITY_SEED, cells);
    }

    /**
     * The app's judge material with this model as the judge. Wordings whose prompts do not fit the
     * model's window are left out (the card says which ran); none fitting is "not measured", never
     * a failure of the whole card.
     */
    static JudgeBias judgeBias(CausalLms.Opened m, Path folder, ProgressSink progress) {
        JudgeFragility judge;
        try {
            judge = new JudgeFragility(m.model(), m.tokenizer(), ChatTemplate.read(folder));
        } catch (RuntimeException e) {
            return JudgeBias.unmeasured(br.lncc.llm.text.Message.of("card.judge.noLetters"));
        }
        var pairs = JudgeMaterial.pairs();
        List<JudgeFragility.Wording> fitting = new ArrayList<>();
        for (var w : JudgeMaterial.wordings()) {
            boolean fits = true;
            for (var pair : pairs) {
                for (var order : JudgeFragility.Order.values()) {
                    if (m.tokenizer().encode(judge.prompt(pair, w, order), false).ids().length > m.model().maxPositions()) fits = false;
                }
            }
            if (fits) fitting.add(w);
        }
        if (fitting.isEmpty()) {
            return JudgeBias.unmeasured(br.lncc.llm.text.Message.of("card.judge.tooLong", String.valueOf(m.model().maxPositions())));
        }
        var result = judge.run(pairs, fitting, t -> {}, progress);
        var s = result.summary();
        var ci = s.firstPosition().interval();
        double mass = result.trials().stream().mapToDouble(JudgeFragility.Trial::labelMass).average().orElse(Double.NaN);
        return new JudgeBias(s.trials(), fitting.stream().map(JudgeFragility.Wording::name).toList(), s.firstPosition().rate(),
                ci.low(), ci.high(), s.firstPositionP(), s.positionFlip().rate(), s.accuracy().rate(), mass, null);
    }

    /** README.md's YAML front matter (license, datasets, base_model) and its table rows. */
    record Readme(String license, List<String> datasets, String baseModel, List<String> tableRows, boolean byThisApp) {
        static final Readme NONE = new Readme("", List.of(), "", List.of(), false);

        static Readme read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) return NONE;
            List<String> lines = Files.readAllLines(file);
            String license = "", base = "";
            List<String> datasets = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            boolean front = !lines.isEmpty() && lines.get(0).trim().equals("---");
            int i = front ? 1 : 0;
            String listOf = null;
            for (; front && i < lines.size() && !lines.get(i).trim().equals("---"); i++) {
                String l = lines.get(i);
                if (l.startsWith("license:")) license = value(l);
                else if (l.startsWith("base_model:")) base = value(l);
                else if (l.startsWith("datasets:")) {
                    listOf = "datasets";
                    String v = value(l);
                    if (!v.isEmpty()) datasets.addAll(inline(v));
                } else if (l.trim().startsWith("- ") && "datasets".equals(listOf)) datasets.add(l.trim().substring(2).trim());
                else if (!l.startsWith(" ")) listOf = null;
            }
            boolean ours = false;
            for (String l : lines) {
                if (l.contains("llm-course-companion") || l.contains("LLM Course Companion")) ours = true;
                // Only the first table (the run's facts): the later ones (e.g. samples per τ) have other columns.
                if (l.startsWith("## ") && !rows.isEmpty()) break;
                if (l.startsWith("| ") && !l.startsWith("| |") && !l.startsWith("|---") && rows.size() < 20 && !l.startsWith("| τ")) {
                    rows.add(l);
                }
            }
            return new Readme(license, List.copyOf(datasets), base, ours ? List.copyOf(rows) : List.of(), ours);
        }

        private static String value(String line) {
            return line.substring(line.indexOf(':') + 1).trim().replaceAll("^[\"']|[\"']$", "");
        }

        private static List<String> inline(String v) {
            List<String> out = new ArrayList<>();
            for (String s : v.replaceAll("[\\[\\]]", "").split(",")) if (!s.isBlank()) out.add(s.trim());
            return out;
        }
    }

    /** The Hub id of a folder in the Hugging Face cache (models--org--name/snapshots/…), or the folder itself. */
    static String source(Path folder, Readme readme) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            String n = String.valueOf(p.getFileName());
            if (n.startsWith("models--")) return n.substring("models--".length()).replace("--", "/") + " (Hugging Face Hub)";
        }
        return readme.byThisApp() ? "LLM Course Companion (" + folder.toAbsolutePath() + ")" : folder.toAbsolutePath().toString();
    }

    private static Provenance provenance(Path folder, Readme readme) {
        // A run's folder keeps it in checkpoint/; the course model shipped in the app keeps it beside the weights.
        JsonNode state = readJson(folder.resolve("checkpoint").resolve("trainer_state.json"));
        if (state == null) state = readJson(folder.resolve("trainer_state.json"));
        if (state == null && readme.tableRows().isEmpty()) return null;
        if (state == null) return new Provenance("", "", "", 0, 0, 0, Double.NaN, Double.NaN, readme.tableRows());
        JsonNode evals = state.path("evals");
        JsonNode last = evals.size() > 0 ? evals.get(evals.size() - 1) : null;
        return new Provenance(state.path("corpus").asText(""), state.path("corpus_license").asText(""),
                state.path("corpus_sha256").asText(""), state.path("step").asInt(), state.path("tokens").asLong(),
                state.path("seed").asLong(), last == null ? Double.NaN : last.path("train_loss").asDouble(),
                last == null ? Double.NaN : last.path("val_loss").asDouble(), readme.tableRows());
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static int firstInt(JsonNode config, String... names) {
        for (String n : names) if (config.path(n).canConvertToInt()) return config.path(n).asInt();
        return -1;
    }
}
