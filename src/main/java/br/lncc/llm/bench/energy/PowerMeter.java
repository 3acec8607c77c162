package br.lncc.llm.bench.energy;

/**
 * CPU energy between two snapshots: read from hardware counters (RAPL) or estimated from CPU
 * load and the processor's TDP (CodeCarbon's fallback). RAM is added separately by
 * {@link EnergyMeter} with {@link RamPower}.
 */
public interface PowerMeter {

    /** Counters at one instant; {@code values} mean whatever the meter needs. */
    record Snapshot(long nanoTime, double[] values) {}

    Snapshot snapshot();

    /** CPU energy in joules consumed between two snapshots. */
    double cpuJoules(Snapshot from, Snapshot to);

    /** True when the energy comes from hardware counters, false when it is an estimate. */
    boolean measured();

    /** What the result file and the UI say about the method, e.g. "measured (RAPL)". */
    String description();
}
