package br.lncc.llm.bench.sentiment;

/** One review judged with both prompts; one JSONL line (snake_case in JSON). */
public record SampleResult(
        int index, String id, String label, String text, String predictionNormal, String predictionRepeated,
        boolean correctNormal, boolean correctRepeated, double latencyNormalS, double latencyRepeatedS,
        int tokensNormal, int tokensRepeated) {

    /** The two prompts disagree on correctness: the cases McNemar counts. */
    public boolean discordant() {
        return correctNormal != correctRepeated;
    }
}
