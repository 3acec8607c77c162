package br.lncc.llm.bench.shard;

/** A sharded run or merge that stops; {@link #problem()} says why (worded by the CLI or the UI). */
public final class ShardException extends RuntimeException {
    private final ShardProblem problem;

    public ShardException(ShardProblem problem) {
        super(problem.toString()); // technical detail; users see the worded problem
        this.problem = problem;
    }

    public ShardProblem problem() {
        return problem;
    }
}
