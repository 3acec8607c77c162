package br.lncc.llm.bench.shard;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;
import java.nio.file.Path;
import java.util.List;

/**
 * A sharded run or merge that stops; {@link #problem()} says why as data (tests and the Benchmark
 * tab read it), the message is its wording in the shard.* keys.
 */
public final class ShardException extends CompanionException {
    private final ShardProblem problem;

    public ShardException(ShardProblem problem) {
        super(message(problem), "", null);
        this.problem = problem;
    }

    public ShardProblem problem() {
        return problem;
    }

    /** The wording of a problem (pt-BR and English in text/shard*.properties). */
    public static Message message(ShardProblem problem) {
        if (problem instanceof ShardProblem.NotAShardLog p) return Message.of("shard.notAShardLog", name(p.file()), parent(p.file()));
        if (problem instanceof ShardProblem.OtherExperiment p) {
            return Message.of("shard.otherExperiment", name(p.file()), p.field(), p.found(), p.expected());
        }
        if (problem instanceof ShardProblem.AlreadyHasResults p) return Message.of("shard.alreadyHasResults", name(p.file()), p.records());
        if (problem instanceof ShardProblem.NoShards p) return Message.of("shard.noShards", p.dir().toString());
        if (problem instanceof ShardProblem.MixedExperiments p) {
            return Message.of("shard.mixed", joined(p.foreign().stream().map(ShardException::message).toList()));
        }
        var p = (ShardProblem.Duplicates) problem;
        List<Message> each = p.duplicates().stream().limit(10)
                .map(d -> Message.of("shard.duplicate", d.model().isEmpty() ? "" : d.model() + " ", String.valueOf(d.item()), d.id(),
                        String.join(" + ", d.files())))
                .toList();
        return Message.of("shard.duplicates", joined(each), p.duplicates().size());
    }

    /** Several messages as one, "a; b; c", each rendered in the reader's language. */
    static Message joined(List<Message> parts) {
        if (parts.isEmpty()) return Message.literal("");
        Message m = parts.get(parts.size() - 1);
        for (int i = parts.size() - 2; i >= 0; i--) m = Message.of("shard.join", parts.get(i), m);
        return m;
    }

    private static String name(Path file) {
        return String.valueOf(file.getFileName());
    }

    private static String parent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? "." : parent.toString();
    }
}
