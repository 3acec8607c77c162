package br.lncc.llm.bench.energy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CodeCarbon's estimate when no power counter is readable ("cpu_load" mode). Machine mode:
 * P = TDP · (0.1 + 0.9·u³), u the whole machine's CPU utilisation (an idle CPU still draws about
 * a tenth of its TDP, and power rises steeply only near full load). Process mode: P = TDP · u_p,
 * u_p this process's CPU time over wall time × cores.
 */
public final class CpuLoadEstimator implements PowerMeter {

    public enum Mode { MACHINE, PROCESS }

    private final double tdpWatts;
    private final Mode mode;
    private final Path procStat;
    private final int cores;

    public CpuLoadEstimator(double tdpWatts, Mode mode) {
        this(tdpWatts, mode, Path.of("/proc/stat"), Runtime.getRuntime().availableProcessors());
    }

    CpuLoadEstimator(double tdpWatts, Mode mode, Path procStat, int cores) {
        if (!(tdpWatts > 0)) throw new br.lncc.llm.text.InvalidInputException("benchdata.tdp", String.valueOf(tdpWatts));
        this.tdpWatts = tdpWatts;
        this.mode = mode == Mode.MACHINE && !Files.isReadable(procStat) ? Mode.PROCESS : mode;
        this.procStat = procStat;
        this.cores = cores;
    }

    public static double machinePower(double tdpWatts, double utilisation) {
        double u = Math.max(0, Math.min(1, utilisation));
        return tdpWatts * (0.1 + 0.9 * u * u * u);
    }

    public static double processPower(double tdpWatts, double processShare) {
        return tdpWatts * Math.max(0, Math.min(1, processShare));
    }

    public double tdpWatts() {
        return tdpWatts;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public Snapshot snapshot() {
        long now = System.nanoTime();
        if (mode == Mode.PROCESS) return new Snapshot(now, new double[] {processCpuNanos()});
        long[] busyTotal = readProcStat(procStat);
        return new Snapshot(now, new double[] {busyTotal[0], busyTotal[1]});
    }

    @Override
    public double cpuJoules(Snapshot from, Snapshot to) {
        double seconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        if (seconds <= 0) return 0;
        if (mode == Mode.PROCESS) {
            double share = (to.values()[0] - from.values()[0]) / 1e9 / (seconds * cores);
            return processPower(tdpWatts, share) * seconds;
        }
        double total = to.values()[1] - from.values()[1];
        double u = total > 0 ? (to.values()[0] - from.values()[0]) / total : 0;
        return machinePower(tdpWatts, u) * seconds;
    }

    @Override
    public boolean measured() {
        return false;
    }

    @Override
    public String description() {
        return "estimated (CodeCarbon cpu_load, " + (mode == Mode.MACHINE ? "machine" : "process") + ", TDP " + tdpWatts + " W)";
    }

    /** {busy, total} jiffies of the aggregate "cpu" line; idle and iowait count as not busy. */
    static long[] readProcStat(Path procStat) {
        try {
            String first = Files.readAllLines(procStat).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0, idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) idle += v;
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not read " + procStat + ": " + e.getMessage(), e);
        }
    }

    private static double processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return 0;
    }
}
