package br.lncc.llm.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.lesson.ch08.JudgeModel;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.train.TrainingMethod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's measure: opening Cap. 4.8's lab, then Cap. 7.10's LoRA, then Cap. 8.4's judge on
 * the same GPT-2 keeps one copy of its weights, released when the last of them lets go.
 */
class OneCopyAcrossChaptersTest {
    private static final Path GPT2 = Path.of("src/test/resources/fixtures/gpt2-tiny");

    @Test
    void labLoraAndJudgeOnOneFolderShareOneModelFreedAfterTheLast() {
        var sessions = ModelSessions.app();
        var key = SessionKey.of(GPT2, ModelFormat.FP32);
        assertTrue(sessions.holdings().stream().noneMatch(h -> h.key().equals(key)), "nothing held before");

        var lab = GenerationLab.lease(GPT2, "4.8–4.12");
        var lora = new LabModelSource.Folder(GPT2).openFor(TrainingMethod.LORA, "7.5–7.11");
        var judge = JudgeModel.open(GPT2, "8.4");
        try {
            var held = sessions.holdings().stream().filter(h -> h.key().equals(key)).toList();
            assertEquals(1, held.size(), "one copy of " + key);
            assertEquals(List.of("4.8–4.12", "7.5–7.11", "8.4"), held.get(0).holders());
            assertTrue(held.get(0).estimatedBytes() > 0);
            // The very same arrays: the judge's model is the lab's, and LoRA's frozen base is its wte.
            assertSame(lab.model(), judge.model());
            assertSame(((Gpt2) lab.model()).parameters().get("wte.weight"), lora.dense().get("wte.weight"));
            // And the shared model still computes after one holder lets go.
            lab.close();
            assertEquals(List.of("7.5–7.11", "8.4"), sessions.holdings().stream()
                    .filter(h -> h.key().equals(key)).findFirst().orElseThrow().holders());
            try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
                var logits = judge.model().forward(m.create(new long[][] {{1, 2, 3}}), null, true, null);
                assertEquals(judge.model().vocabSize(), logits.getShape().get(2));
            }
        } finally {
            lab.close();
            lora.close();
            judge.close();
        }
        assertTrue(sessions.holdings().stream().noneMatch(h -> h.key().equals(key)), "released after the last holder");
    }

    @Test
    void sftNeverSharesItsBaseBecauseItWritesItInPlace() {
        var sessions = ModelSessions.app();
        var key = SessionKey.of(GPT2, ModelFormat.FP32);
        try (var lab = GenerationLab.lease(GPT2, "4.8–4.12");
                var sft = new LabModelSource.Folder(GPT2).openFor(TrainingMethod.SFT, "7.9")) {
            assertEquals(List.of("4.8–4.12"), sessions.holdings().stream()
                    .filter(h -> h.key().equals(key)).findFirst().orElseThrow().holders());
            assertTrue(((Gpt2) lab.model()).parameters().get("wte.weight") != sft.dense().get("wte.weight"));
        }
    }

    @Test
    void qloraLeasesTheNf4BaseUnderItsOwnKey() {
        var sessions = ModelSessions.app();
        var nf4 = SessionKey.of(GPT2, ModelFormat.NF4);
        try (var a = new LabModelSource.Folder(GPT2).openFor(TrainingMethod.QLORA, "7.11");
                var b = new LabModelSource.Folder(GPT2).openFor(TrainingMethod.QLORA, "7.11 (2)")) {
            var held = sessions.holdings().stream().filter(h -> h.key().equals(nf4)).toList();
            assertEquals(1, held.size());
            assertEquals(2, held.get(0).holders().size());
            assertSame(a.quantized().values().iterator().next(), b.quantized().values().iterator().next());
        }
        assertTrue(sessions.holdings().stream().noneMatch(h -> h.key().equals(nf4)));
    }

    private static List<Holding> held(SessionKey key) {
        return ModelSessions.app().holdings().stream().filter(h -> h.key().equals(key)).toList();
    }

    /**
     * Who holds {@code key} now. Pages tested earlier in the same JVM may still hold the course or
     * tiny model (a page keeps its model while it lives), so tests compare with what was there before.
     */
    private static List<String> holders(SessionKey key) {
        return held(key).stream().flatMap(h -> h.holders().stream()).toList();
    }

    /**
     * The leases of one test, told apart by their labels: pages and background tasks of UI tests run
     * earlier in the same JVM may still lease or return the same models while this test runs.
     */
    private static List<String> ours(List<String> holders, String... labels) {
        return holders.stream().filter(List.of(labels)::contains).sorted().toList();
    }

    @Test
    void courseModelIsOneCopyForTheLabLoraTheJudgeAndTheServer() {
        Path course = br.lncc.llm.model.CourseModel.folder();
        var key = SessionKey.of(course, ModelFormat.FP32);
        String[] labels = {"test 4.8–4.12", "test 7.10", "test 8.4", "test 9.1.1"};
        var lab = GenerationLab.course(labels[0]);
        var lora = new LabModelSource.Course().openFor(TrainingMethod.LORA, labels[1]);
        var judge = JudgeModel.open(course, labels[2]);
        var served = br.lncc.llm.serve.ServedModel.leased("course", course, labels[3]);
        try {
            assertEquals(1, held(key).size());
            assertEquals(List.of(labels), ours(holders(key), labels));
            assertSame(lab.model(), judge.model());
            assertSame(((Gpt2) lab.model()).parameters().get("wte.weight"), lora.dense().get("wte.weight"));
        } finally {
            lab.close();
            lora.close();
            judge.close();
            served.close();
        }
        assertEquals(List.of(), ours(holders(key), labels), "each lease returned");
    }

    @Test
    void theTinyQwen2OfOneSeedIsOneCopyForTheLabTheJudgeAndTheServer() {
        var key = br.lncc.llm.lesson.TinyQwen2.sessionKey(42);
        String[] labels = {"test 4.8–4.12", "test 8.4", "test 9.1.1"};
        try (var lab = GenerationLab.randomTiny(42, labels[0]);
                var judge = JudgeModel.randomTiny(42, labels[1]);
                var served = br.lncc.llm.serve.ServedModel.leasedTiny("tiny", 42, labels[2]);
                var other = GenerationLab.randomTiny(7, "test 4.8 (seed 7)")) {
            assertEquals(List.of(labels), ours(holders(key), labels));
            assertEquals(1, held(key).size());
            assertSame(lab.model(), judge.model());
            assertTrue(lab.model() != other.model(), "another seed is another model");
            assertTrue(lab.randomWeights() && judge.randomWeights());
        }
        assertEquals(List.of(), ours(holders(key), labels));
    }

    @Test
    void theTrainingLabsTinyGpt2IsLeasedByShapeAndSeed() {
        var tiny = new LabModelSource.Tiny(42);
        String[] labels = {"test 7.10", "test 7.10 (2)", "test 7.10 (seed 43)", "test 7.11", "test 7.11 (2)"};
        java.util.function.Supplier<List<Holding>> oursHeld = () -> ModelSessions.app().holdings().stream()
                .filter(h -> h.key().source().startsWith(tiny.name()))
                .filter(h -> !ours(h.holders(), labels).isEmpty()).toList();
        try (var a = tiny.openFor(TrainingMethod.LORA, labels[0]);
                var b = new LabModelSource.Tiny(42).openFor(TrainingMethod.LORA, labels[1]);
                var c = new LabModelSource.Tiny(43).openFor(TrainingMethod.LORA, labels[2]);
                var q1 = tiny.openFor(TrainingMethod.QLORA, labels[3]);
                var q2 = tiny.openFor(TrainingMethod.QLORA, labels[4])) {
            assertSame(a.dense().get("wte.weight"), b.dense().get("wte.weight"));
            assertTrue(a.dense().get("wte.weight") != c.dense().get("wte.weight"));
            assertSame(q1.quantized().values().iterator().next(), q2.quantized().values().iterator().next());
            var keys = oursHeld.get().stream().map(Holding::key).collect(java.util.stream.Collectors.toSet());
            assertEquals(3, keys.size(), "seed 42 FP32, seed 43 FP32, seed 42 NF4: " + keys);
            assertEquals(5, oursHeld.get().stream().mapToInt(h -> ours(h.holders(), labels).size()).sum());
        }
        assertEquals(List.of(), oursHeld.get());
    }

    @Test
    void theCap5PagesShareOneFlanT5() {
        Path t5 = Path.of("src/test/resources/fixtures/t5-tiny");
        var key = SessionKey.of(t5, ModelFormat.FP32);
        var first = br.lncc.llm.lesson.ch05.PromptingLab.lease(t5, "5.5–5.8");
        try (var second = br.lncc.llm.lesson.ch05.PromptingLab.lease(t5, "notebook N2")) {
            assertSame(first.model(), second.model());
            assertEquals(2, held(key).get(0).holders().size());
            assertTrue(held(key).get(0).estimatedBytes() > 0);
            first.close();
            // The remaining holder still computes.
            assertTrue(second.count("translate English to German: hello") > 0);
        }
        assertTrue(held(key).isEmpty());
    }

    @Test
    void theCap2PagesLeaseTheBertTheOtherHoldersUse() {
        var folder = br.lncc.llm.weights.EmbeddedBertFixture.folder();
        var key = SessionKey.of(folder, ModelFormat.FP32);
        var shared = br.lncc.llm.model.SharedBert.model(); // the test JVM's copy, leased as "tests"
        try (var pages = br.lncc.llm.lesson.ch02.BertSentenceAnalyzer.lease(folder, "2.2–2.5")) {
            assertEquals(1, held(key).size());
            assertEquals(List.of("tests", "2.2–2.5"), held(key).get(0).holders());
            var sentence = pages.analyse("A cute teddy bear is reading a book.", br.lncc.llm.task.ProgressSink.NONE);
            assertEquals(sentence.length(), shared.forward(sentence.ids(), br.lncc.llm.model.BertRequest.MINIMAL).length());
        }
        assertEquals(List.of("tests"), held(key).get(0).holders());
    }
}
