package br.lncc.llm.lesson.compress;

import br.lncc.llm.generate.ChatTemplate;
import br.lncc.llm.generate.GenerationConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * How the lab prompts the model for its sample generations. Seed 004 generates through
 * {@code generate_with_chat_template}: one user turn in the checkpoint's chat template, the
 * assistant's turn opened, the answer decoded without special tokens. An instruct checkpoint
 * (Qwen2.5-Instruct, SmolLM2-Instruct: ChatML in tokenizer_config.json) is prompted that way and
 * stops on every end id of its generation_config.json, as Hugging Face's generate() does; a base
 * model or the course model has no template and gets the raw prompt.
 *
 * @param template the checkpoint's chat template, or null for the raw prompt
 * @param stopTokenIds ids that end an answer besides config.json's eos (e.g. Qwen's &lt;|im_end|&gt; and &lt;|endoftext|&gt;)
 */
public record Prompting(ChatTemplate template, List<Long> stopTokenIds) {
    public Prompting {
        stopTokenIds = List.copyOf(stopTokenIds);
    }

    /** The raw prompt, stopping only on the model's own eos. */
    public static final Prompting RAW = new Prompting(null, List.of());

    /** What a Hugging Face folder asks for: its ChatML template when it has one, and its generation_config.json end ids. */
    public static Prompting of(Path folder) {
        return new Prompting(ChatTemplate.read(folder), GenerationConfig.read(folder).eosTokenIds());
    }

    public boolean chat() {
        return template != null;
    }
}
