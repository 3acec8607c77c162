package br.lncc.llm.ui.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import br.lncc.llm.session.Holding;
import br.lncc.llm.session.ModelFormat;
import br.lncc.llm.session.SessionKey;
import br.lncc.llm.ui.I18n;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTextTest {
    private final List<Holding> held = List.of(
            new Holding(SessionKey.of("/home/a/models/gpt2", ModelFormat.FP32), "Opened", List.of("4.8–4.12", "8.4"),
                    497_759_232L, false),
            new Holding(SessionKey.of("/home/a/models/gpt2", ModelFormat.NF4), "Gpt2Weights", List.of("7.5–7.11"),
                    -1, true));

    @Test
    void theStatusLineCountsModelsAndAddsTheirKnownSizesInEitherLanguage() {
        var pt = new I18n(I18n.PT_BR);
        assertEquals("Modelos na memória: 2 (≈ 475 MB)", MemoryText.summary(pt, held));
        assertEquals("Nenhum modelo na memória", MemoryText.summary(pt, List.of()));
        var en = new I18n(I18n.ENGLISH);
        assertEquals("Models in memory: 2 (≈ 475 MB)", MemoryText.summary(en, held));
    }

    @Test
    void theModelManagerNamesWhichPagesHoldWhichModel() {
        assertEquals("gpt2 · FP32 — ≈ 475 MB — used by 4.8–4.12, 8.4\ngpt2 · NF4 — loading… — used by 7.5–7.11",
                MemoryText.perModel(new I18n(I18n.ENGLISH), held));
    }
}
