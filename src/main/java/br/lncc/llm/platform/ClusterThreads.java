package br.lncc.llm.platform;

import java.util.Map;

/**
 * On a Slurm node the job owns {@code SLURM_CPUS_PER_TASK} cores, not the whole machine: libtorch
 * would otherwise start one thread per core it sees and the tasks sharing a node would fight over
 * them. The thread count must be set before the engine loads; an explicit
 * {@code -Dai.djl.pytorch.num_threads} wins.
 */
public final class ClusterThreads {
    static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private ClusterThreads() {}

    public static void apply(Map<String, String> env) {
        threads(env, System.getProperty(PROPERTY)).ifPresent(n -> System.setProperty(PROPERTY, String.valueOf(n)));
    }

    static java.util.Optional<Integer> threads(Map<String, String> env, String explicit) {
        if (explicit != null) return java.util.Optional.empty();
        String cpus = env.get("SLURM_CPUS_PER_TASK");
        if (cpus == null) return java.util.Optional.empty();
        try {
            int n = Integer.parseInt(cpus.strip());
            return n >= 1 ? java.util.Optional.of(n) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
