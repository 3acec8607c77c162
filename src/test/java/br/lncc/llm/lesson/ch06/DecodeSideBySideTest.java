package br.lncc.llm.lesson.ch06;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch06.DecodeSideBySide.Road;
import br.lncc.llm.task.ProgressSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cap. 6.5–6.6's side-by-side decode of the course model: every road measured, live after each round, bytes as each road moves them. */
class DecodeSideBySideTest {

    @Test
    void everyRoadIsMeasuredAndReportedAfterEachRound() {
        List<DecodeSideBySide.Result> live = new ArrayList<>();
        var r = DecodeSideBySide.run(6, 2, live::add, ProgressSink.NONE);
        assertEquals(2, live.size(), "one live report per round");
        assertEquals(1, live.get(0).rounds());
        assertEquals(Road.values().length, r.measurements().size());
        for (Road road : Road.values()) {
            var m = r.of(road);
            assertEquals(2, m.roundTokensPerSecond().length);
            assertTrue(m.tokensPerSecond() > 0, road.toString());
        }
        assertEquals(1.0, r.speedup(Road.FP32), 1e-12);
        // Fused reads only codes and scales; dequantizing also writes and reads a float32 copy.
        assertTrue(r.of(Road.NF4_FUSED).bytesPerToken() < r.of(Road.INT8_FUSED).bytesPerToken());
        assertTrue(r.of(Road.INT8_FUSED).bytesPerToken() < r.of(Road.FP32).bytesPerToken());
        assertTrue(r.of(Road.INT8_DEQUANTIZE).bytesPerToken() > r.of(Road.FP32).bytesPerToken());
        assertTrue(r.of(Road.NF4_FUSED).heldBytes() < r.of(Road.FP32).heldBytes());
    }

    @Test
    void tokensOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DecodeSideBySide.run(0, 1, x -> {}, ProgressSink.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> DecodeSideBySide.run(DecodeSideBySide.MAX_TOKENS + 1, 1, x -> {}, ProgressSink.NONE));
    }
}
