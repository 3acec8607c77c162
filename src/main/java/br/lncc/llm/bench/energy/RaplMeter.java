package br.lncc.llm.bench.energy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Intel RAPL package counters under /sys/class/powercap (AMD Zen exposes the same files).
 * Only top-level domains (intel-rapl:N) are summed: their subdomains (core, uncore, dram) are
 * parts of the package and would be counted twice. Counters wrap at max_energy_range_uj.
 */
public final class RaplMeter implements PowerMeter {
    public static final Path SYSFS = Path.of("/sys/class/powercap");

    private final List<Path> domains;
    private final double[] wrapMicroJoules;

    private RaplMeter(List<Path> domains, double[] wrapMicroJoules) {
        this.domains = domains;
        this.wrapMicroJoules = wrapMicroJoules;
    }

    /** A meter when at least one package counter exists and is readable; empty otherwise. */
    public static Optional<RaplMeter> open(Path powercap) {
        if (!Files.isDirectory(powercap)) return Optional.empty();
        List<Path> domains = new ArrayList<>();
        try (Stream<Path> s = Files.list(powercap)) {
            s.filter(p -> p.getFileName().toString().matches("intel-rapl:\\d+"))
                    .sorted()
                    .forEach(domains::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (domains.isEmpty()) return Optional.empty();
        double[] wrap = new double[domains.size()];
        for (int i = 0; i < domains.size(); i++) {
            try {
                readMicroJoules(domains.get(i).resolve("energy_uj"));
                Path range = domains.get(i).resolve("max_energy_range_uj");
                wrap[i] = Files.isReadable(range) ? readMicroJoules(range) : 0;
            } catch (IOException | RuntimeException e) {
                // since Linux 5.10 (CVE-2020-8694) energy_uj is root-only by default
                return Optional.empty();
            }
        }
        return Optional.of(new RaplMeter(domains, wrap));
    }

    /** Why RAPL is not used, for the result file and the log. */
    public static br.lncc.llm.text.Message unavailableReason(Path powercap) {
        if (!Files.isDirectory(powercap.resolve("intel-rapl:0"))) return br.lncc.llm.text.Message.of("benchdata.rapl.absent", powercap);
        return br.lncc.llm.text.Message.of("benchdata.rapl.denied", powercap.resolve("intel-rapl:0/energy_uj"), powercap + "/intel-rapl:*/energy_uj");
    }

    private static double readMicroJoules(Path file) throws IOException {
        return Double.parseDouble(Files.readString(file).trim());
    }

    @Override
    public Snapshot snapshot() {
        double[] values = new double[domains.size()];
        for (int i = 0; i < domains.size(); i++) {
            try {
                values[i] = readMicroJoules(domains.get(i).resolve("energy_uj"));
            } catch (IOException e) {
                throw new IllegalStateException("leitura do RAPL falhou: " + e.getMessage(), e);
            }
        }
        return new Snapshot(System.nanoTime(), values);
    }

    @Override
    public double cpuJoules(Snapshot from, Snapshot to) {
        double microJoules = 0;
        for (int i = 0; i < domains.size(); i++) {
            double delta = to.values()[i] - from.values()[i];
            if (delta < 0) delta += wrapMicroJoules[i];
            microJoules += delta;
        }
        return microJoules / 1e6;
    }

    @Override
    public boolean measured() {
        return true;
    }

    @Override
    public String description() {
        return "measured (RAPL)";
    }
}
