package br.lncc.llm.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a number was measured on, for model cards and experiment records (Cap. 8.6: say where). */
public final class Machine {
    private Machine() {}

    /** CPU model, threads the JVM sees, OS and Java version, in one line (English, as in the logs). */
    public static String describe() {
        String cpu = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the architecture name is all we have
        }
        return String.format(Locale.ROOT, "%s, %d threads visible to the JVM, %s %s, Java %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"));
    }
}
