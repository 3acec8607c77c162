package br.lncc.llm.lesson.ch06;

import br.lncc.llm.lesson.LabModelSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.quant.QuantFormat;
import org.junit.jupiter.api.Test;

class QuantComparisonTest {

    @Test
    void gpt2Fp32IsTheBooks474Point7MB() {
        // Cap. 6.6 "Tamanho aproximado FP32 (MB): 474.7" = 124,439,808 parameters × 4 bytes in MiB.
        assertEquals(474.7, QuantComparison.fp32MiB(Gpt2.Config.gpt2Small().uniqueParameters()), 0.05);
    }

    @Test
    void everyFormatIsMeasuredOnTheTinyGpt2() {
        var r = QuantComparison.run(new LabModelSource.Tiny(1), "What is El Niño?", 3, ProgressSink.NONE);
        assertEquals(8, r.layers().size());
        for (var row : r.layers()) {
            var e = row.relativeRms();
            assertEquals(0.0, e.get(QuantFormat.FP32));
            assertTrue(e.get(QuantFormat.INT8) < e.get(QuantFormat.NF4), row.tensor());
            assertTrue(e.get(QuantFormat.NF4) < e.get(QuantFormat.INT4), row.tensor());
            assertTrue(e.get(QuantFormat.NF4) < 0.12, row.tensor() + " " + e.get(QuantFormat.NF4));
        }
        var conv = r.conv1dMemory();
        assertEquals(32.0, conv.get(QuantFormat.FP32).bitsPerWeight(), 1e-12);
        assertEquals(4.5, conv.get(QuantFormat.NF4).bitsPerWeight(), 1e-12);
        assertTrue(conv.get(QuantFormat.NF4_DOUBLE_QUANT).bitsPerWeight() < 4.2);
        var mem = r.memory();
        assertTrue(mem.get(QuantFormat.FP32).bytes() > mem.get(QuantFormat.INT8).bytes());
        assertTrue(mem.get(QuantFormat.INT8).bytes() > mem.get(QuantFormat.NF4).bytes());
        assertTrue(mem.get(QuantFormat.NF4).bytes() > mem.get(QuantFormat.NF4_DOUBLE_QUANT).bytes());
        for (var o : r.outputs().values()) assertEquals(3, o.tokens());
    }
}
