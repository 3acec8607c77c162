package br.lncc.llm.platform;

/**
 * A main class for {@link PassiveOpenMpTest}: relaunches itself the way {@link Main} does, then
 * prints what the program would run with (the policy, whether it is the child, its arguments).
 */
public final class RelaunchProbe {
    private RelaunchProbe() {}

    public static void main(String[] args) {
        var relaunched = PassiveOpenMp.relaunchIfNeeded(RelaunchProbe.class, args);
        if (relaunched.isPresent()) System.exit(relaunched.get());
        System.out.println("policy=" + System.getenv(PassiveOpenMp.VARIABLE)
                + " child=" + (System.getenv(PassiveOpenMp.LAUNCHER_PID) != null)
                + " args=" + args.length + ":" + String.join("|", args));
        System.exit(args.length); // the launcher must hand the child's exit code back
    }
}
