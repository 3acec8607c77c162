package br.lncc.llm.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.lesson.ch08.JudgeModel;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.train.LabModelSource;
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
}
