package br.lncc.llm;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the program again with {@code OMP_WAIT_POLICY=PASSIVE} when it is not set.
 *
 * <p>libtorch's OpenMP threads spin while they wait for work. On a machine that is busy with
 * anything else (a browser, a second job of ours, the FX thread) the spinning threads steal the
 * cores the work needs: a BERT forward took ~3.5 s instead of ~0.1 s and a tiny T5 decode was 10×
 * slower. The policy is read once, when the native library loads, from the environment — which a
 * running JVM cannot change — so the only way to set it for {@code java -jar}, {@code javafx:run}
 * and the jpackage launcher alike is to run the same command line again with the variable set.
 * The cost is one extra JVM start (~0.2 s) and an idle parent waiting for the child.
 */
final class PassiveOpenMp {
    static final String VARIABLE = "OMP_WAIT_POLICY";
    /** Opt-out for whoever wants libtorch's default behaviour ({@code -Dcompanion.relaunch=false}). */
    static final String SWITCH = "companion.relaunch";
    /** Set in the child's environment: the launcher it must not outlive. */
    static final String LAUNCHER_PID = "COMPANION_LAUNCHER_PID";

    private PassiveOpenMp() {}

    /** The child's exit code after running it, or empty when this process should just go on. */
    static Optional<Integer> relaunchIfNeeded() {
        if (!needed(System.getenv(), System.getProperty(SWITCH))) return Optional.empty();
        Optional<List<String>> command = currentCommandLine();
        if (command.isEmpty()) return Optional.empty();
        var pb = new ProcessBuilder(command.get()).inheritIO();
        pb.environment().put(VARIABLE, "PASSIVE");
        pb.environment().put(LAUNCHER_PID, String.valueOf(ProcessHandle.current().pid()));
        try {
            Process child = pb.start();
            // Closing the parent's console (Ctrl+C) must not leave the app running headless.
            Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
            return Optional.of(child.waitFor());
        } catch (IOException e) {
            return Optional.empty(); // could not start it: run here, spinning threads and all
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }

    /**
     * In the relaunched child: runs {@code stop} when the launcher ends. A launcher killed with
     * SIGKILL runs no shutdown hook, and its orphan would go on computing (and appending to the
     * results file a later --resume also writes) with nothing on screen to show it.
     *
     * @return whether this process is a relaunched child that now follows its launcher
     */
    static boolean followLauncher(Map<String, String> env, Runnable stop) {
        String pid = env.get(LAUNCHER_PID);
        if (pid == null) return false;
        long launcher;
        try {
            launcher = Long.parseLong(pid.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (launcher == ProcessHandle.current().pid()) return false;
        var handle = ProcessHandle.of(launcher);
        if (handle.isEmpty()) {
            stop.run();
        } else {
            handle.get().onExit().thenRun(stop);
        }
        return true;
    }

    static boolean needed(Map<String, String> env, String switchValue) {
        return env.get(VARIABLE) == null && !"false".equalsIgnoreCase(switchValue);
    }

    /** The executable and its arguments as the OS started us; empty where the OS does not say (Windows often). */
    static Optional<List<String>> currentCommandLine() {
        var info = ProcessHandle.current().info();
        if (info.command().isEmpty() || info.arguments().isEmpty()) return Optional.empty();
        List<String> all = new ArrayList<>();
        all.add(info.command().get());
        // ProcessHandle drops empty arguments (--text ""), which would shift the child's command line.
        all.addAll(procCmdline().map(PassiveOpenMp::argumentsOf).orElseGet(() -> List.of(info.arguments().get())));
        return Optional.of(all);
    }

    private static Optional<byte[]> procCmdline() {
        try {
            return Optional.of(Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux
        }
    }

    /** How this JVM decoded its own arguments; the child's are encoded back the same way. */
    private static Charset argumentCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding"));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** The arguments (without the executable) of a NUL-separated /proc/PID/cmdline, empty ones kept. */
    static List<String> argumentsOf(byte[] cmdline) {
        String all = new String(cmdline, argumentCharset());
        if (all.endsWith("\0")) all = all.substring(0, all.length() - 1);
        List<String> parts = new ArrayList<>(List.of(all.split("\0", -1)));
        return parts.isEmpty() ? parts : parts.subList(1, parts.size());
    }
}
