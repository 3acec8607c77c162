package br.lncc.llm.bench.energy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * TDP of some common CPUs (manufacturer data sheets), matched by a substring of the model name
 * in /proc/cpuinfo. Unknown CPUs get CodeCarbon's constant 85 W; the user can always override.
 */
public final class CpuTdpTable {
    private CpuTdpTable() {}

    /** CodeCarbon's POWER_CONSTANT for CPUs it cannot identify. */
    public static final double UNKNOWN_CPU_TDP = 85;

    private static final Map<String, Double> TDP = new LinkedHashMap<>();

    static {
        // most specific first: the first key contained in the model name wins
        TDP.put("i3-4160", 54.0);   // the seed benchmark's machine
        TDP.put("i5-4590", 84.0);
        TDP.put("i7-4790", 84.0);
        TDP.put("i5-8250u", 15.0);
        TDP.put("i7-8550u", 15.0);
        TDP.put("i5-1135g7", 28.0);
        TDP.put("i7-1165g7", 28.0);
        TDP.put("i5-10400", 65.0);
        TDP.put("i7-10700", 65.0);
        TDP.put("i5-12400", 65.0);
        TDP.put("i7-12700", 65.0);
        TDP.put("i9-12900k", 125.0);
        TDP.put("i5-13400", 65.0);
        TDP.put("i7-13700k", 125.0);
        TDP.put("ryzen 5 3600", 65.0);
        TDP.put("ryzen 5 5600x", 65.0);
        TDP.put("ryzen 7 5800x", 105.0);
        TDP.put("ryzen 7 5700u", 15.0);
        TDP.put("ryzen 5 7600", 65.0);
        TDP.put("ryzen 7 7700x", 105.0);
        TDP.put("xeon e5-2620 v3", 85.0);
    }

    public static Map<String, Double> entries() {
        return Map.copyOf(TDP);
    }

    public static Optional<Double> lookup(String modelName) {
        String m = modelName.toLowerCase(Locale.ROOT);
        return TDP.entrySet().stream().filter(e -> m.contains(e.getKey())).map(Map.Entry::getValue).findFirst();
    }

    /** "model name" of the first processor in /proc/cpuinfo, or the JVM's os.arch. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch", "cpu");
    }
}
