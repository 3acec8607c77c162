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
    }

    private static final C LIBC = load();

    private static C load() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        try {
            return Native.load("c", C.class);
        } catch (Throwable e) { // UnsatisfiedLinkError, or a libc without malloc_trim
            return null;
        }
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
