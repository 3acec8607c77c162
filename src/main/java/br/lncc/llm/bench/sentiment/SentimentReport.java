package br.lncc.llm.bench.sentiment;

import java.util.List;

/** The run file {@code sentiment_<model>.json}: settings, metrics and every sample. */
public record SentimentReport(
        String model, String dataset, int requested, long seed, int maxNewTokens, boolean complete,
        SentimentMetrics metrics, List<SampleResult> samples) {}
