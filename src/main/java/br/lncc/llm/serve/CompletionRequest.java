package br.lncc.llm.serve;

import java.util.List;

/**
 * One OpenAI-style request, typed, with null meaning "not sent" (the checkpoint's
 * generation_config.json or OpenAI's default then applies; see {@link ServedModel#settingsFor}).
 *
 * @param maxTokens   max_tokens or max_completion_tokens; null = completions 16, chat the rest of the window
 * @param stop        up to 4 strings that end the answer (not included in it)
 * @param logprobs    how many alternatives to list per token (0 = no logprobs)
 */
public record CompletionRequest(
        PromptInput prompt, Integer maxTokens, Double temperature, Double topP, List<String> stop, Long seed,
        int logprobs) {

    public CompletionRequest {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** A request with only a prompt: every setting at its default. */
    public static CompletionRequest of(PromptInput prompt) {
        return new CompletionRequest(prompt, null, null, null, List.of(), null, 0);
    }
}
