package br.lncc.llm.lesson.ch08;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import br.lncc.llm.stats.WilsonInterval;
import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.ch08.JudgeFragility.Answer;
import br.lncc.llm.lesson.ch08.JudgeFragility.Order;
import br.lncc.llm.lesson.ch08.JudgeFragility.Pair;
import br.lncc.llm.lesson.ch08.JudgeFragility.Trial;
import br.lncc.llm.lesson.ch08.JudgeFragility.Wording;
import br.lncc.llm.model.CausalLm;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge on the tiny Qwen2 fixture: verdicts against a direct forward pass, order mapping, statistics, input errors. */
class JudgeFragilityTest {
    static final Path QWEN = Path.of("src/test/resources/fixtures/qwen2-tiny");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Short enough for the fixture's 512 byte-level positions. */
    static final List<Pair> PAIRS = List.of(
            new Pair("12 × 12?", "144.", "Dá 124, pois 12 × 10 = 120 e mais 4.", Answer.A),
            new Pair("Capital da Austrália?", "Sydney, a maior cidade.", "Canberra.", Answer.B));
    static final List<Wording> WORDINGS = List.of(
            new Wording("curta", "P: {pergunta}\nA: {A}\nB: {B}\nCerta?"),
            new Wording("juiz", "Juiz: {pergunta}\n[A] {A}\n[B] {B}\nLetra:"),
            new Wording("melhor", "{pergunta}\nA) {A}\nB) {B}\nMelhor:"));

    @Test
    void eachVerdictIsTheArgmaxOfADirectForwardOverTheSamePrompt() throws Exception {
        try (JudgeModel m = JudgeModel.open(QWEN)) {
            var result = m.judge().run(PAIRS, WORDINGS, t -> {}, ProgressSink.NONE);
            assertTrue(result.complete());
            assertTrue(result.chatTemplate());
            assertEquals(PAIRS.size() * WORDINGS.size() * 2, result.trials().size());
            long a = vocabId(QWEN, "A"), b = vocabId(QWEN, "B");
            assertArrayEquals(new long[] {a}, result.tokens().firstIds(), "the fixture's vocabulary has no 'ĠA'");
            for (Trial t : result.trials()) {
                assertTrue(t.prompt().startsWith("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"));
                assertTrue(t.prompt().endsWith("<|im_end|>\n<|im_start|>assistant\n"));
                float[] logits = directLogits(m.model(), m.tokenizer().encode(t.prompt(), false).ids());
                double p = 1 / (1 + Math.exp(logits[(int) b] - logits[(int) a]));
                assertEquals(p, t.pFirst(), 1e-6);
                Pair pair = PAIRS.get(t.pair());
                Answer expected = logits[(int) a] >= logits[(int) b] ? t.order().first() : t.order().second();
                assertEquals(expected, t.verdict());
                assertEquals(expected == pair.correct(), t.correct());
                double z = 0;
                for (float l : logits) z += Math.exp(l);
                assertEquals((Math.exp(logits[(int) a]) + Math.exp(logits[(int) b])) / z, t.labelMass(), 1e-6);
            }
        }
    }

    @Test
    void swappingTheOrderSwapsThePositionsAndMapsTheVerdictBack() {
        try (JudgeModel m = JudgeModel.open(QWEN)) {
            var judge = m.judge();
            Pair pair = PAIRS.get(1);
            String ab = judge.prompt(pair, WORDINGS.get(0), Order.AB);
            String ba = judge.prompt(pair, WORDINGS.get(0), Order.BA);
            assertTrue(ab.contains("A: Sydney, a maior cidade.\nB: Canberra."), ab);
            assertTrue(ba.contains("A: Canberra.\nB: Sydney, a maior cidade."), ba);
            Trial t1 = judge.judge(1, pair, WORDINGS.get(0), Order.AB);
            Trial t2 = judge.judge(1, pair, WORDINGS.get(0), Order.BA);
            assertEquals(t1.firstChosen() ? Answer.A : Answer.B, t1.verdict());
            assertEquals(t2.firstChosen() ? Answer.B : Answer.A, t2.verdict());
            // A judge that always picks the same position must flip its verdict under the swap.
            if (t1.firstChosen() == t2.firstChosen()) assertEquals(t1.verdict().other(), t2.verdict());
            else assertEquals(t1.verdict(), t2.verdict());
        }
    }

