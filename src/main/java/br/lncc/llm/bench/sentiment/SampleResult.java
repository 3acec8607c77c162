package br.lncc.llm.bench.sentiment;

/**
 * One review judged with both prompts; one JSONL line (snake_case in JSON). {@code truncated}:
 * a prompt did not fit the model's context window and only its end was fed.
 */
public record SampleResult(
        int index, String id, String label, String text, String predictionNormal, String predictionRepeated,
        boolean correctNormal, boolean correctRepeated, double latencyNormalS, double latencyRepeatedS,
        int tokensNormal, int tokensRepeated, boolean truncated) {

    /** The two prompts disagree on correctness: the cases McNemar counts. */
    public boolean discordant() {
        return correctNormal != correctRepeated;
    }
}
