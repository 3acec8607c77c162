package br.lncc.llm.lesson.ch09;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.text.Messages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentRecordTest {

    @Test
    void aRecordRoundTripsThroughJsonAndItsChecklistNamesWhatIsMissing() throws Exception {
        var hashes = ExperimentRecord.hashes(Path.of("src/test/resources/fixtures/gpt2-tiny"));
        assertEquals(64, hashes.get("model.safetensors").length());
        var r = ExperimentRecord.now("Grade de amostragem", "4.12", "gpt2-tiny", hashes, "fp32", 7L,
                List.of(new ExperimentRecord.Setting("temperature", "0.7", "explícito")),
                List.of("Transformers are models that\n  (verbatim, spaces kept)"), "Qual resposta é melhor, A ou B?",
                List.of(new ExperimentRecord.Output(0, "τ=0.7", "texto gerado")), Map.of("distinct2", 0.91), "nota");
        var back = ExperimentRecord.fromJson(r.toJson());
        assertEquals(r, back);
        assertTrue(back.checklist().stream().allMatch(ExperimentRecord.Check::present));

        var greedy = ExperimentRecord.now("Sem semente", "5.7", "gpt2-tiny", Map.of(), null, null, List.of(),
                List.of("p"), null, List.of(), Map.of(), null);
        var missing = greedy.checklist().stream().filter(c -> !c.present()).map(ExperimentRecord.Check::key).toList();
        assertEquals(List.of("record.check.hashes", "record.check.precision", "record.check.settings", "record.check.seed",
                "record.check.outputs", "record.check.metrics"), missing);
        String md = ExperimentRecordMarkdown.render(greedy, Messages.ENGLISH);
        assertTrue(md.contains("- [ ] seed — missing"), md);
        assertTrue(md.contains("- [x] prompts verbatim"), md);
        String pt = ExperimentRecordMarkdown.render(r, Messages.PT_BR);
        assertFalse(pt.contains("!record."), pt);
        assertTrue(pt.contains("Transformers are models that\n  (verbatim, spaces kept)"));
        assertTrue(pt.contains("Qual resposta é melhor, A ou B?"));
    }
}
