package br.lncc.llm.bench.energy;

/**
 * Energy of one measured interval: CPU from a {@link PowerMeter} plus RAM at a constant estimated
 * power, as CodeCarbon adds them.
 */
public final class EnergyMeter {

    /** One interval's numbers. */
    public record Measurement(double seconds, double joules, double averageWatts) {
        public double kwh() {
            return joules / 3.6e6;
        }
    }

    private final PowerMeter cpu;
    private final double ramWatts;

    public EnergyMeter(PowerMeter cpu, double ramWatts) {
        this.cpu = cpu;
        this.ramWatts = ramWatts;
    }

    /** RAPL when readable, else CodeCarbon's machine-load estimate with this machine's TDP. */
    public static EnergyMeter forThisMachine(Double tdpOverride) {
        return forThisMachine(tdpOverride, CpuLoadEstimator.Mode.MACHINE);
    }

    /**
     * RAPL when readable and no TDP is forced; otherwise the estimate in the given mode (machine:
     * whole-CPU load, CodeCarbon's default; process: this process's share of CPU time).
     */
    public static EnergyMeter forThisMachine(Double tdpOverride, CpuLoadEstimator.Mode estimateMode) {
        double ram = RamPower.watts(RamPower.machineTotalGb(), RamPower.isArm());
        if (tdpOverride == null) {
            var rapl = RaplMeter.open(RaplMeter.SYSFS);
            if (rapl.isPresent()) return new EnergyMeter(rapl.get(), ram);
        }
        double tdp = tdpOverride != null ? tdpOverride
                : CpuTdpTable.lookup(CpuTdpTable.cpuModel()).orElse(CpuTdpTable.UNKNOWN_CPU_TDP);
        return new EnergyMeter(new CpuLoadEstimator(tdp, estimateMode), ram);
    }

    public PowerMeter.Snapshot start() {
        return cpu.snapshot();
    }

    public Measurement stop(PowerMeter.Snapshot start) {
        PowerMeter.Snapshot end = cpu.snapshot();
        double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
        double joules = cpu.cpuJoules(start, end) + ramWatts * seconds;
        return new Measurement(seconds, joules, seconds > 0 ? joules / seconds : 0);
    }

    public boolean measured() {
        return cpu.measured();
    }

    /** E.g. "estimated (CodeCarbon cpu_load, machine, TDP 85.0 W) + RAM 20.0 W (CodeCarbon v3 rule)". */
    public String description() {
        return cpu.description() + " + RAM " + ramWatts + " W (estimated, CodeCarbon v3 rule)";
    }

    public double ramWatts() {
        return ramWatts;
    }
}
