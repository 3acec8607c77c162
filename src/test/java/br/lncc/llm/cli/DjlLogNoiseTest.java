package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every CLI command used to print DJL's engine chatter and a CUDA warning ("CUDA driver version is
 * insufficient") on stderr, between the progress lines and the error a student must read.
 */
class DjlLogNoiseTest {
    @Test
    void djlInfoAndTheCpuOnlyCudaWarningAreQuietButOurOwnLogsAreNot() {
        assertFalse(LoggerFactory.getLogger("ai.djl.pytorch.engine.PtEngine").isInfoEnabled());
        assertFalse(LoggerFactory.getLogger("ai.djl.util.Platform").isInfoEnabled());
        assertFalse(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled());
        assertTrue(LoggerFactory.getLogger("ai.djl.engine.Engine").isWarnEnabled(), "real DJL warnings still show");
        assertTrue(LoggerFactory.getLogger("br.lncc.llm.hub.HubClient").isInfoEnabled());
    }
}
