package br.lncc.llm.bench.shard;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The first line of a shard log: which experiment the records belong to and which part of it.
 * {@code experiment} holds everything that must be equal for two shards to be merged (model,
 * seed, dataset, prompts, the fingerprint of the item list, generation settings); {@code
 * environment} says where the shard ran (device, CPU, energy method) and may differ between nodes.
 * {@code itemIds} names every item of the whole experiment in the unsharded order (the sample's
 * review ids, the queries), so a merge can name the items no shard has delivered.
 */
public record ShardHeader(Kind kind, int index, int count, Map<String, String> experiment, List<String> itemIds,
                          Map<String, String> environment) {

    /** The experiments that can be sharded. */
    public enum Kind {
        @JsonProperty("sentiment") SENTIMENT,
        @JsonProperty("energy") ENERGY
    }

    /** How the header is written as a JSONL line, so it cannot be mistaken for a record. */
    record Line(ShardHeader shardHeader) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    public ShardHeader {
        experiment = new TreeMap<>(experiment);
        environment = new TreeMap<>(environment);
        itemIds = List.copyOf(itemIds);
    }

    /** A header for this shard of an experiment; the item ids' fingerprint joins its settings. */
    public static ShardHeader of(Kind kind, Shard shard, Map<String, String> experiment, List<String> itemIds,
                                 Map<String, String> environment) {
        var settings = new TreeMap<>(experiment);
        settings.put("items_fingerprint", fingerprint(itemIds));
        return new ShardHeader(kind, shard.index(), shard.count(), settings, itemIds, environment);
    }

    /** How many items the whole experiment has (all shards together). */
    public int items() {
        return itemIds.size();
    }

    public Shard shard() {
        return new Shard(index, count);
    }

    /** The header of a log's first line, or empty when that line is a record or something else. */
    public static Optional<ShardHeader> of(JsonNode firstLine) {
        if (firstLine == null || !firstLine.has("shard_header")) return Optional.empty();
        try {
            return Optional.of(JSON.treeToValue(firstLine.get("shard_header"), ShardHeader.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The first setting in which {@code other} differs from this header's experiment, as
     * {field, theirs, ours}; empty when both are parts of the same experiment.
     */
    public Optional<List<String>> difference(ShardHeader other) {
        if (kind != other.kind) return Optional.of(List.of("kind", name(other.kind), name(kind)));
        if (count != other.count) return Optional.of(List.of("shards", String.valueOf(other.count), String.valueOf(count)));
        if (items() != other.items()) return Optional.of(List.of("items", String.valueOf(other.items()), String.valueOf(items())));
        // settings a person chose (seed, model) are named before the fingerprints they lead to
        var keys = new java.util.TreeSet<String>(java.util.Comparator.comparing((String k) -> k.endsWith("_fingerprint"))
                .thenComparing(java.util.Comparator.naturalOrder()));
        keys.addAll(experiment.keySet());
        keys.addAll(other.experiment.keySet());
        for (String k : keys) {
            String ours = experiment.get(k), theirs = other.experiment.get(k);
            if (!java.util.Objects.equals(ours, theirs)) return Optional.of(List.of(k, String.valueOf(theirs), String.valueOf(ours)));
        }
        return Optional.empty();
    }

    static String name(Kind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A short, stable fingerprint of a list of texts (SHA-256 of the texts joined by newlines, 16
     * hex digits): two shards that drew different samples or read different query files differ
     * here even when every other setting is equal.
     */
    public static String fingerprint(List<String> texts) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            for (String t : texts) {
                sha.update(t.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