    /**
     * A tokenizer with the leading-space variants "ĠA" and "ĠB" (the fixture's bytes plus two
     * merges) and no chat template: the raw prompt ends with the cue and both spellings count.
     */
    @Test
    void leadingSpaceSpellingsCombineByLogSumExp(@TempDir Path dir) throws Exception {
        for (String f : List.of("config.json", "model.safetensors")) Files.copy(QWEN.resolve(f), dir.resolve(f));
        ObjectNode tok = (ObjectNode) JSON.readTree(QWEN.resolve("tokenizer.json").toFile());
        ObjectNode vocab = (ObjectNode) tok.path("model").path("vocab");
        vocab.put("ĠA", 259);
        vocab.put("ĠB", 260);
        ArrayNode merges = ((ObjectNode) tok.get("model")).putArray("merges");
        merges.add("Ġ A").add("Ġ B");
        Files.writeString(dir.resolve("tokenizer.json"), JSON.writeValueAsString(tok));
        try (JudgeModel m = JudgeModel.open(dir)) {
            var judge = m.judge();
            assertFalse(judge.usesChatTemplate());
            long a = vocabId(QWEN, "A"), b = vocabId(QWEN, "B");
            assertArrayEquals(new long[] {a, 259}, judge.tokens().firstIds());
            assertArrayEquals(new long[] {b, 260}, judge.tokens().secondIds());
            assertEquals(List.of("A", "ĠA"), judge.tokens().firstPieces());
            Trial t = judge.judge(0, PAIRS.get(0), WORDINGS.get(1), Order.BA);
            assertTrue(t.prompt().endsWith("Letra:" + JudgeFragility.RAW_CUE), t.prompt());
            float[] l = directLogits(m.model(), m.tokenizer().encode(t.prompt(), false).ids());
            double pa = Math.exp(l[(int) a]) + Math.exp(l[259]);
            double pb = Math.exp(l[(int) b]) + Math.exp(l[260]);
            assertEquals(pa / (pa + pb), t.pFirst(), 1e-6);
        }
    }

    @Test
    void statisticsCountedByHandOnARecordedSet() {
        double d = Math.log(3); // p = 0.75, margin 0.5
        double e = Math.log(9); // p = 0.9, margin 0.8
        // pair 0 (correct a): w1 picks the first position both times, w2 the second: every swap flips.
        // pair 1 (correct b): answer b wins in every order and wording.
        List<Trial> trials = List.of(
                trial(0, "w1", Order.AB, d, Answer.A), trial(0, "w1", Order.BA, d, Answer.A),
                trial(0, "w2", Order.AB, -d, Answer.A), trial(0, "w2", Order.BA, -d, Answer.A),
                trial(1, "w1", Order.AB, -e, Answer.B), trial(1, "w1", Order.BA, e, Answer.B),
                trial(1, "w2", Order.AB, -d, Answer.B), trial(1, "w2", Order.BA, d, Answer.B));
        assertEquals(List.of(Answer.A, Answer.B, Answer.B, Answer.A, Answer.B, Answer.B, Answer.B, Answer.B),
                trials.stream().map(Trial::verdict).toList());
        var s = JudgeSummary.of(trials);
        assertEquals(8, s.trials());
        assertEquals(new JudgeSummary.Rate(2, 4), s.positionFlip());
        assertEquals(new JudgeSummary.Rate(2, 4), s.wordingFlip()); // (p0, a-b): A vs B; (p0, b-a): B vs A
        assertEquals(new JudgeSummary.Rate(4, 8), s.firstPosition());
        assertEquals(new JudgeSummary.Rate(6, 8), s.accuracy());
        assertEquals((6 * 0.5 + 2 * 0.8) / 8, s.meanMargin(), 1e-12);
        assertEquals(1.0, s.firstPositionP(), 1e-12); // 4 of 8: no evidence of bias
        // w1: verdicts A, B, B, B → 3 of 4 right, first position 3 of 4; w2: B, A, B, B → 3 right, first 1.
        assertEquals(List.of(
                new JudgeSummary.WordingRates("w1", new JudgeSummary.Rate(3, 4), new JudgeSummary.Rate(3, 4)),
                new JudgeSummary.WordingRates("w2", new JudgeSummary.Rate(3, 4), new JudgeSummary.Rate(1, 4))),
                s.byWording());
        // 0 of 48 first choices: p = 2 · 0.5^48 (scipy.stats.binomtest(0, 48).pvalue = 7.105e-15)
        var allSecond = new ArrayList<Trial>();
        for (int i = 0; i < 48; i++) allSecond.add(trial(i / 6, "w" + (i % 3), Order.values()[i % 2], -d, Answer.A));
        assertEquals(2 * Math.pow(0.5, 48), JudgeSummary.of(allSecond).firstPositionP(), 1e-20);
        assertEquals(new JudgeSummary.Rate(0, 48), JudgeSummary.of(allSecond).firstPosition());

        // A cancelled run: the last cell has one order only and cannot count as a swap.
        var partial = JudgeSummary.of(trials.subList(0, 3));
        assertEquals(new JudgeSummary.Rate(1, 1), partial.positionFlip());
        assertEquals(new JudgeSummary.Rate(1, 1), partial.wordingFlip());
        assertTrue(Double.isNaN(JudgeSummary.of(List.of()).accuracy().rate()));
    }

