package br.lncc.llm.serve;

import br.lncc.llm.generate.ChatTemplate;
import java.util.List;

/** What a client sent to continue: raw text ({@code /v1/completions}) or a conversation ({@code /v1/chat/completions}). */
public sealed interface PromptInput {

    /** Text the model continues as is, the way the book's experiments prompt (Cap. 4.8). */
    record RawText(String text) implements PromptInput {}

    /** Messages with roles system / user / assistant, in order. */
    record Conversation(List<ChatTemplate.Message> messages) implements PromptInput {
        public Conversation {
            messages = List.copyOf(messages);
        }
    }
}
