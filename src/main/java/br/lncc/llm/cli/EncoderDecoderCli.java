package br.lncc.llm.cli;

import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationConfig;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.PromptWindow;
import br.lncc.llm.generate.Sampler;
import br.lncc.llm.lesson.ch05.PromptingLab;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Messages;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code generate}, {@code logits} and {@code attention} for T5 / FLAN-T5 folders (Cap. 5), with
 * the same JSON fields as the causal path. The work is {@link PromptingLab}'s; this class only
 * prints. For an encoder-decoder: {@code prompt_ids} are the encoder's input, {@code ids} the
 * decoder's answer, {@code full_text} the answer alone (it does not continue the prompt); logits
 * are those of the decoder's first position; attention is the encoder's self-attention.
 */
final class EncoderDecoderCli {
    private EncoderDecoderCli() {}

    static boolean isT5(Path folder) {
        return PromptingLab.isT5(folder);
    }

    /** The folder when {@code --model} names a T5 (so BERT and causal models keep their paths). */
    static java.util.Optional<Path> t5Folder(String model) {
        if (br.lncc.llm.hub.EmbeddedModel.isEmbeddedId(model.trim())) return java.util.Optional.empty();
        try {
            Path folder = ModelArgument.folder(model);
            return isT5(folder) ? java.util.Optional.of(folder) : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // not loadable: the other paths report the problem
        }
    }

    static String text(String key, Object... args) {
        return Messages.render(CompanionCommand.language(), key, args);
    }

    private static PromptingLab open(Path folder) {
        return PromptingLab.open(folder);
    }

    private static void warnIfCut(PromptingLab lab, String input, ObjectNode json) {
        int tokens = lab.inputTokens(input);
        if (tokens <= lab.window()) return;
        String notice = text("t5.cli.truncated", tokens, lab.window());
        if (json == null) {
            System.err.println(notice);
        } else {
            json.put("truncated", true);
            json.put("original_prompt_tokens", tokens);
            json.put("notice", notice);
        }
    }

    static int generate(Path folder, String prompt, GenerationConfig.Resolved resolved, boolean json) {
        GenerationSettings settings = resolved.settings();
        try (PromptingLab lab = open(folder)) {
            if (!json) {
                System.err.println(text("t5.cli.generating"));
                GenerateCommand.printSettings(resolved);
                warnIfCut(lab, prompt, null);
            }
            Generator.TokenListener stream = json ? Generator.TokenListener.NONE : new StreamedText(lab::decode);
            Generation g = lab.generate(prompt, settings, stream, ProgressSink.NONE);
            String answer = lab.decode(g.newIds());
            if (json) {
                var window = new PromptWindow(g.promptIds(), g.promptIds().length, lab.window(), false);
                ObjectNode out = GenerateCommand.toJson(g, answer, answer, window, settings.strategy());
                warnIfCut(lab, prompt, out);
                var sources = out.putArray("settings_sources");
                resolved.sources().forEach(sources::add);
                out.put("repetition_penalty", settings.repetitionPenalty());
                out.put("chat_template", "none");
                out.put("architecture", "t5");
                out.put("use_cache", settings.useCache());
                System.out.println(out);
            } else {
                System.out.println();
                System.err.println(text("t5.cli.stats", g.newIds().length,
                        text(settings.useCache() ? "t5.cli.cache" : "t5.cli.noCache"), g.prefillMs(),
                        Arrays.stream(g.msPerToken()).average().orElse(Double.NaN), g.stopReason()));
            }
        }
        return 0;
    }

    static int logits(Path folder, String input, int top, boolean json) {
        try (PromptingLab lab = open(folder)) {
            PromptingLab.FirstLogits first = lab.firstLogits(input);
            if (json) {
                ObjectNode out = new ObjectMapper().createObjectNode();
                var ids = out.putArray("ids");
                for (long id : first.encoderIds()) ids.add(id);
                var l = out.putArray("logits");
                for (float f : first.logits()) l.add(f);
                out.put("architecture", "t5");
                out.put("position", "decoder_first");
                warnIfCut(lab, input, out);
                System.out.println(out);
            } else {
                warnIfCut(lab, input, null);
                System.out.println(text("t5.cli.logitsHeader", first.encoderIds().length));
                double[] d = new double[first.logits().length];
                for (int i = 0; i < d.length; i++) d[i] = first.logits()[i];
                int[] order = Sampler.descendingOrder(d);
                for (int r = 0; r < Math.min(top, order.length); r++) {
                    int id = order[r];
                    System.out.printf(Locale.ROOT, "%3d. %-20s id=%-6d logit=%.4f%n", r + 1,
                            "'" + lab.decode(new long[] {id}) + "'", id, first.logits()[id]);
                }
            }
        }
        return 0;
    }

    static int attention(Path folder, String input, int layer, int head, boolean json) {
        if (input == null || input.isBlank()) throw new ModelException("t5.emptyText", new Object[0], "empty input");
        try (PromptingLab lab = open(folder)) {
            PromptingLab.EncoderAttention a = lab.encoderAttention(input, layer, head);
            if (json) {
                ObjectNode out = AttentionMatrixText.json(List.of(a.tokens()), a.matrix());
                out.put("architecture", "t5");
                out.put("stack", "encoder");
                warnIfCut(lab, input, out);
                System.out.println(out);
            } else {
                warnIfCut(lab, input, null);
                System.out.println(text("t5.cli.attentionHeader", layer, head));
                AttentionMatrixText.printRows(List.of(a.tokens()), a.matrix());
            }
        }
        return 0;
    }
}
