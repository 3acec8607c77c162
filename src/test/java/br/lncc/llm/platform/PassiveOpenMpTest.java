package br.lncc.llm.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PassiveOpenMpTest {
    private static final String MAIN = "br.lncc.llm.Main";

    @Test
    void aJavaJarRelaunchAddsTheVectorModuleTheJarCannotAskFor() {
        var jar = new PassiveOpenMp.Launch.JavaCommand("/usr/bin/java", List.of("-Xmx2g"), "companion.jar", "br.lncc.llm.Main");
        var child = PassiveOpenMp.withVectorModule(jar, false, true);
        assertEquals(List.of("/usr/bin/java", "-Xmx2g", "--add-modules=jdk.incubator.vector", "-cp", "companion.jar",
                "br.lncc.llm.Main", "bench"), child.command(List.of("bench")));
        assertEquals(jar, PassiveOpenMp.withVectorModule(jar, true, true), "already loaded: given once, not twice");
        assertEquals(jar, PassiveOpenMp.withVectorModule(jar, false, false), "a runtime without it: portable kernels");
        var jpackage = new PassiveOpenMp.Launch.Jpackage("/opt/app/bin/app");
        assertEquals(jpackage, PassiveOpenMp.withVectorModule(jpackage, false, true), "jpackage reads installer/java-options");
    }

    @Test
    void relaunchesOnlyWhenThePolicyIsUnsetAndNotSwitchedOff() {
        assertTrue(PassiveOpenMp.needed(Map.of(), null));
        assertTrue(PassiveOpenMp.needed(Map.of(), "true"));
        assertFalse(PassiveOpenMp.needed(Map.of(), "false"));
        // Whatever the user chose (ACTIVE included) is kept, and the child never relaunches again.
        assertFalse(PassiveOpenMp.needed(Map.of("OMP_WAIT_POLICY", "ACTIVE"), null));
        assertFalse(PassiveOpenMp.needed(Map.of("OMP_WAIT_POLICY", "PASSIVE"), null));
    }

    /**
     * Issue #20: under the jpackage launcher the relaunch ran the launcher binary with the
     * launcher's own _JPACKAGE_LAUNCHER stage variable inherited, and the child printed java's usage
     * and exited 1. The launcher is re-run by its app path with main's arguments (empty ones kept)
     * and without that variable; it re-reads its .cfg for the JVM options and class path.
     */
    @Test
    void underJpackageTheLauncherItselfRunsAgainWithTheSameArguments() {
        Map<String, String> props = Map.of("jpackage.app-path", "/opt/llm-course-companion/bin/LLM-Course-Companion",
                "java.home", "/opt/llm-course-companion/lib/runtime", "java.class.path", "/opt/llm-course-companion/lib/app/companion.jar");
        var launch = PassiveOpenMp.launchOf(props::get, Optional.of("/opt/llm-course-companion/bin/LLM-Course-Companion"),
                List.of("-Djpackage.app-path=/opt/llm-course-companion/bin/LLM-Course-Companion", "-Dai.djl.offline=true"), MAIN).orElseThrow();
        assertInstanceOf(PassiveOpenMp.Launch.Jpackage.class, launch);
        assertEquals(List.of("/opt/llm-course-companion/bin/LLM-Course-Companion"), launch.command(List.of()), "no arguments = the GUI");
        assertEquals(List.of("/opt/llm-course-companion/bin/LLM-Course-Companion", "tokenize", "--text", "", "--json"),
                launch.command(List.of("tokenize", "--text", "", "--json")));

        Map<String, String> env = new HashMap<>(Map.of("_JPACKAGE_LAUNCHER", "0", "HOME", "/home/aluno", "JDK_JAVA_OPTIONS", "-Xmx2g"));
        launch.forget(env);
        assertEquals(Map.of("HOME", "/home/aluno", "JDK_JAVA_OPTIONS", "-Xmx2g"), env,
                "the launcher does not pass JDK_JAVA_OPTIONS on as input arguments: the child needs it again");

        // Windows (.exe) and macOS (.app/Contents/MacOS/…) launchers set the same property.
        var windows = PassiveOpenMp.launchOf(Map.of("jpackage.app-path", "C:\\Program Files\\LLM-Course-Companion\\LLM-Course-Companion.exe",
                "os.name", "Windows 11")::get, Optional.empty(), List.of(), MAIN).orElseThrow();
        assertEquals(List.of("C:\\Program Files\\LLM-Course-Companion\\LLM-Course-Companion.exe", "doctor", "--json"),
                windows.command(List.of("doctor", "--json")));
    }

    @Test
    void underJavaJarTheSameJavaRunsWithTheSameOptionsClassPathAndMainClass() {
        Map<String, String> props = Map.of("java.home", "/usr/lib/jvm/java-17-openjdk-amd64", "java.class.path", "target/companion.jar",
                "os.name", "Linux");
        var launch = PassiveOpenMp.launchOf(props::get, Optional.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"),
                List.of("-Xmx2g", "-Dcompanion.open=7.10"), MAIN).orElseThrow();
        assertInstanceOf(PassiveOpenMp.Launch.JavaCommand.class, launch);
        assertEquals(List.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "-Xmx2g", "-Dcompanion.open=7.10",
                "-cp", "target/companion.jar", MAIN, "tokenize", "--text", "", "--json"),
                launch.command(List.of("tokenize", "--text", "", "--json")));

        Map<String, String> env = new HashMap<>(Map.of("JDK_JAVA_OPTIONS", "-Xmx2g", "_JPACKAGE_LAUNCHER", "0"));
        launch.forget(env);
        assertEquals(Map.of("_JPACKAGE_LAUNCHER", "0"), env, "JDK_JAVA_OPTIONS' options are already among the input arguments");
    }

    @Test
    void underJavafxRunTheModulePathAndAddedModulesComeAlong() {
        // What javafx-maven-plugin's java reports: launcher options as --opt=value input arguments.
        List<String> jvm = List.of("--module-path=/m2/javafx-base-21-linux.jar:/m2/javafx-graphics-21-linux.jar",
                "--add-modules=javafx.base,javafx.graphics", "-Dai.djl.offline=true", "-Xmx6g");
        Map<String, String> props = Map.of("java.home", "/usr/lib/jvm/java-17-openjdk-amd64",
                "java.class.path", "/w/target/classes:/m2/picocli.jar", "os.name", "Linux");
        var launch = PassiveOpenMp.launchOf(props::get, Optional.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"), jvm, MAIN)
                .orElseThrow();
        List<String> expected = new java.util.ArrayList<>(List.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"));
        expected.addAll(jvm);
        expected.addAll(List.of("-cp", "/w/target/classes:/m2/picocli.jar", MAIN));
        assertEquals(expected, launch.command(List.of()));
    }

    @Test
    void withoutAJavaExecutableFromTheOsTheRuntimesOwnJavaIsUsed() {
        // Windows often does not report a process's command; an embedding executable is not a java.
        var windows = PassiveOpenMp.launchOf(Map.of("java.home", "C:\\jdk-17", "java.class.path", "companion.jar",
                "os.name", "Windows 10")::get, Optional.empty(), List.of(), MAIN).orElseThrow();
        assertEquals(Path.of("C:\\jdk-17", "bin", "java.exe").toString(), windows.command(List.of()).get(0));
        var embedded = PassiveOpenMp.launchOf(Map.of("java.home", "/jdk", "java.class.path", "", "os.name", "Linux")::get,
                Optional.of("/usr/bin/some-ide"), List.of(), MAIN).orElseThrow();
        assertEquals(List.of(Path.of("/jdk", "bin", "java").toString(), MAIN), embedded.command(List.of()));
        var javaw = PassiveOpenMp.launchOf(Map.of("java.home", "C:\\jdk", "java.class.path", "a.jar", "os.name", "Windows 10")::get,
                Optional.of("C:\\jdk\\bin\\javaw.exe"), List.of(), MAIN).orElseThrow();
        assertEquals("C:\\jdk\\bin\\javaw.exe", javaw.command(List.of()).get(0));
    }

    @Test
    void aJvmUnderTheDebuggerIsNotRelaunched() {
        assertTrue(PassiveOpenMp.launchOf(Map.of("java.home", "/jdk", "java.class.path", "a.jar")::get, Optional.empty(),
                List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"), MAIN).isEmpty());
    }

    /**
     * The real thing, on this JVM's java and class path: started without OMP_WAIT_POLICY, the
     * program runs once more with PASSIVE, gets the same arguments (an empty one and one with a
     * space included) and its exit code is the launcher's.
     */
    @Test
    void aJavaStartWithoutThePolicyRunsOnceMoreWithItAndTheSameArguments() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                RelaunchProbe.class.getName(), "tokenize", "", "a b").redirectErrorStream(true);
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove(PassiveOpenMp.LAUNCHER_PID);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // The child also gets the Vector API module, and the JVM says so on stderr.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("", (a, b) -> a + b).strip();
        assertEquals("policy=PASSIVE child=true args=3:tokenize||a b", out);
        assertEquals(3, p.exitValue());
    }

    @Test
    void theTestJvmRunsWithThePassivePolicy() {
        // surefire sets it (pom.xml), as the desktop entry does for the app: the suite measures what users get.
        assertEquals("PASSIVE", System.getenv("OMP_WAIT_POLICY"));
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
            assertTrue(stopped.await(10, TimeUnit.SECONDS));
        } finally {
            launcher.destroyForcibly();
        }
        assertFalse(PassiveOpenMp.followLauncher(Map.of(), () -> { }), "not relaunched: nothing to follow");
    }
}
