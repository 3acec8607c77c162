package br.lncc.llm.bench.shard;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a shard ran, kept in its header (not compared by the merge: the nodes of one job may
 * differ): the host, the Slurm job and task when there is one, and the device and thread count
 * libtorch used.
 */
public final class RunEnvironment {
    private RunEnvironment() {}

    public static Map<String, String> describe(Map<String, String> env) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", host(env));
        String job = env.get("SLURM_ARRAY_JOB_ID") != null
                ? env.get("SLURM_ARRAY_JOB_ID") + "_" + env.getOrDefault("SLURM_ARRAY_TASK_ID", "?")
                : env.get("SLURM_JOB_ID");
        if (job != null) m.put("slurm_job", job);
        m.put("device", device());
        return m;
    }

    /** libtorch's default device and intra-op threads, e.g. "cpu() × 2 threads" or "gpu(0)". */
    public static String device() {
        try {
            var engine = ai.djl.engine.Engine.getInstance();
            var device = engine.defaultDevice();
            String threads = System.getProperty("ai.djl.pytorch.num_threads");
            return device + (device.isGpu() ? "" : " × " + (threads != null ? threads : Runtime.getRuntime().availableProcessors()) + " threads");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String host(Map<String, String> env) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return env.getOrDefault("HOSTNAME", "?");
        }
    }
}
