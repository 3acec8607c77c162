package br.lncc.llm.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Starts the program again with {@code OMP_WAIT_POLICY=PASSIVE} when it is not set.
 *
 * <p>libtorch's OpenMP threads spin while they wait for work. On a machine that is busy with
 * anything else (a browser, a second job of ours, the FX thread) the spinning threads steal the
 * cores the work needs: a BERT forward took ~3.5 s instead of ~0.1 s and a tiny T5 decode was 10×
 * slower. The policy is read once, when the native library loads, from the environment — which a
 * running JVM cannot change. Where a launcher can set it (the .deb's desktop entry, surefire in
 * pom.xml) nothing is restarted; everywhere else ({@code java -jar}, {@code mvn javafx:run}, the
 * jpackage launcher run from a terminal) the program starts itself once more with the variable set,
 * through the command that fits how it was started ({@link Launch}). The cost is one extra JVM start
 * (~0.2 s) and an idle parent waiting for the child.
 */
public final class PassiveOpenMp {
    static final String VARIABLE = "OMP_WAIT_POLICY";
    /** Opt-out for whoever wants libtorch's default behaviour ({@code -Dcompanion.relaunch=false}). */
    static final String SWITCH = "companion.relaunch";
    /** Set in the child's environment: the launcher it must not outlive. */
    static final String LAUNCHER_PID = "COMPANION_LAUNCHER_PID";
    /** System property every jpackage launcher (Linux, Windows, macOS) sets to its own executable. */
    static final String JPACKAGE_APP_PATH = "jpackage.app-path";

    private PassiveOpenMp() {}

    /**
     * How this JVM was started, i.e. how to start the same program again. JVM options added to the
     * app's launchers (jpackage {@code --java-options} in installer/java-options, javafx:run and
     * surefire in pom.xml) reach the child through here unchanged: the jpackage launcher re-reads
     * its .cfg, and a {@code java} command repeats this JVM's input arguments.
     */
    sealed interface Launch {
        /** The child's command line; {@code args} are main's arguments, empty ones included. */
        List<String> command(List<String> args);

        /** Removes from the child's (inherited) environment what belonged only to this start. */
        void forget(Map<String, String> environment);

        /** A jpackage native launcher (app-image, .deb, .msi, .app): run that launcher again. */
        record Jpackage(String appPath) implements Launch {
            /**
             * JDK 17's Linux launcher exports this (and LD_LIBRARY_PATH=…/lib/app) for its own
             * second stage; a child launcher that inherits both takes its arguments for a bare
             * {@code java} command line and prints java's usage (issue #20).
             */
            static final String STAGE_VARIABLE = "_JPACKAGE_LAUNCHER";

            @Override
            public List<String> command(List<String> args) {
                List<String> all = new ArrayList<>(List.of(appPath));
                all.addAll(args);
                return all;
            }

            @Override
            public void forget(Map<String, String> environment) {
                environment.remove(STAGE_VARIABLE);
            }
        }

        /** {@code java -jar}, {@code java -cp}, {@code mvn javafx:run}, an IDE: the same java, options, class path, main class. */
        record JavaCommand(String java, List<String> jvmOptions, String classPath, String mainClass) implements Launch {
            /** Its options are already among the JVM's input arguments; inherited, they would be given twice. */
            static final String OPTIONS_VARIABLE = "JDK_JAVA_OPTIONS";

            public JavaCommand {
                jvmOptions = List.copyOf(jvmOptions);
            }

            @Override
            public List<String> command(List<String> args) {
                List<String> all = new ArrayList<>(List.of(java));
                all.addAll(jvmOptions);
                // -jar's manifest Class-Path (lib/...) is honoured for a jar on -cp as well.
                if (!classPath.isEmpty()) all.addAll(List.of("-cp", classPath));
                all.add(mainClass);
                all.addAll(args);
                return all;
            }

