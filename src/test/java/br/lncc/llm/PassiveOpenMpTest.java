package br.lncc.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PassiveOpenMpTest {
    @Test
    void relaunchesOnlyWhenThePolicyIsUnsetAndNotSwitchedOff() {
        assertTrue(PassiveOpenMp.needed(Map.of(), null));
        assertTrue(PassiveOpenMp.needed(Map.of(), "true"));
        assertFalse(PassiveOpenMp.needed(Map.of(), "false"));
        // Whatever the user chose (ACTIVE included) is kept, and the child never relaunches again.
        assertFalse(PassiveOpenMp.needed(Map.of("OMP_WAIT_POLICY", "ACTIVE"), null));
        assertFalse(PassiveOpenMp.needed(Map.of("OMP_WAIT_POLICY", "PASSIVE"), null));
    }

    @Test
    void theTestJvmRunsWithThePassivePolicyAndKnowsItsCommandLine() {
        // surefire sets it (pom.xml), as the launcher does for the app: the suite measures what users get.
        assertEquals("PASSIVE", System.getenv("OMP_WAIT_POLICY"));
        var cmd = PassiveOpenMp.currentCommandLine();
        assertTrue(cmd.isPresent(), "Linux always reports the command line");
        assertTrue(cmd.get().get(0).endsWith("java"), cmd.get().toString());
    }

    /**
     * A launcher killed with SIGKILL (no shutdown hook runs) used to leave the relaunched child
     * measuring on, orphaned, still appending to the results a later --resume would also write.
     */
    @Test
    void theRelaunchedChildStopsWhenItsLauncherDies() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "30").start();
        var stopped = new java.util.concurrent.CountDownLatch(1);
        try {
            assertTrue(PassiveOpenMp.followLauncher(Map.of(PassiveOpenMp.LAUNCHER_PID, String.valueOf(launcher.pid())),
                    stopped::countDown));
            assertEquals(1, stopped.getCount(), "the launcher is alive: keep running");
            launcher.destroyForcibly();
            assertTrue(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            launcher.destroyForcibly();
        }
        assertFalse(PassiveOpenMp.followLauncher(Map.of(), () -> { }), "not relaunched: nothing to follow");
    }

    /**
     * ProcessHandle.Info#arguments drops empty arguments, so the relaunched child saw
     * `tokenize --text --json` for `tokenize --text "" --json` and answered with a usage error
     * instead of "o texto está vazio"; /proc/self/cmdline keeps them.
     */
    @Test
    void emptyArgumentsSurviveTheRelaunch() {
        byte[] cmdline = "java\0-jar\0target/companion.jar\0tokenize\0--text\0\0--json\0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(java.util.List.of("-jar", "target/companion.jar", "tokenize", "--text", "", "--json"),
                PassiveOpenMp.argumentsOf(cmdline));
        assertEquals(java.util.List.of("-jar", "a b.jar", ""), PassiveOpenMp.argumentsOf("java\0-jar\0a b.jar\0\0".getBytes()));
    }
}
