package br.lncc.llm.bench.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.CompleterLoader;
import br.lncc.llm.bench.ModelOpener;
import br.lncc.llm.bench.TextCompleter;
import br.lncc.llm.bench.energy.EnergyAnalysis;
import br.lncc.llm.bench.energy.EnergyBenchmark;
import br.lncc.llm.bench.energy.EnergyMeter;
import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.energy.GridIntensity;
import br.lncc.llm.bench.energy.PowerMeter;
import br.lncc.llm.bench.energy.QueryRecord;
import br.lncc.llm.bench.sentiment.LabeledText;
import br.lncc.llm.bench.sentiment.SentimentDataset;
import br.lncc.llm.bench.sentiment.SentimentExperiment;
import br.lncc.llm.bench.sentiment.SentimentReport;
import br.lncc.llm.task.ProgressSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded runs merged back are the unsharded run: on the tiny GPT-2 and Qwen2 fixtures (real
 * forward passes), record for record and in every statistic. Time is the only thing two runs
 * cannot share, so the models here advance a clock by a fixed amount per prompt character and
 * the latencies, durations and energies read that clock: equal work, equal numbers, exactly.
 */
class ShardedRunTest {
    static final Map<String, String> ENV = Map.of("host", "test", "device", "cpu()");
    static TextCompleter gpt2;
    static TextCompleter qwen2;
    static final AtomicLong clock = new AtomicLong();

    @BeforeAll
    static void load() {
        gpt2 = ModelOpener.standard().open("src/test/resources/fixtures/gpt2-tiny", ProgressSink.NONE);
        qwen2 = ModelOpener.standard().open("src/test/resources/fixtures/qwen2-tiny", ProgressSink.NONE);
    }

    @AfterAll
    static void close() {
        gpt2.close();
        qwen2.close();
    }

    /** A model whose every completion takes one microsecond per prompt character on {@link #clock}. */
    static TextCompleter timed(TextCompleter model) {
        return new TextCompleter() {
            @Override
            public String name() {
                return model.name();
            }

            @Override
            public Completion complete(String prompt, int maxNewTokens) {
                clock.addAndGet(1_000L * prompt.length());
                return model.complete(prompt, maxNewTokens);
            }
        };
    }

    static SentimentExperiment experiment() {
        return new SentimentExperiment(clock::get);
    }

    /** 10 W of CPU on the shared clock, plus 5 W of RAM. */
    static EnergyBenchmark energyBench() {
        PowerMeter cpu = new PowerMeter() {
            @Override
            public Snapshot snapshot() {
                return new Snapshot(clock.get(), new double[0]);
            }

            @Override
            public double cpuJoules(Snapshot from, Snapshot to) {
                return 10 * (to.nanoTime() - from.nanoTime()) / 1e9;
            }

            @Override
            public boolean measured() {
                return false;
            }

            @Override
            public String description() {
                return "test clock, 10 W";
            }
        };
        return new EnergyBenchmark(new EnergyMeter(cpu, 5), GridIntensity.BRAZIL, new EnergyBenchmark.Settings(4, EnergyBenchmark.DEFAULT_TEMPLATE, true));
    }

    static List<LabeledText> reviews(int n) {
        return SentimentDataset.sample(SentimentDataset.demo(), n, 42);
    }

    @Test
    void sentimentShardsMergedEqualTheUnshardedRunForOneThreeSevenAndMoreShardsThanReviews(@TempDir Path dir) {
        var samples = reviews(10);
        TextCompleter model = timed(gpt2);
        SentimentReport whole = experiment().run(model, samples, "demo", 42, dir.resolve("whole"), false, ProgressSink.NONE);
        assertTrue(whole.complete());
        for (int n : new int[] {1, 3, 7, 13}) {
            Path out = dir.resolve("n" + n);
            for (int i = n; i >= 1; i--) { // any order: the merge sorts by item
                var part = experiment().runShard(model, samples, "demo", 42, out, new Shard(i, n), false, ENV, ProgressSink.NONE);
                assertEquals(new Shard(i, n).items(10).size(), part.samples().size());
            }
            ShardMerge.Result r = ShardMerge.merge(out);
            assertTrue(r.complete(), "N = " + n);
            assertEquals(List.of(), r.missingItems());
            assertEquals(whole, r.sentiment(), "N = " + n + ": every record and every statistic");
            assertEquals(whole, SentimentExperiment.readReport(SentimentExperiment.reportFile(out, "gpt2-tiny")), "the run file on disk");
        }
        // sanity: the comparison is not vacuous
        assertEquals(10, whole.metrics().n());
        assertTrue(whole.metrics().meanLatencyRepeatedS() > whole.metrics().meanLatencyNormalS());
    }

