package br.lncc.llm.lesson.compress;

import br.lncc.llm.platform.PeakResidentMemory;

/**
 * The process's resident memory around a compression run (issue #14's budget: about 2× the
 * model's float32 size): the peak since {@link #start()}, the resident size now, and the peak of
 * each phase (loading, calibration, baseline, each condition) so a report says where the peak is.
 * On Linux a peak is VmHWM after a clear_refs reset; elsewhere it is unavailable (−1).
 */
public final class ResidentMemory {
    private final PeakResidentMemory peak = new PeakResidentMemory();
    private double earlierPhasesPeak = -1;

    /** One phase's peak (VmHWM while it ran) and the resident size (VmRSS) when it ended, in MiB. */
    public record Phase(double peakMiB, double residentAtEndMiB) {}

    private ResidentMemory() {}

    /** Starts measuring a peak from now. */
    public static ResidentMemory start() {
        var m = new ResidentMemory();
        m.peak.reset();
        return m;
    }

    /**
     * Ends the phase running since {@link #start()} or the previous call and starts the next one.
     * Where clear_refs is refused the phases' peaks are all the peak since the process started.
     */
    public Phase endPhase() {
        var p = new Phase(peak.peakMiB(), residentMiB());
        earlierPhasesPeak = Math.max(earlierPhasesPeak, p.peakMiB());
        peak.reset();
        return p;
    }

    /** The peak since {@link #start()}, over every phase. */
    public double peakMiB() {
        return Math.max(earlierPhasesPeak, peak.peakMiB());
    }

    /** How the peak was obtained ("CLEAR_REFS_VMHWM", "VMHWM_SINCE_START", "UNAVAILABLE"). */
    public String method() {
        return peak.source().name();
    }

    public static double residentMiB() {
        return PeakResidentMemory.residentMiB();
    }
}
