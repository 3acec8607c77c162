package br.lncc.llm.bench.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Part {@code index} of {@code count} of one experiment's work items. Items are numbered 1..total
 * in the unsharded run's order (the seed's sample order, the queries file's order); item {@code i}
 * belongs to shard {@code ((i - 1) mod count) + 1}. Dealing the items out like cards keeps the
 * shards within one item of each other, keeps an item in the same shard when a later run asks for
 * more items (a larger {@code --n} with the same seed extends the sample), and spreads long and
 * short items evenly when their length drifts along the file.
 */
public record Shard(int index, int count) {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");
    private static final Pattern FILE = Pattern.compile("shard-(\\d{1,9})-of-(\\d{1,9})\\.jsonl");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " outside 1 ≤ I ≤ N");
        }
    }

    /** "2/3" → shard 2 of 3; anything else (0/3, 4/3, a/b) is empty. */
    public static Optional<Shard> parse(String text) {
        if (text == null) return Optional.empty();
        var m = TEXT.matcher(text);
        if (!m.matches()) return Optional.empty();
        int i = Integer.parseInt(m.group(1)), n = Integer.parseInt(m.group(2));
        return n >= 1 && i >= 1 && i <= n ? Optional.of(new Shard(i, n)) : Optional.empty();
    }

    /** The shard a log file belongs to, from its name {@code shard-I-of-N.jsonl}. */
    public static Optional<Shard> ofFileName(String name) {
        var m = FILE.matcher(name);
        if (!m.matches()) return Optional.empty();
        return parse(m.group(1) + "/" + m.group(2));
    }

    public static boolean looksLikeShardFile(String name) {
        return name.startsWith("shard-") && name.endsWith(".jsonl");
    }

    /** Whether item {@code item} (1-based, unsharded order) is this shard's. */
    public boolean owns(int item) {
        return item >= 1 && (item - 1) % count == index - 1;
    }

    /** This shard's items among 1..total, ascending; empty when there are more shards than items. */
    public List<Integer> items(int total) {
        List<Integer> items = new ArrayList<>();
        for (int i = index; i <= total; i += count) items.add(i);
        return items;
    }

    public String fileName() {
        return "shard-" + index + "-of-" + count + ".jsonl";
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