    @Test
    void energyShardsOverTwoModelsMergedEqualTheUnshardedRunsAndTheirStatistics(@TempDir Path dir) {
        List<String> queries = List.of("27 + 58", "3 * 4", "100 - 1", "7 * 8", "12 + 30", "9 * 9", "5 - 2");
        var bench = energyBench();
        List<EnergyReport> whole = new ArrayList<>();
        for (TextCompleter m : List.of(gpt2, qwen2)) whole.add(bench.run(timed(m), queries, dir.resolve("whole"), false, ProgressSink.NONE));
        CompleterLoader loader = (id, progress) -> timed(id.equals("g") ? gpt2 : qwen2);
        for (int n : new int[] {1, 3, 7, 9}) {
            Path out = dir.resolve("n" + n);
            for (int i = 1; i <= n; i++) bench.runShard(loader, List.of("g", "q"), queries, out, new Shard(i, n), false, ENV, ProgressSink.NONE);
            ShardMerge.Result r = ShardMerge.merge(out);
            assertTrue(r.complete(), "N = " + n);
            assertEquals(2, r.energy().size());
            for (int k = 0; k < 2; k++) {
                assertEquals(withoutMachineNoise(whole.get(k)), withoutMachineNoise(r.energy().get(k)), "N = " + n + ", model " + k);
                assertEquals(whole.get(k).totalEnergyKwh(), r.energy().get(k).totalEnergyKwh(), 0.0);
            }
            assertEquals(EnergyAnalysis.tests(whole), r.statistics(), "Mann-Whitney, ANOVA and correlations");
            assertEquals(withoutMachineNoise(whole.get(1)),
                    withoutMachineNoise(EnergyBenchmark.readReport(EnergyBenchmark.reportFile(out, "qwen2-tiny"))));
        }
        assertTrue(EnergyAnalysis.tests(whole).stream().anyMatch(t -> t.test().equals("ANOVA F") && t.error() == null));
    }

    /** RAM and wall-clock start are sampled from the machine, not computed: they differ between any two runs. */
    static EnergyReport withoutMachineNoise(EnergyReport r) {
        List<QueryRecord> h = r.queryHistory().stream().map(q -> new QueryRecord(q.timestamp(), q.query(), q.response(), q.durationS(),
                q.tokensInput(), q.tokensOutput(), q.emissions(), q.energyKwh(), q.powerW(), 0, "")).toList();
        return new EnergyReport(r.model(), r.device(), r.mode(), r.totalEmissionsKg(), r.totalEnergyKwh(), r.totalQueries(),
                r.avgEmissionsKgPerQuery(), r.totalTimeSCodecarbon(), r.avgTimeSPerQuery(), r.energyMethod(), r.energyMeasured(),
                r.country(), r.gridIntensityGPerKwh(), r.cpuModel(), r.complete(), h);
    }

    @Test
    void aMissingShardIsNamedAndThePartialReportSaysCompleteFalse(@TempDir Path out) {
        var samples = reviews(9);
        var model = new ArithmeticCompleter();
        new SentimentExperiment().runShard(model, samples, "demo", 42, out, new Shard(1, 3), false, ENV, ProgressSink.NONE);
        new SentimentExperiment().runShard(model, samples, "demo", 42, out, new Shard(3, 3), false, ENV, ProgressSink.NONE);
        ShardMerge.Result r = ShardMerge.merge(out);
        assertFalse(r.complete());
        assertEquals(List.of(2), r.missingShards());
        assertEquals(List.of(2, 5, 8), r.missingItems().stream().map(ShardMerge.MissingItem::item).toList());
        assertEquals(samples.get(4).id(), r.missingItems().get(1).id(), "missing items are named by their review id");
        SentimentReport written = SentimentExperiment.readReport(SentimentExperiment.reportFile(out, model.name()));
        assertFalse(written.complete());
        assertEquals(6, written.samples().size());
        assertEquals(9, written.requested());
    }

