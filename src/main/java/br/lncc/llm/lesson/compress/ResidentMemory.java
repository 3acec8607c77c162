package br.lncc.llm.lesson.compress;

import br.lncc.llm.train.PeakResidentMemory;

/**
 * The process's resident memory around a compression run (issue #14's budget: about 2× the
 * model's float32 size): the peak since {@link #start()} and the resident size now, in MiB.
 * On Linux the peak is VmHWM after a clear_refs reset; elsewhere it is unavailable (−1).
 */
public final class ResidentMemory {
    private final PeakResidentMemory peak = new PeakResidentMemory();

    private ResidentMemory() {}

    /** Starts measuring a peak from now. */
    public static ResidentMemory start() {
        var m = new ResidentMemory();
        m.peak.reset();
        return m;
    }

    public double peakMiB() {
        return peak.peakMiB();
    }

    /** How the peak was obtained ("CLEAR_REFS_VMHWM", "VMHWM_SINCE_START", "UNAVAILABLE"). */
    public String method() {
        return peak.source().name();
    }

    public static double residentMiB() {
        return PeakResidentMemory.residentMiB();
    }
}
