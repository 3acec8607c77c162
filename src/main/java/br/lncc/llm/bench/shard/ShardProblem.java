package br.lncc.llm.bench.shard;

import java.nio.file.Path;
import java.util.List;

/**
 * Why a sharded run or a merge cannot go on, as data: the command line and the Benchmark tab each
 * word it in the user's language.
 */
public sealed interface ShardProblem {

    /** A shard file whose first line is not a shard header (some other log under that name). */
    record NotAShardLog(Path file) implements ShardProblem {}

    /** A shard file of another experiment: {@code field} is {@code found} there but {@code expected} here. */
    record OtherExperiment(Path file, String field, String found, String expected) implements ShardProblem {}

    /** A fresh (not resumed) shard run over a shard log that already holds records. */
    record AlreadyHasResults(Path file, int records) implements ShardProblem {}

    /** A merge over a folder without any shard-I-of-N.jsonl. */
    record NoShards(Path dir) implements ShardProblem {}

    /**
     * Shard files that are not parts of the experiment most shard files in the folder belong to:
     * each an {@link OtherExperiment} (with its first differing setting) or a {@link NotAShardLog}.
     */
    record MixedExperiments(List<ShardProblem> foreign) implements ShardProblem {}

    /** Items recorded more than once (the same item in two shards, or twice in one). */
    record Duplicates(List<ShardMerge.Duplicate> duplicates) implements ShardProblem {}
}