    @Test
    void aTornLastLineIsIgnoredAsResumeDoesAndResumingCompletesTheShard(@TempDir Path dir) throws Exception {
        var samples = reviews(9);
        var model = new ArithmeticCompleter();
        SentimentReport whole = new SentimentExperiment(() -> 0).run(model, samples, "demo", 42, dir.resolve("whole"), false, ProgressSink.NONE);
        Path out = dir.resolve("parts");
        for (int i = 1; i <= 3; i++) {
            new SentimentExperiment(() -> 0).runShard(model, samples, "demo", 42, out, new Shard(i, 3), false, ENV, ProgressSink.NONE);
        }
        Path shard2 = out.resolve("shard-2-of-3.jsonl");
        String text = Files.readString(shard2, StandardCharsets.UTF_8);
        // a kill in the middle of writing the last record
        Files.writeString(shard2, text.substring(0, text.length() - 40), StandardCharsets.UTF_8);
        ShardMerge.Result torn = ShardMerge.merge(out);
        assertFalse(torn.complete());
        assertEquals(1, torn.shardFiles().get(1).unreadableLines());
        assertEquals(List.of(8), torn.missingItems().stream().map(ShardMerge.MissingItem::item).toList());

        int before = model.prompts.size();
        new SentimentExperiment(() -> 0).runShard(model, samples, "demo", 42, out, new Shard(2, 3), true, ENV, ProgressSink.NONE);
        assertEquals(before + 2, model.prompts.size(), "only the torn review is judged again (two prompts)");
        ShardMerge.Result r = ShardMerge.merge(out);
        assertTrue(r.complete());
        assertEquals(0, r.shardFiles().get(1).unreadableLines());
        assertEquals(whole, r.sentiment());
    }

    @Test
    void aShardOfAnotherExperimentIsRefusedByName(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("three");
        var model = new ArithmeticCompleter();
        new SentimentExperiment().runShard(model, reviews(9), "demo", 42, out, new Shard(1, 3), false, ENV, ProgressSink.NONE);
        new SentimentExperiment().runShard(model, reviews(9), "demo", 42, out, new Shard(2, 3), false, ENV, ProgressSink.NONE);
        new SentimentExperiment().runShard(model, SentimentDataset.sample(SentimentDataset.demo(), 9, 7), "demo", 7, out,
                new Shard(3, 3), false, ENV, ProgressSink.NONE);
        var e = assertThrows(ShardException.class, () -> ShardMerge.merge(out));
        var mixed = assertInstanceOf(ShardProblem.MixedExperiments.class, e.problem());
        assertEquals(1, mixed.foreign().size());
        var other = assertInstanceOf(ShardProblem.OtherExperiment.class, mixed.foreign().get(0));
        assertEquals("shard-3-of-3.jsonl", other.file().getFileName().toString());
        assertEquals(List.of("seed", "7", "42"), List.of(other.field(), other.found(), other.expected()));
        assertFalse(Files.exists(SentimentExperiment.reportFile(out, model.name())), "nothing merged");

        // a shard of a split into 4 parts is not part of this 3-part run either
        Files.delete(out.resolve("shard-3-of-3.jsonl"));
        Path four = dir.resolve("four");
        new SentimentExperiment().runShard(model, reviews(9), "demo", 42, four, new Shard(1, 4), false, ENV, ProgressSink.NONE);
        Files.copy(four.resolve("shard-1-of-4.jsonl"), out.resolve("shard-1-of-4.jsonl"));
        var e4 = assertThrows(ShardException.class, () -> ShardMerge.merge(out));
        var other4 = assertInstanceOf(ShardProblem.OtherExperiment.class,
                assertInstanceOf(ShardProblem.MixedExperiments.class, e4.problem()).foreign().get(0));
        assertEquals(List.of("shard-1-of-4.jsonl", "shards", "4", "3"),
                List.of(other4.file().getFileName().toString(), other4.field(), other4.found(), other4.expected()));
    }