            @Override
            public void forget(Map<String, String> environment) {
                environment.remove(OPTIONS_VARIABLE);
            }
        }
    }

    /** The child's exit code after running it, or empty when this process should just go on. */
    public static Optional<Integer> relaunchIfNeeded(Class<?> mainClass, String[] args) {
        if (!needed(System.getenv(), System.getProperty(SWITCH))) return Optional.empty();
        Optional<Launch> launch = launchOf(System::getProperty, ProcessHandle.current().info().command(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), mainClass.getName());
        if (launch.isEmpty()) return Optional.empty();
        launch = launch.map(l -> withVectorModule(l, ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
                java.lang.module.ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent()));
        var pb = new ProcessBuilder(launch.get().command(List.of(args))).inheritIO();
        launch.get().forget(pb.environment());
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

    /** The Vector API module the decode kernels use when present (model/kernel/MatVecKernels). */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    /**
     * A {@code java -jar} start has no {@code --add-modules} (a jar manifest cannot add modules), so
     * the decode kernels would run on their portable loops; since the program starts itself again
     * anyway, the child gets the Vector API module when this runtime has it. Launchers that
     * already pass it (jpackage's java-options, javafx:run, surefire) are left as they are.
     */
    static Launch withVectorModule(Launch launch, boolean loaded, boolean available) {
        if (loaded || !available || !(launch instanceof Launch.JavaCommand j)) return launch;
        List<String> options = new ArrayList<>(j.jvmOptions());
        options.add("--add-modules=" + VECTOR_MODULE);
        return new Launch.JavaCommand(j.java(), options, j.classPath(), j.mainClass());
    }

    /**
     * How to start this program again.
     *
     * @param property       system properties ({@code jpackage.app-path}, {@code java.home}, {@code os.name}, {@code java.class.path})
     * @param processCommand the executable the OS started ({@link ProcessHandle.Info#command()}), when it says
     * @param jvmOptions     the JVM's input arguments (from the command line and JDK_JAVA_OPTIONS)
     * @return empty when this JVM is being debugged: a child would fight its parent for the debugger's port
     */
    static Optional<Launch> launchOf(UnaryOperator<String> property, Optional<String> processCommand,
                                     List<String> jvmOptions, String mainClass) {
        String appPath = property.apply(JPACKAGE_APP_PATH);
        if (appPath != null && !appPath.isBlank()) return Optional.of(new Launch.Jpackage(appPath));
        if (jvmOptions.stream().anyMatch(o -> o.startsWith("-agentlib:jdwp") || o.startsWith("-Xrunjdwp"))) {
            return Optional.empty();
        }
        String classPath = property.apply("java.class.path");
        return Optional.of(new Launch.JavaCommand(javaExecutable(property, processCommand), jvmOptions,
                classPath == null ? "" : classPath, mainClass));
    }

    /** The java that runs us (java, javaw.exe...), else the runtime's own bin/java. */
    private static String javaExecutable(UnaryOperator<String> property, Optional<String> processCommand) {
        // The name after the last separator of either OS (Path would parse C:\… only on Windows).
        Optional<String> running = processCommand.filter(c -> c.substring(Math.max(c.lastIndexOf('/'), c.lastIndexOf('\\')) + 1)
                .toLowerCase(Locale.ROOT).matches("javaw?(\\.exe)?"));
        if (running.isPresent()) return running.get();
        boolean windows = String.valueOf(property.apply("os.name")).startsWith("Windows");
        return Path.of(property.apply("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    /**
     * In the relaunched child: runs {@code stop} when the launcher ends. A launcher killed with
     * SIGKILL runs no shutdown hook, and its orphan would go on computing (and appending to the
     * results file a later --resume also writes) with nothing on screen to show it.
     *
     * @return whether this process is a relaunched child that now follows its launcher
     */
    public static boolean followLauncher(Map<String, String> env, Runnable stop) {
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
}
