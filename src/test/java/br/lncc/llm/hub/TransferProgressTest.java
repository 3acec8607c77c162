package br.lncc.llm.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TransferProgressTest {

    @Test
    void sizesAndTimesReadAsInPortuguese() {
        assertEquals("999 B", TransferProgress.bytes(999));
        assertEquals("1,5 MB", TransferProgress.bytes(1_500_000));
        assertEquals("3,2 GB", TransferProgress.bytes(3_200_000_000L));
        assertEquals("42 s", TransferProgress.duration(42.2));
        assertEquals("1 min 15 s", TransferProgress.duration(75));
        assertEquals("2 h 5 min", TransferProgress.duration(7500));
    }

    @Test
    void messageBeforeAnyByteHasNoSpeed() {
        TransferProgress p = new TransferProgress(br.lncc.llm.task.ProgressSink.NONE);
        p.addTotal(2_000_000);
        assertEquals("model.safetensors: 0 B de 2,0 MB", p.message("model.safetensors"));
    }
}