    @Test
    void anItemInTwoShardsIsADuplicateAndNothingIsMerged(@TempDir Path out) throws Exception {
        var model = new ArithmeticCompleter();
        for (int i = 1; i <= 2; i++) {
            new SentimentExperiment().runShard(model, reviews(6), "demo", 42, out, new Shard(i, 2), false, ENV, ProgressSink.NONE);
        }
        List<String> one = Files.readAllLines(out.resolve("shard-1-of-2.jsonl"));
        Files.writeString(out.resolve("shard-2-of-2.jsonl"), one.get(1) + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        var e = assertThrows(ShardException.class, () -> ShardMerge.merge(out));
        var dup = assertInstanceOf(ShardProblem.Duplicates.class, e.problem());
        assertEquals(1, dup.duplicates().get(0).item());
        assertEquals(reviews(6).get(0).id(), dup.duplicates().get(0).id());
        assertEquals(List.of("shard-1-of-2.jsonl", "shard-2-of-2.jsonl"), dup.duplicates().get(0).files());
    }

    @Test
    void resumingAShardWithOtherOptionsIsRefusedAndAFreshRunNeverOverwrites(@TempDir Path out) throws Exception {
        var model = new ArithmeticCompleter();
        new SentimentExperiment().runShard(model, reviews(6), "demo", 42, out, new Shard(1, 2), false, ENV, ProgressSink.NONE);
        String before = Files.readString(out.resolve("shard-1-of-2.jsonl"));
        var seed = assertThrows(ShardException.class, () -> new SentimentExperiment().runShard(model,
                SentimentDataset.sample(SentimentDataset.demo(), 6, 7), "demo", 7, out, new Shard(1, 2), true, ENV, ProgressSink.NONE));
        assertInstanceOf(ShardProblem.OtherExperiment.class, seed.problem());
        var fresh = assertThrows(ShardException.class, () -> new SentimentExperiment().runShard(model, reviews(6), "demo", 42, out,
                new Shard(1, 2), false, ENV, ProgressSink.NONE));
        assertEquals(new ShardProblem.AlreadyHasResults(out.resolve("shard-1-of-2.jsonl"), 3), fresh.problem());
        assertEquals(before, Files.readString(out.resolve("shard-1-of-2.jsonl")));

        Files.writeString(out.resolve("shard-2-of-2.jsonl"), "{\"index\":2,\"id\":\"x\"}\n");
        var notShard = assertThrows(ShardException.class, () -> ShardMerge.merge(out));
        var mixed = assertInstanceOf(ShardProblem.MixedExperiments.class, notShard.problem());
        assertEquals(new ShardProblem.NotAShardLog(out.resolve("shard-2-of-2.jsonl")), mixed.foreign().get(0));
        assertEquals(new ShardProblem.NoShards(out.resolve("empty")),
                assertThrows(ShardException.class, () -> ShardMerge.merge(out.resolve("empty"))).problem());
    }

    @Test
    void shardsDealItemsLikeCards() {
        assertEquals(List.of(2, 5, 8), new Shard(2, 3).items(9));
        assertEquals(List.of(), new Shard(5, 7).items(4));
        assertEquals(new Shard(2, 3), Shard.parse(" 2 / 3 ").orElseThrow());
        for (String bad : List.of("0/3", "4/3", "a/b", "3", "1/0", "-1/3", "")) assertTrue(Shard.parse(bad).isEmpty(), bad);
        assertEquals(new Shard(4, 12), Shard.ofFileName("shard-4-of-12.jsonl").orElseThrow());
        int[] sizes = new int[7];
        for (int i = 1; i <= 100; i++) {
            int owners = 0;
            for (int s = 1; s <= 7; s++) if (new Shard(s, 7).owns(i)) { owners++; sizes[s - 1]++; }
            assertEquals(1, owners, "item " + i + " belongs to exactly one shard");
        }
        assertTrue(java.util.Arrays.stream(sizes).max().getAsInt() - java.util.Arrays.stream(sizes).min().getAsInt() <= 1);
    }
}
