package br.lncc.llm.model;

import br.lncc.llm.text.Message;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Integer fields of config.json read strictly. Jackson's {@code asInt()} turns 2^32+307 into 307,
 * "64" into 64 and 64.9 into 64, and a 0 where a divisor is expected ends as an
 * ArithmeticException deep in a forward pass; here each is refused with the field's name.
 */
public final class ConfigInts {
    private ConfigInts() {}

    /** A field that must be there: a JSON integer in 1..2^31-1. */
    public static int positive(JsonNode config, String field) {
        if (!config.hasNonNull(field)) throw invalid(field, "missing");
        return check(config.get(field), field);
    }

    /** An optional field: {@code fallback} when absent or null, else a JSON integer in 1..2^31-1. */
    public static int positive(JsonNode config, String field, int fallback) {
        return config.hasNonNull(field) ? check(config.get(field), field) : fallback;
    }

    /** An optional count that may be 0 (e.g. max_window_layers): {@code fallback} when absent or null, else 0..2^31-1. */
    public static int nonNegative(JsonNode config, String field, int fallback) {
        if (!config.hasNonNull(field)) return fallback;
        JsonNode v = config.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new ModelException(Message.of("configints.negative", field, v.toString().length() > 40 ? v.toString().substring(0, 40) + "…"
                    : v.toString()), "config.json " + field + " = " + v, null);
        }
        return v.asInt();
    }

    private static int check(JsonNode v, String field) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) throw invalid(field, v.toString());
        return v.asInt();
    }

    private static ModelException invalid(String field, String found) {
        return new ModelException(Message.of("configints.notPositive", field, found.length() > 40 ? found.substring(0, 40) + "…" : found),
                "config.json " + field + " = " + found, null);
    }
}
