package br.lncc.llm.bench.energy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process (what psutil's rss reports), in MB. */
final class ProcessMemory {
    private ProcessMemory() {}

    static double residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception ignored) {
            // not Linux: the JVM heap in use is the best portable figure
        }
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }
}
