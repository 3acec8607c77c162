package br.lncc.llm.lesson.ch09;

import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.energy.QueryRecord;
import br.lncc.llm.bench.sentiment.SampleResult;
import br.lncc.llm.bench.sentiment.SentimentMetrics;
import br.lncc.llm.bench.sentiment.SentimentPrompts;
import br.lncc.llm.bench.sentiment.SentimentReport;
import br.lncc.llm.lesson.Cap5Prompts;
import br.lncc.llm.lesson.SelfConsistency;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.lesson.ch04.Practice1;
import br.lncc.llm.lesson.ch08.JudgeFragility;
import br.lncc.llm.lesson.compress.AblationExport;
import br.lncc.llm.lesson.compress.AblationResult;
import br.lncc.llm.lesson.compress.CompressionRequest;
import br.lncc.llm.lesson.compress.ConditionResult;
import br.lncc.llm.text.Messages;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.lesson.ch07.TrainingLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static br.lncc.llm.lesson.ch09.ExperimentRecordBuilder.BOOK;
import static br.lncc.llm.lesson.ch09.ExperimentRecordBuilder.CHECKPOINT;
import static br.lncc.llm.lesson.ch09.ExperimentRecordBuilder.DERIVED;
import static br.lncc.llm.lesson.ch09.ExperimentRecordBuilder.PAGE;

/**
 * The experiment record of each lab that produces results (Cap. 5.9, 7.12, 8.6): generation grid,
 * Practice 1, self-consistency, training, judge, compression and the energy and sentiment benchmarks. Each method
 * takes what the run itself returned (never what the form shows now, which the student may have
 * edited since) and writes it through {@link ExperimentRecordBuilder}. Hashing reads the model's
 * files: call from a background task.
 */
public final class LabRecords {
    private LabRecords() {}

    /** Cap. 4.12 / N2.15–N2.16: τ × top-p grid, two seeded samples per cell. */
    public static ExperimentRecord generationGrid(GenerationLab lab, GenerationLab.Grid grid, Locale locale) throws IOException {
        var b = ExperimentRecord.builder(Messages.render(locale, "record.title.grid"), "4.12")
                .model(lab.model().name(), lab.folder()).precision("fp32").seed(grid.seed())
                .setting("max_new_tokens", grid.maxNewTokens(), PAGE)
                .setting("seed", grid.seed(), PAGE)
                .setting("cell seed", "seed + 100·cell + sample", DERIVED)
                .setting("top_k", 0, BOOK)
                .setting("repetition_penalty", 1.0, BOOK)
                .setting("stop_token_ids", grid.stopTokenIds().isEmpty() ? "EOS" : grid.stopTokenIds(), CHECKPOINT)
                .setting("prompt truncated (keep-tail)", grid.truncated(), DERIVED);
        int p = b.prompt(grid.prompt());
        for (var s : grid.samples()) {
            String cell = cell(s.temperature(), s.topP()) + " #" + s.sample() + " (seed " + s.seed() + ")";
            b.output(p, cell, s.text());
            b.metric(cell + " rep4", s.rep4()).metric(cell + " distinct2", s.distinct2());
        }
        return b.build();
    }

