package br.lncc.llm.hub;

import br.lncc.llm.text.Messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TransferProgressTest {

    @Test
    void sizesAndTimesReadAsInPortuguese() {
        assertEquals("999 B", TransferProgress.size(999).render(Messages.PT_BR));
        assertEquals("1,5 MB", TransferProgress.size(1_500_000).render(Messages.PT_BR));
        assertEquals("3,2 GB", TransferProgress.size(3_200_000_000L).render(Messages.PT_BR));
        assertEquals("42 s", TransferProgress.time(42.2).render(Messages.PT_BR));
        assertEquals("1 min 15 s", TransferProgress.time(75).render(Messages.PT_BR));
        assertEquals("2 h 5 min", TransferProgress.time(7500).render(Messages.PT_BR));
    }

    @Test
    void messageBeforeAnyByteHasNoSpeed() {
        TransferProgress p = new TransferProgress(br.lncc.llm.task.ProgressSink.NONE);
        p.addTotal(2_000_000);
        assertEquals("model.safetensors: 0 B de 2,0 MB", p.message("model.safetensors").render(Messages.PT_BR));
        assertEquals("model.safetensors: 0 B of 2.0 MB", p.message("model.safetensors").render(Messages.ENGLISH));
    }
}
