package br.lncc.llm.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory, measured by the kernel: on Linux, writing "5" to
 * /proc/self/clear_refs resets the high-water mark VmHWM to the current resident size, so the
 * VmHWM read afterwards is the peak of whatever ran in between (native libtorch buffers included,
 * which the JVM's own memory beans do not see). Where the reset is refused the mark covers the
 * whole process life; where /proc does not exist nothing is measured. {@link #source()} says which.
 */
public final class PeakResidentMemory {
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path STATUS = Path.of("/proc/self/status");

    /** How a peak was obtained, as the benchmark's JSON reports it. */
    public enum Source {
        /** VmHWM after a clear_refs reset: the peak of the measured interval. */
        CLEAR_REFS_VMHWM,
        /** VmHWM without a reset: the peak since the process started. */
        VMHWM_SINCE_START,
        /** No /proc (not Linux): no measurement. */
        UNAVAILABLE
    }

    private Source source = Source.UNAVAILABLE;

    /** Starts an interval; returns how its peak will be measured. */
    public Source reset() {
        if (!Files.isReadable(STATUS)) return source = Source.UNAVAILABLE;
        try {
            Files.writeString(CLEAR_REFS, "5");
            source = Source.CLEAR_REFS_VMHWM;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            source = Source.VMHWM_SINCE_START;
        }
        return source;
    }

    public Source source() {
        return source;
    }

    /** VmHWM in MiB, or −1 when unavailable. */
    public double peakMiB() {
        return statusKiB("VmHWM:") / 1024.0;
    }

    /** VmRSS in MiB, or −1 when unavailable. */
    public static double residentMiB() {
        return statusKiB("VmRSS:") / 1024.0;
    }

    private static double statusKiB(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1024;
        }
        return -1024;
    }
}
