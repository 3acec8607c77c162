package br.lncc.llm.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Gives memory that libtorch freed back to the operating system. glibc keeps freed blocks below
 * its mmap threshold (up to 32 MB) in its arenas for reuse, so after a few forward passes over a
 * 152k-token vocabulary the process stays gigabytes above what it uses: the compression lab on a
 * 0.5B Qwen2 held 1.6 GB this way after calibration (issue #14). {@code malloc_trim(0)} returns
 * the free pages. A no-op where there is no glibc (macOS, Windows, musl); JNA ships with DJL.
 */
public final class NativeHeap {
    private NativeHeap() {}

    private interface C extends Library {
        int malloc_trim(long pad);

        int mallopt(int param, int value);
    }

    /** glibc's mallopt parameters (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's own ceiling for its dynamic mmap threshold (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit). */
    static final int REUSE_BELOW_BYTES = 32 << 20;
    /** Free memory an arena may keep at its top before giving it back. */
    static final int KEEP_FREE_BYTES = 64 << 20;
    private static volatile boolean reusing;

    private static final C LIBC = load();

    private static C load() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        try {
            return Native.load("c", C.class);
        } catch (Throwable e) { // UnsatisfiedLinkError, or a libc without malloc_trim
            return null;
        }
    }

    /**
     * Makes glibc keep blocks below 32 MB that libtorch frees, for the next allocation of the same
     * size, instead of handing their pages back to the kernel. A training step allocates and frees
     * the same activations and gradients every step (1.5 MB each for the (B, T, 4C) of the
     * pre-training benchmark). Measured on that run, one thread: ~3,600 page faults per step
     * without this and ~120 with it; the backward pass took 81–105 ms of CPU against PyTorch's
     * 45 ms, and 50–64 ms with it. (Python keeps these pages by itself: glibc raises its thresholds
     * as it sees large blocks freed; in this JVM that adaptation did not keep them.) Both thresholds
     * are set together because setting either one turns glibc's adaptation off for both; the one
     * trim afterwards was needed too (set late, after libtorch and the model had allocated, the
     * thresholds alone left ~900 faults per step). {@link #trim()} still returns free pages on
     * demand. Process-wide and idempotent; a no-op without glibc. Returns whether it is in effect.
     */
    public static boolean reuseFreedBlocks() {
        if (LIBC == null) return false;
        if (reusing) return true;
        try {
            reusing = LIBC.mallopt(M_MMAP_THRESHOLD, REUSE_BELOW_BYTES) == 1 && LIBC.mallopt(M_TRIM_THRESHOLD, KEEP_FREE_BYTES) == 1;
            if (reusing) LIBC.malloc_trim(0);
        } catch (Throwable e) { // a libc without mallopt
            reusing = false;
        }
        return reusing;
    }

    /** Returns free heap pages to the OS; true when some were released. */
    public static boolean trim() {
        if (LIBC == null) return false;
        try {
            return LIBC.malloc_trim(0) == 1;
        } catch (Throwable e) {
            return false;
        }
    }
}
