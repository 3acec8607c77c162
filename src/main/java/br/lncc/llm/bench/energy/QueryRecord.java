package br.lncc.llm.bench.energy;

/**
 * One query of the energy benchmark, one JSONL line; field names (snake_case in JSON) are the
 * seed's query_history schema. {@code timestamp} is the 1-based order of the query, as the seed
 * defines it; {@code startedAt} is the wall-clock time (ISO-8601).
 */
public record QueryRecord(
        int timestamp, String query, String response, double durationS, int tokensInput, int tokensOutput,
        double emissions, double energyKwh, double powerW, double ramMb, String startedAt) {}