    /** Cap. 4.15, Practice 1: each part's prescribed runs with their seeds, and the student's answers. */
    public static ExperimentRecord practice1(GenerationLab lab, Map<String, List<Practice1.Output>> outputs,
            Map<String, String> answers, Locale locale) throws IOException {
        var b = ExperimentRecord.builder(Messages.render(locale, "record.title.practice1"), "4.15")
                .model(lab.model().name(), lab.folder()).precision("fp32")
                .setting("top_k", 0, BOOK)
                .setting("stop_token_ids", lab.checkpointEos().isEmpty() ? "EOS" : lab.checkpointEos(), CHECKPOINT);
        boolean first = true;
        for (var part : Practice1.PARTS) {
            for (var o : outputs.getOrDefault(part.id(), List.of())) {
                // Every run draws from seed + i: the record keeps the first as "the" seed and each run's own.
                if (first) b.seed(o.seed());
                first = false;
                b.setting(o.run().id() + " temperature / top_p", cell(o.run().temperature(), o.run().topP()), BOOK);
                b.setting(o.run().id() + " seed", o.seed(), DERIVED);
                b.setting(o.run().id() + " max_new_tokens", o.maxNewTokens(), PAGE);
                int p = b.prompt(o.run().prompt());
                b.output(p, o.run().id(), o.text());
                b.metric(o.run().id() + " rep4", o.rep4()).metric(o.run().id() + " distinct2", o.distinct2());
            }
        }
        answers.entrySet().stream().filter(e -> !e.getValue().isBlank()).sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.note(e.getKey() + ": " + e.getValue().strip()));
        return b.build();
    }

    /** Cap. 5.7 / N2.25–N2.26: the samples, how each parsed, the vote. */
    public static ExperimentRecord selfConsistency(String modelId, Path folder, br.lncc.llm.lesson.ch05.PromptingLab.Outputs out,
            SelfConsistency.Vote<?> vote, Locale locale) throws IOException {
        Cap5Prompts.Experiment e = out.experiment();
        var b = ExperimentRecord.builder(Messages.render(locale, "record.title.selfConsistency", e.id()), "5.7")
                .model(modelId, folder).precision("fp32").seed(out.seed())
                .setting("seed", out.seed(), PAGE)
                .setting("samples", e.samples(), BOOK)
                .setting("temperature", e.temperature(), BOOK)
                .setting("top_p", e.topP(), BOOK)
                .setting("max_new_tokens", e.maxNewTokens(), BOOK)
                .setting("parser", e == Cap5Prompts.SELF_CONSISTENCY_NUMBER ? "first integer (N2.26)" : "POSITIVO|NEGATIVO (N2.25)", BOOK);
        int p = b.prompt(e.prompt());
        for (int i = 0; i < vote.samples().size(); i++) {
            b.output(p, "#" + (i + 1) + " → " + vote.parsed().get(i).map(String::valueOf).orElse("∅"), vote.samples().get(i));
        }
        vote.counts().forEach((k, n) -> b.metric("votes " + k, n));
        b.metric("unparsed", vote.unparsed());
        b.note("verdict: " + vote.verdict());
        return b.build();
    }

    /**
     * Cap. 7.9–7.11: the request's rows and probe, each method's settings as the plan ran them
     * (its LoRA configuration when it has one), the loss of every step, trainable share, memory,
     * and the probe's answer before and after. {@code events} are what {@link TrainingLab#run}
     * reported (a cancelled run's are a record too: the methods that finished).
     */
    public static ExperimentRecord training(TrainingLab.Request request, List<TrainingLab.Event> events, Locale locale)
            throws IOException {
        var plan = request.plan();
        String methods = String.join(" + ", plan.stream().map(s -> s.method().name()).toList());
        var source = request.source();
        var b = ExperimentRecord.builder(Messages.render(locale, "record.title.training", methods), "7.9–7.11")
                .model(source.name(), source.folder())
                .precision(plan.stream().anyMatch(s -> s.method() == TrainingMethod.QLORA)
                        ? "fp32 (SFT/LoRA), nf4 base (QLoRA)" : "fp32");
        if (!plan.isEmpty()) b.seed(plan.get(0).seed());
        b.setting("dataset rows", request.rows().size(), PAGE).setting("probe new tokens (greedy)", request.probe().newTokens(), PAGE);
        for (var s : plan) {
            String m = s.method().name();
            b.setting(m + " steps", s.steps(), PAGE).setting(m + " batch", s.batchSize(), PAGE)
                    .setting(m + " learning rate", s.learningRate(), PAGE)
                    .setting(m + " schedule", s.linearDecay() ? "linear decay, no warmup" : "constant", BOOK)
                    .setting(m + " weight decay", s.weightDecay(), BOOK)
                    .setting(m + " model dropout", s.modelDropout(), PAGE)
                    .setting(m + " seed", s.seed(), ExperimentRecordBuilder.APP_DEFAULT);
            if (s.lora() != null) {
                b.setting(m + " r / alpha / lora_dropout", s.lora().r() + " / " + s.lora().alpha() + " / " + s.lora().dropout(), PAGE)
                        .setting(m + " target_modules", s.lora().targetModules(), PAGE)
                        .setting(m + " layers_to_transform", s.lora().layersToTransform() == null ? "all" : s.lora().layersToTransform(), PAGE);
            }
        }
        for (String row : request.rows()) b.prompt(row);
        int p = b.prompt(request.probe().prompt());
        for (var e : events) {
            if (e instanceof TrainingLab.Event.Before before) {
                b.output(p, "before", before.text());
            } else if (e instanceof TrainingLab.Event.Step step) {
                b.metric(String.format(Locale.ROOT, "%s loss step %03d", step.method().name(), step.step()), step.loss());
            } else if (e instanceof TrainingLab.Event.Finished f) {
                var r = f.result();
                String m = r.method().name();
                b.output(p, "after " + m, r.after());
                b.metric(m + " trainable parameters", r.trainableParameters()).metric(m + " trainable %", r.trainablePercent())
                        .metric(m + " base MiB", r.baseBytes() / 1048576.0).metric(m + " optimizer MiB", r.optimizerBytes() / 1048576.0)
                        .metric(m + " ms/step", r.meanStepMillis()).metric(m + " last loss", r.lastLoss());
            }
        }
        b.note("prompts: the dataset rows, then the probe prompt");
        return b.build();
    }

    /**
     * Cap. 8.4 / 8.5.4: every trial's prompt verbatim ("registre o prompt do juiz"), its verdict and
     * probabilities, and the fragility summary. One forward pass per trial: nothing is sampled.
     */
    public static ExperimentRecord judge(JudgeFragility.Result result, Path folder, Locale locale) throws IOException {
        var b = ExperimentRecord.builder(Messages.render(locale, "record.title.judge"), "8.4").model(result.model(), folder)
                .precision("fp32").deterministic()
                .setting("chat template", result.chatTemplate() ? "checkpoint's" : "none: raw text + \"" + JudgeFragility.RAW_CUE.strip() + "\"", CHECKPOINT)
                .setting("verdict", "next-token logits of " + result.tokens().firstPieces() + " vs " + result.tokens().secondPieces(), BOOK)
                .setting("pairs", result.pairs().size(), PAGE)
                .setting("wordings", result.wordings().stream().map(JudgeFragility.Wording::name).toList(), PAGE)
                .setting("orders", "a-b, b-a", BOOK)
                .setting("complete", result.complete(), DERIVED);
        var judgePrompts = new StringBuilder();
        for (var w : result.wordings()) judgePrompts.append("[").append(w.name()).append("]\n").append(w.template()).append("\n\n");
        b.judgePrompt(judgePrompts.toString().strip());
        for (var t : result.trials()) {
            int p = b.prompt(t.prompt());
            b.output(p, "pair " + (t.pair() + 1) + " · " + t.wording() + " · " + t.order().code(),
                    String.format(Locale.ROOT, "verdict %s (reference %s) · P(first) = %.4f · label mass = %.4f",
                            t.verdict().code(), t.reference().code(), t.pFirst(), t.labelMass()));
        }
        var s = result.summary();
        b.metric("trials", s.trials()).metric("accuracy", s.accuracy().rate())
                .metric("first-position rate", s.firstPosition().rate()).metric("first-position p-value", s.firstPositionP())
                .metric("position flips", s.positionFlip().rate()).metric("wording flips", s.wordingFlip().rate())
                .metric("mean margin", s.meanMargin());
        return b.build();
    }

    /** Cap. 9.1.3 / seed 004: the request, each condition's budget and evaluation, the generations. */
    public static ExperimentRecord compression(AblationResult r, Path folder, Locale locale) throws IOException {
        CompressionRequest q = r.request();
        var b = ExperimentRecord.builder(Messages.render(locale, "record.title.compression"), "9.1.3").model(r.model(), folder)
                .precision("fp32 (compressed in place: INT-k groups, pruned)").deterministic()
                .setting("conditions", q.conditions().stream().map(c -> c.cliName()).toList(), PAGE)
                .setting("bits", q.bits(), PAGE).setting("sparsity", q.sparsity(), PAGE).setting("group", q.group(), PAGE)
                .setting("skip embeddings / lm_head", q.skipEmbeddings(), PAGE).setting("2:4", q.twoFour(), PAGE)
                .setting("sweep bits", q.sweepBits(), PAGE)
                .setting("calibration texts", q.calibrationTexts().size() + " (sha256 " + sha256(String.join("\n", q.calibrationTexts())) + ")", PAGE)
                .setting("calibration max texts / length / min tokens", q.calibration().maxTexts() + " / " + q.calibration().maxLength()
                        + " / " + q.calibration().minTokens(), BOOK)
                .setting("fisher texts", q.fisherTexts(), BOOK)
                .setting("evaluation text", q.evaluationText().length() + " chars (sha256 " + sha256(q.evaluationText()) + ")", PAGE)
                .setting("decoding", "greedy, repetition_penalty " + CompressionRequest.REPETITION_PENALTY, BOOK)
                .setting("max_new_tokens", q.maxNewTokens(), PAGE)
                .setting("cancelled", r.cancelled(), DERIVED);
        List<ConditionResult> rows = new java.util.ArrayList<>(AblationExport.rows(r));
        rows.addAll(r.sweep());
        for (String prompt : q.prompts()) b.prompt(prompt);
        for (ConditionResult c : rows) {
            String label = AblationExport.label(c, r);
            for (var o : c.outputs()) b.output(b.prompt(o.prompt()), label, o.text());
            b.metric(label + " bits (compressed)", c.budget().compressed()).metric(label + " bits (all weights)", c.budget().allWeights())
                    .metric(label + " ppl", c.ppl()).metric(label + " ppl ratio", c.pplRatio()).metric(label + " rep4", c.rep4())
                    .metric(label + " distinct2", c.distinct2()).metric(label + " script switches", c.scriptSwitches())
                    .metric(label + " seconds", c.seconds());
        }
        b.metric("embedding share", r.embeddingShare()).metric("total weights", r.totalWeights());
        return b.build();
    }

    /** The energy benchmark (seed 001): each model's queries verbatim, responses, energy and time. */
    public static ExperimentRecord energy(List<EnergyReport> reports, Map<String, Path> folders, EnergyBenchmark.Settings settings,
            Locale locale) throws IOException {
        String models = String.join(", ", reports.stream().map(EnergyReport::model).toList());
        var b = ExperimentRecord.builder(Messages.render(locale, "record.title.energy", models), "Benchmark")
                .precision("fp32").deterministic()
                .setting("max_new_tokens", settings.maxNewTokens(), PAGE)
                .setting("prompt template", settings.promptTemplate(), BOOK)
                .setting("warm-up query", settings.warmUp(), BOOK)
                .setting("decoding", "greedy", BOOK);
        for (EnergyReport r : reports) {
            b.model(r.model(), folders.get(r.model()));
            b.setting(r.model() + " energy method", r.energyMethod() + (r.energyMeasured() ? " (measured)" : " (estimated)"), DERIVED)
                    .setting(r.model() + " grid", r.country() + ", " + r.gridIntensityGPerKwh() + " gCO2/kWh", PAGE)
                    .setting(r.model() + " cpu", r.cpuModel(), DERIVED);
            for (QueryRecord q : r.queryHistory()) {
                b.output(b.prompt(settings.prompt(q.query())), r.model() + " #" + q.timestamp(), q.response());
            }
            b.metric(r.model() + " queries", r.totalQueries()).metric(r.model() + " energy kWh", r.totalEnergyKwh())
                    .metric(r.model() + " emissions kg", r.totalEmissionsKg()).metric(r.model() + " s/query", r.avgTimeSPerQuery())
                    .metric(r.model() + " tokens out (mean)", r.queryHistory().stream().mapToInt(QueryRecord::tokensOutput).average().orElse(Double.NaN));
        }
        return b.build();
    }

    /**
     * The sentiment benchmark (seed 002): the sample's seed, each review's normal and repeated prompt
     * verbatim with the model's answers, and the accuracies with McNemar's test. Greedy decoding: the
     * seed picks the reviews, not the tokens.
     */
    public static ExperimentRecord sentiment(SentimentReport r, Path folder, Locale locale) throws IOException {
        var b = ExperimentRecord.builder(Messages.render(locale, "record.title.sentiment", r.model()), "Benchmark")
                .model(r.model(), folder).precision("fp32").seed(r.seed())
                .setting("dataset", r.dataset(), PAGE)
                .setting("reviews requested", r.requested(), PAGE)
                .setting("seed", r.seed(), PAGE)
                .setting("max_new_tokens", r.maxNewTokens(), BOOK)
                .setting("decoding", "greedy", BOOK)
                .setting("complete", r.complete(), DERIVED);
        for (SampleResult s : r.samples()) {
            b.output(b.prompt(SentimentPrompts.normal(s.text())), s.id() + " normal (label " + s.label() + ")", s.predictionNormal());
            b.output(b.prompt(SentimentPrompts.repeated(s.text())), s.id() + " repeated (label " + s.label() + ")", s.predictionRepeated());
        }
        SentimentMetrics m = r.metrics();
        b.metric("n", m.n()).metric("accuracy normal", m.accuracyNormal()).metric("accuracy repeated", m.accuracyRepeated())
                .metric("delta accuracy", m.deltaAccuracy()).metric("mean tokens normal", m.meanTokensNormal())
                .metric("mean tokens repeated", m.meanTokensRepeated()).metric("McNemar b", m.b()).metric("McNemar c", m.c())
                .metric("McNemar p (chi2)", m.mcnemarPvalue()).metric("McNemar p (exact)", m.mcnemarExactPvalue());
        return b.build();
    }

    private static String cell(double temperature, double topP) {
        return String.format(Locale.ROOT, "τ=%.1f top-p=%.1f", temperature, topP);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
