package br.lncc.llm.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ChatML conversation format Qwen and SmolLM instruct models were tuned on:
 * <pre>
 * &lt;|im_start|&gt;system
 * You are a helpful assistant.&lt;|im_end|&gt;
 * &lt;|im_start|&gt;user
 * Olá!&lt;|im_end|&gt;
 * &lt;|im_start|&gt;assistant
 * </pre>
 * The seed experiments prompt with raw text, so the template is an option, off by default.
 * We do not run the Jinja source of tokenizer_config.json; we recognise ChatML in it and take
 * its default system message (Qwen2's "You are a helpful assistant.") from it.
 */
public record ChatTemplate(String defaultSystem) {

    public record Message(String role, String content) {}

    /** The folder's ChatML template, or null when tokenizer_config.json has none we recognise. */
    public static ChatTemplate read(Path folder) {
        Path file = folder.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(file)) return null;
        try {
            String source = new ObjectMapper().readTree(file.toFile()).path("chat_template").asText("");
            return fromJinja(source);
        } catch (IOException e) {
            return null;
        }
    }

    private static final Pattern DEFAULT_SYSTEM =
            Pattern.compile("<\\|im_start\\|>system\\\\n([^'\"<]*)<\\|im_end\\|>");

    static ChatTemplate fromJinja(String source) {
        if (!source.contains("<|im_start|>")) return null;
        Matcher m = DEFAULT_SYSTEM.matcher(source);
        return new ChatTemplate(m.find() ? m.group(1) : null);
    }

    /** The prompt text for these messages, ending with the assistant's turn opened when asked. */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        var b = new StringBuilder();
        boolean hasSystem = !messages.isEmpty() && messages.get(0).role().equals("system");
        if (!hasSystem && defaultSystem != null) append(b, "system", defaultSystem);
        for (Message m : messages) append(b, m.role(), m.content());
        if (addGenerationPrompt) b.append("<|im_start|>assistant\n");
        return b.toString();
    }

    /** One user turn, with an optional system message (null = the template's default). */
    public String userPrompt(String system, String user) {
        return system == null
                ? render(List.of(new Message("user", user)), true)
                : render(List.of(new Message("system", system), new Message("user", user)), true);
    }

    private static void append(StringBuilder b, String role, String content) {
        b.append("<|im_start|>").append(role).append('\n').append(content).append("<|im_end|>\n");
    }
}
