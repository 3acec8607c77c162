package br.lncc.llm.bench;

/**
 * What the benchmarks need from a language model: greedy continuation of a prompt, with token
 * counts. Kept this small so the runners are tested on any causal LM (a tiny fixture in tests,
 * GPT-2 or a Llama-family model in the app).
 */
public interface TextCompleter extends AutoCloseable {

    /** The model's name as the results record it (e.g. "gpt2"). */
    String name();

    /** Greedy decoding of at most {@code maxNewTokens} tokens after {@code prompt}. */
    Completion complete(String prompt, int maxNewTokens);

    /**
     * {@code text} is the generated continuation only, without the prompt; {@code inputTokens}
     * counts the whole prompt; {@code truncated} says the model saw only the prompt's end
     * because it did not fit the context window.
     */
    record Completion(String text, int inputTokens, int outputTokens, boolean truncated) {
        public Completion(String text, int inputTokens, int outputTokens) {
            this(text, inputTokens, outputTokens, false);
        }
    }

    /** The checkpoint folder behind the model, for the experiment record's file hashes; null when there is none. */
    default java.nio.file.Path folder() {
        return null;
    }

    @Override
    default void close() {}
}
