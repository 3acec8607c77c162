package br.lncc.llm.lesson.ch09;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.CausalLmCompleter;
import br.lncc.llm.bench.energy.CpuLoadEstimator;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.lesson.Cap5Prompts;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.lesson.ch04.Practice1;
import br.lncc.llm.lesson.ch05.PromptingLab;
import br.lncc.llm.lesson.ch07.TrainingLab;
import br.lncc.llm.lesson.ch08.JudgeFragility;
import br.lncc.llm.lesson.ch08.JudgeModel;
import br.lncc.llm.lesson.compress.CompressionCondition;
import br.lncc.llm.lesson.compress.CompressionLab;
import br.lncc.llm.lesson.compress.CompressionModel;
import br.lncc.llm.lesson.compress.CompressionRequest;
import br.lncc.llm.model.CausalLms;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Messages;
import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.train.TrainingMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every lab's experiment record holds what its real run used and produced: the settings the run
 * took (not the form's defaults), its seed, the SHA-256 of the model's files, the outputs and the
 * metrics; and each one survives JSON and renders in both languages.
 */
class LabRecordsTest {
    static final Path GPT2 = Path.of("src/test/resources/fixtures/gpt2-tiny");
    static final Path QWEN2 = Path.of("src/test/resources/fixtures/qwen2-tiny");
    static final Path T5 = Path.of("src/test/resources/fixtures/t5-tiny");

    static String weightsHash(Path folder) throws Exception {
        return ExperimentRecord.hashes(folder).get("model.safetensors");
    }

    static String setting(ExperimentRecord r, String name) {
        return r.settings().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                "no setting " + name + " in " + r.settings())).value();
    }

    /** Round trip, both languages, no missing key. */
    static void readable(ExperimentRecord r) throws Exception {
        assertEquals(r, ExperimentRecord.fromJson(r.toJson()));
        for (var l : Messages.SUPPORTED) assertFalse(ExperimentRecordMarkdown.render(r, l).contains("!record."));
    }

    @Test
    void theGenerationGridRecordHoldsItsSeedsSettingsHashAndEveryCell() throws Exception {
        try (var lab = GenerationLab.open(GPT2)) {
            var grid = lab.compareGrid("Transformers are", 3, 1234, ProgressSink.NONE);
            var r = LabRecords.generationGrid(lab, grid, Messages.ENGLISH);
            assertEquals(1234L, r.seed());
            assertEquals("3", setting(r, "max_new_tokens"));
            assertEquals(weightsHash(GPT2), r.modelFileSha256().get("model.safetensors"));
            assertEquals(List.of("Transformers are"), r.prompts());
            assertEquals(12, r.outputs().size());
            for (int i = 0; i < 12; i++) {
                var s = grid.samples().get(i);
                assertEquals(s.text(), r.outputs().get(i).text());
                assertTrue(r.outputs().get(i).condition().contains("seed " + s.seed()), r.outputs().get(i).condition());
            }
            assertEquals(grid.samples().get(0).rep4(), r.metrics().get("τ=0.2 top-p=0.9 #1 (seed 1235) rep4"));
            assertTrue(r.checklist().stream().allMatch(ExperimentRecord.Check::present), r.checklist().toString());
            readable(r);
        }
    }

    @Test
    void thePractice1RecordHoldsEachRunsSeedAndTheStudentsAnswers() throws Exception {
        try (var lab = GenerationLab.open(GPT2)) {
            var a = Practice1.run(lab, Practice1.part("A"), 4, 77, ProgressSink.NONE);
            var r = LabRecords.practice1(lab, Map.of("A", a), Map.of("A.2", "A1 repetiu mais."), Messages.PT_BR);
            assertEquals(77L, r.seed());
            assertEquals("78", setting(r, "A2 seed"));
            assertEquals("4", setting(r, "A2 max_new_tokens"));
            assertEquals("τ=1.0 top-p=0.9", setting(r, "A3 temperature / top_p"));
            assertEquals(weightsHash(GPT2), r.modelFileSha256().get("model.safetensors"));
            assertEquals(a.stream().map(Practice1.Output::text).toList(), r.outputs().stream().map(ExperimentRecord.Output::text).toList());
            assertTrue(r.notes().contains("A.2: A1 repetiu mais."));
            readable(r);
        }
    }

    @Test
    void theSelfConsistencyRecordHoldsTheSamplesTheirParsesAndTheVote() throws Exception {
        try (var lab = PromptingLab.open(T5)) {
            var e = new Cap5Prompts.Experiment("sc", Cap5Prompts.SELF_CONSISTENCY_NUMBER.prompt(), true, 3, 0.8, 0.9, 4);
            var out = lab.run(e, 9, ProgressSink.NONE);
            var vote = lab.numberVote(out);
            var r = LabRecords.selfConsistency(lab.name(), lab.folder(), out, vote, Messages.ENGLISH);
            assertEquals(9L, r.seed());
            assertEquals("4", setting(r, "samples"));
            assertEquals("0.8", setting(r, "temperature"));
            assertEquals(weightsHash(T5), r.modelFileSha256().get("model.safetensors"));
            assertEquals(out.texts(), r.outputs().stream().map(ExperimentRecord.Output::text).toList());
            assertEquals((double) vote.unparsed(), r.metrics().get("unparsed"));
            assertTrue(r.notes().contains("verdict: " + vote.verdict()));
            readable(r);
        }
    }

    @Test
    void theTrainingRecordHoldsTheMethodsSettingsEveryStepsLossAndTheAnswers() throws Exception {
        var source = new LabModelSource.Folder(GPT2);
        var rows = List.of("Pergunta: o que é LoRA? Resposta: adaptadores de posto baixo.");
        var request = new TrainingLab.Request(source, rows, java.util.Set.of(TrainingMethod.SFT),
                new TrainingLab.Schedule(2, 1, 3e-3, 1e-2, 0.0), null, new TrainingLab.Probe("Pergunta:", 3));
        List<TrainingLab.Event> events = new java.util.ArrayList<>();
        TrainingLab.run(request, ProgressSink.NONE, events::add);
        var r = LabRecords.training(request, events, Messages.ENGLISH);
        assertEquals(request.plan().get(0).seed(), r.seed());
        assertEquals("0.003", setting(r, "SFT learning rate"));
        assertEquals("2", setting(r, "SFT steps"));
        assertEquals(weightsHash(GPT2), r.modelFileSha256().get("model.safetensors"));
        var steps = events.stream().filter(e -> e instanceof TrainingLab.Event.Step).map(e -> (TrainingLab.Event.Step) e).toList();
        assertEquals(2, steps.size());
        assertEquals(steps.get(1).loss(), r.metrics().get("SFT loss step 002"));
        var before = events.stream().filter(e -> e instanceof TrainingLab.Event.Before).map(e -> ((TrainingLab.Event.Before) e).text()).findFirst().orElseThrow();
        var after = events.stream().filter(e -> e instanceof TrainingLab.Event.Finished).map(e -> ((TrainingLab.Event.Finished) e).result().after()).findFirst().orElseThrow();
        assertEquals(List.of(before, after), r.outputs().stream().map(ExperimentRecord.Output::text).toList());
        assertTrue(r.prompts().containsAll(rows));
        readable(r);
    }

    @Test
    void theJudgeRecordKeepsEveryPromptVerbatimAndNeedsNoSeed() throws Exception {
        try (var judge = JudgeModel.open(QWEN2, "test")) {
            var pairs = List.of(new JudgeFragility.Pair("12 × 12?", "144.", "124.", JudgeFragility.Answer.A));
            var wordings = List.of(new JudgeFragility.Wording("curta", "P: {pergunta}\nA: {A}\nB: {B}\nCerta?"));
            var result = judge.judge().run(pairs, wordings, t -> {}, ProgressSink.NONE);
            var r = LabRecords.judge(result, judge.folder(), Messages.ENGLISH);
            assertNull(r.seed());
            assertTrue(r.deterministic());
            assertTrue(r.checklist().stream().allMatch(ExperimentRecord.Check::present), r.checklist().toString());
            assertEquals(weightsHash(QWEN2), r.modelFileSha256().get("model.safetensors"));
            assertEquals(result.trials().stream().map(JudgeFragility.Trial::prompt).toList(), r.prompts());
            assertTrue(r.judgePrompt().contains("P: {pergunta}"));
            assertEquals(result.summary().firstPosition().rate(), r.metrics().get("first-position rate"));
            assertTrue(r.outputs().get(0).text().startsWith("verdict " + result.trials().get(0).verdict().code()));
            readable(r);
        }
    }

    @Test
    void theCompressionRecordHoldsTheRequestAndEachConditionsMeasurements() throws Exception {
        var request = new CompressionRequest(List.of(CompressionCondition.UNIFORM), 3, 0.25, 128, true, false,
                List.of("o modelo de linguagem prevê o próximo token a partir dos anteriores",
                        "a quantização reduz os bits de cada peso e a poda zera os menos importantes"),
                "a compressão agressiva pode manter a perplexidade e ainda assim estragar a geração", List.of("o modelo"), 3,
                br.lncc.llm.lesson.compress.Calibration.Settings.SEED, 2);
        try (var m = CompressionModel.open(GPT2)) {
            var result = CompressionLab.run(m.model(), m.codec(), m.storedBits(), request, ProgressSink.NONE, c -> {});
            var r = LabRecords.compression(result, GPT2, Messages.ENGLISH);
            assertEquals("3", setting(r, "bits"));
            assertEquals("0.25", setting(r, "sparsity"));
            assertTrue(r.deterministic());
            assertEquals(weightsHash(GPT2), r.modelFileSha256().get("model.safetensors"));
            var uniform = result.conditions().get(0);
            assertEquals(uniform.ppl(), r.metrics().get("uniform ppl"));
            assertEquals(uniform.budget().allWeights(), r.metrics().get("uniform bits (all weights)"));
            assertTrue(r.outputs().stream().anyMatch(o -> o.condition().equals("uniform") && o.text().equals(uniform.outputs().get(0).text())));
            readable(r);
        }
    }

    @Test
    void theEnergyRecordHoldsTheQueriesAsTheModelReadThemAndTheMeasuredEnergy(@TempDir Path out) throws Exception {
        var settings = new EnergyBenchmark.Settings(3, EnergyBenchmark.DEFAULT_TEMPLATE, false);
        var bench = new EnergyBenchmark(new EnergyMeter(new CpuLoadEstimator(85, CpuLoadEstimator.Mode.PROCESS), 10),
                GridIntensity.BRAZIL, settings);
        var opened = CausalLms.loadWithTokenizer(GPT2);
        try (var model = new CausalLmCompleter(opened.model(), opened.tokenizer(), "gpt2-tiny", List.of(), GPT2)) {
            var report = bench.run(model, List.of("2 + 2", "3 * 4"), out, false, ProgressSink.NONE);
            var r = LabRecords.energy(List.of(report), Map.of("gpt2-tiny", model.folder()), settings, Messages.ENGLISH);
            assertEquals("3", setting(r, "max_new_tokens"));
            assertEquals(List.of("2 + 2 =", "3 * 4 ="), r.prompts());
            assertEquals(weightsHash(GPT2), r.modelFileSha256().get("model.safetensors"));
            assertEquals(report.queryHistory().get(1).response(), r.outputs().get(1).text());
            assertEquals(report.totalEnergyKwh(), r.metrics().get("gpt2-tiny energy kWh"));
            assertTrue(r.checklist().stream().allMatch(ExperimentRecord.Check::present), r.checklist().toString());
            readable(r);
        }
    }

    @Test
    void theSentimentRecordHoldsBothPromptsOfEachReviewTheAnswersAndMcNemar(@TempDir Path out) throws Exception {
        var samples = br.lncc.llm.bench.sentiment.SentimentDataset.sample(br.lncc.llm.bench.sentiment.SentimentDataset.demo(), 3, 42);
        var opened = CausalLms.loadWithTokenizer(GPT2);
        try (var model = new CausalLmCompleter(opened.model(), opened.tokenizer(), "gpt2-tiny", List.of(), GPT2)) {
            var report = new br.lncc.llm.bench.sentiment.SentimentExperiment().run(model, samples, "demo", 42, out, false, ProgressSink.NONE);
            var r = LabRecords.sentiment(report, model.folder(), Messages.ENGLISH);
            assertEquals("42", setting(r, "seed"));
            assertEquals("demo", setting(r, "dataset"));
            var first = report.samples().get(0);
            assertEquals(br.lncc.llm.bench.sentiment.SentimentPrompts.normal(first.text()), r.prompts().get(0));
            assertEquals(br.lncc.llm.bench.sentiment.SentimentPrompts.repeated(first.text()), r.prompts().get(1));
            assertEquals(2 * report.samples().size(), r.outputs().size());
            assertEquals(first.predictionRepeated(), r.outputs().get(1).text());
            assertEquals(weightsHash(GPT2), r.modelFileSha256().get("model.safetensors"));
            assertEquals(report.metrics().accuracyRepeated(), r.metrics().get("accuracy repeated"));
            assertEquals(report.metrics().mcnemarExactPvalue(), r.metrics().get("McNemar p (exact)"));
            assertTrue(r.checklist().stream().allMatch(ExperimentRecord.Check::present), r.checklist().toString());
            readable(r);
        }
    }
}