    @Test
    void wilsonIntervalMatchesKnownValues() {
        // statsmodels proportion_confint(k, n, method="wilson")
        var half = WilsonInterval.of95(8, 16);
        assertEquals(0.2800, half.low(), 5e-5);
        assertEquals(0.7200, half.high(), 5e-5);
        var none = WilsonInterval.of95(0, 10);
        assertEquals(0.0, none.low(), 1e-12);
        assertEquals(0.2775, none.high(), 5e-5);
        assertEquals(new WilsonInterval(0, 1), WilsonInterval.of95(0, 0));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of95(3, 2));
    }

    @Test
    void cancellingKeepsTheFinishedTrials() {
        try (JudgeModel m = JudgeModel.open(QWEN)) {
            List<Trial> seen = new ArrayList<>();
            var cancelAfterThree = new ProgressSink() {
                @Override
                public void update(long done, long total, String message) {}

                @Override
                public boolean isCancelled() {
                    return seen.size() >= 3;
                }
            };
            var r = m.judge().run(PAIRS, WORDINGS, seen::add, cancelAfterThree);
            assertFalse(r.complete());
            assertEquals(3, r.trials().size());
            assertEquals(seen, r.trials());
            assertEquals(3, r.summary().trials());
        }
    }

    @Test
    void repeatedJudgementsLeaveNoArraysOnTheWeightsManager() {
        try (JudgeModel m = JudgeModel.open(QWEN)) {
            var judge = m.judge();
            judge.judge(0, PAIRS.get(0), WORDINGS.get(0), Order.AB);
            int before = m.model().manager().getManagedArrays().size();
            for (int i = 0; i < 100; i++) judge.judge(i % 2, PAIRS.get(i % 2), WORDINGS.get(i % 3), Order.values()[i % 2]);
            assertEquals(before, m.model().manager().getManagedArrays().size(), "each forward pass frees its scope");
        }
    }

    @Test
    void theRandomTinyJudgeRunsTheBuiltInMaterial() {
        try (JudgeModel m = JudgeModel.randomTiny(7)) {
            assertTrue(m.randomWeights());
            var r = m.judge().run(JudgeMaterial.pairs(), JudgeMaterial.wordings(), t -> {}, ProgressSink.NONE);
            assertEquals(8 * 3 * 2, r.trials().size());
            assertTrue(r.chatTemplate());
            for (Trial t : r.trials()) assertTrue(t.labelMass() < 0.05, "random weights spread mass over 272 rows");
        }
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        var e = assertThrows(LessonInputException.class, () -> new Wording("x", "{pergunta} {A}"));
        assertTrue(e.getMessage().contains("falta {B}"), e.getMessage());
        assertThrows(LessonInputException.class, () -> new Pair("Q", "igual", "igual ", Answer.A));
        try (JudgeModel m = JudgeModel.open(QWEN)) {
            var judge = m.judge();
            var dup = List.of(WORDINGS.get(0), new Wording("curta", "{pergunta}{A}{B}"));
            e = assertThrows(LessonInputException.class, () -> judge.run(PAIRS, dup, t -> {}, ProgressSink.NONE));
            assertTrue(e.getMessage().contains("mesmo nome"), e.getMessage());
            var longPair = new Pair("?".repeat(600), "1", "2", Answer.A);
            List<Trial> seen = new ArrayList<>();
            e = assertThrows(LessonInputException.class,
                    () -> judge.run(List.of(PAIRS.get(0), longPair), WORDINGS, seen::add, ProgressSink.NONE));
            assertTrue(e.getMessage().contains("par 2") && e.getMessage().contains("512 posições"), e.getMessage());
            assertTrue(seen.isEmpty(), "refused before any forward pass");
        }
        // Placeholders are filled once: an answer that contains "{B}" stays as written.
        assertEquals("Q x{B} / y", JudgeFragility.fill("{pergunta} {A} / {B}", "Q", "x{B}", "y"));
    }

    @Test
    void jsonlRowsAreReadAndBadLinesNamed() {
        var ok = JudgePairsFile.parse(List.of(
                "{\"question\":\"Q1\",\"answer_a\":\"a1\",\"answer_b\":\"b1\",\"correct\":\"a\"}",
                "",
                "{\"question\":\"Q2\",\"answer_a\":\"a2\",\"answer_b\":\"b2\",\"correct\":\"B\"}"), "p.jsonl");
        assertEquals(List.of(new Pair("Q1", "a1", "b1", Answer.A), new Pair("Q2", "a2", "b2", Answer.B)), ok);
        assertEquals(ok, JudgePairsFile.parse(JudgePairsFile.format(ok).lines().toList(), "again.jsonl"));
        assertEquals(JudgeMaterial.pairs(), JudgePairsFile.parse(
                JudgePairsFile.format(JudgeMaterial.pairs()).lines().toList(), "builtin.jsonl"));

        String good = "{\"question\":\"Q\",\"answer_a\":\"a\",\"answer_b\":\"b\",\"correct\":\"a\"}";
        assertBad(List.of(good, "{\"question\":\"Q\",\"answer_a\":\"a\",\"correct\":\"a\"}"),
                "linha 2 de p.jsonl: falta o campo \"answer_b\"");
        assertBad(List.of("{question: Q}"), "linha 1 de p.jsonl não é um objeto JSON válido");
        assertBad(List.of(good, good, "[1, 2]"), "linha 3 de p.jsonl precisa ser um objeto JSON");
        assertBad(List.of(good.replace("\"correct\":\"a\"", "\"correct\":\"c\"")), "\"correct\" deve ser \"a\" ou \"b\"");
        assertBad(List.of(good.replace("\"answer_b\":\"b\"", "\"answer_b\":\"a\"")), "linha 1 de p.jsonl: no par \"Q\" as duas respostas são iguais");
        assertBad(List.of(good.replace("\"Q\"", "3")), "o campo \"question\" deve ser um texto");
        assertBad(List.of("", "  "), "p.jsonl não tem nenhum par");
    }

    private static void assertBad(List<String> lines, String expected) {
        var e = assertThrows(LessonInputException.class, () -> JudgePairsFile.parse(lines, "p.jsonl"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Trial trial(int pair, String wording, Order order, double firstMinusSecond, Answer reference) {
        return new Trial(pair, wording, order, "prompt", 1, firstMinusSecond, 0, 1, reference);
    }

    static long vocabId(Path folder, String piece) throws Exception {
        JsonNode vocab = JSON.readTree(folder.resolve("tokenizer.json").toFile()).path("model").path("vocab");
        return vocab.get(piece).asLong();
    }

    static float[] directLogits(CausalLm model, long[] ids) {
        try (NDManager scope = model.manager().newSubManager()) {
            return model.forward(scope.create(ids).reshape(1, ids.length), null, false, null)
                    .get(0).get(ids.length - 1).toFloatArray();
        }
    }
}
