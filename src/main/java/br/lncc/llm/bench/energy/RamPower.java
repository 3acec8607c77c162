package br.lncc.llm.bench.energy;

/**
 * RAM power by CodeCarbon v3's rule: guess the number of DIMMs from the RAM size, 5 W per DIMM
 * on x86 (1.5 W on ARM) with diminishing watts per DIMM on big servers, and at least two DIMMs'
 * worth (10 W on x86, 3 W on ARM).
 */
public final class RamPower {
    private RamPower() {}

    public static int estimateDimms(double totalGb) {
        if (totalGb <= 2) return 1;
        if (totalGb <= 16) return 2;
        if (totalGb <= 64) return 4;
        if (totalGb <= 128) return 8;
        for (int size : new int[] {128, 64, 32, 16, 8, 4}) {
            if (size <= totalGb / 8) return (int) Math.min(32, Math.ceil(totalGb / size));
        }
        return 8;
    }

    public static double watts(double totalGb, boolean arm) {
        int dimms = estimateDimms(totalGb);
        double perDimm = arm ? 1.5 : 5.0;
        double minimum = arm ? 3.0 : 2 * perDimm;
        double w = perDimm * Math.min(dimms, 4)
                + perDimm * 0.9 * Math.max(0, Math.min(dimms, 8) - 4)
                + perDimm * 0.8 * Math.max(0, Math.min(dimms, 16) - 8)
                + perDimm * 0.7 * Math.max(0, dimms - 16);
        return Math.max(minimum, w);
    }

    /** This machine's total RAM in GB (10^9 bytes as CodeCarbon counts), from the JVM. */
    public static double machineTotalGb() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getTotalMemorySize() / 1e9;
        return 8;
    }

    public static boolean isArm() {
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        return arch.contains("arm") || arch.contains("aarch");
    }
}
