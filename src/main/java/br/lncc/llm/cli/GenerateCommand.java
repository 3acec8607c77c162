package br.lncc.llm.cli;

import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationConfig;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.generate.PromptWindow;
import br.lncc.llm.generate.Strategy;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.model.ModelException;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Text generation with a causal model (GPT-2, Llama family, Phi) or a T5 (the encoder reads the
 * prompt, the decoder writes the answer: {@link EncoderDecoderCli}): greedy or sampling, with or
 * without the KV cache, optionally inside the model's ChatML template, with the checkpoint's
 * generation_config.json defaults shown and applied where nothing was set explicitly.
 */
@Command(name = "generate", mixinStandardHelpOptions = true)
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--prompt", required = true)
    String prompt;

    @Option(names = "--max-new-tokens", defaultValue = "30")
    int maxNewTokens;

    @ArgGroup(exclusive = true)
    Decoding decoding = new Decoding();

    static final class Decoding {
        @Option(names = "--greedy")
        boolean greedy;

        @ArgGroup(exclusive = false)
        Sampling sampling;
    }

    static final class Sampling {
        @Option(names = "--temperature", defaultValue = "1.0")
        double temperature = 1.0;

        @Option(names = "--top-p", defaultValue = "1.0")
        double topP = 1.0;

        @Option(names = "--top-k", defaultValue = "0")
        int topK;

        @Option(names = "--seed", defaultValue = "0")
        long seed;
    }

    @Option(names = "--repetition-penalty", defaultValue = "1.0")
    double repetitionPenalty;

    @Option(names = "--no-cache")
    boolean noCache;

    @Option(names = "--ignore-eos")
    boolean ignoreEos;

    @Option(names = "--json")
    boolean json;

    @Option(names = "--chat")
    boolean chat;

    @Option(names = "--system")
    String system;

    @Option(names = "--ignore-generation-config")
    boolean ignoreGenerationConfig;

    @Spec
    CommandSpec spec;

    private boolean given(String option) {
        return spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** What the student set on the command line (null: not set); the lab's policy fills the rest. */
    private GenerationConfig.Explicit explicit() {
        Sampling s = decoding.sampling;
        boolean anySampling = s != null && (given("--temperature") || given("--top-p") || given("--top-k"));
        Boolean greedy = decoding.greedy ? Boolean.TRUE : anySampling ? Boolean.FALSE : null;
        return new GenerationConfig.Explicit(
                greedy,
                s != null && given("--temperature") ? s.temperature : null,
                s != null && given("--top-k") ? s.topK : null,
                s != null && given("--top-p") ? s.topP : null,
                given("--repetition-penalty") ? repetitionPenalty : null,
                maxNewTokens,
                s != null && given("--seed") ? s.seed : null);
    }

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            if (prompt.isBlank()) throw new ModelException("generate.prompt.empty", new Object[0], null);
            if (maxNewTokens < 1) throw new IllegalArgumentException(CompanionCommand.text("cli.generate.maxNewTokens"));
            if (system != null && !chat) throw new IllegalArgumentException(CompanionCommand.text("cli.generate.systemNeedsChat"));
            if (decoding.sampling != null) {
                Strategy.of(decoding.sampling.temperature, decoding.sampling.topK, decoding.sampling.topP); // validates
            }
            java.nio.file.Path folder = ModelArgument.folder(model);
            if (EncoderDecoderCli.isT5(folder)) {
                if (chat) throw new IllegalArgumentException(EncoderDecoderCli.text("t5.cli.noChat"));
                GenerationConfig.Resolved resolved = GenerationLab.resolve(GenerationConfig.read(folder), explicit(),
                        !ignoreGenerationConfig, !ignoreEos, !noCache);
                return EncoderDecoderCli.generate(folder, prompt, resolved, json);
            }
            try (GenerationLab m = GenerationLab.open(folder)) {
                GenerationConfig checkpoint = GenerationConfig.read(folder);
                GenerationConfig.Resolved resolved = GenerationLab.resolve(checkpoint, explicit(), !ignoreGenerationConfig,
                        !ignoreEos, !noCache);
                GenerationSettings settings = resolved.settings();
                Strategy strategy = settings.strategy();
                if (chat) m.chatTemplate(); // refused before anything is printed when the folder has none
                if (!json) {
                    printSettings(resolved);
                    if (checkpoint.imposesSampling() && ignoreGenerationConfig) {
                        System.err.println(CompanionCommand.text("cli.generate.samplingIgnored"));
                    }
                }
                // The lab's rule (chat-aware): the generation page cuts the same prompt the same way.
                PromptWindow w = m.fit(prompt, maxNewTokens, chat, system);
                if (!json) TruncationNotice.warn(w.truncated(), w.notice());
                Generator.TokenListener stream = json ? Generator.TokenListener.NONE : new StreamedText(m::decode);
                Generation g = m.generateAsResolved(w.ids(), settings, stream, ProgressSink.NONE);
                String text = m.decode(g.newIds());
                if (json) {
                    ObjectNode out = toJson(g, text, m.decode(g.allIds()), w, strategy);
                    var sources = out.putArray("settings_sources");
                    resolved.sources().forEach(sources::add);
                    out.put("repetition_penalty", settings.repetitionPenalty());
                    out.put("chat_template", chat ? "chatml" : "none");
                    out.set("checkpoint_defaults", new ObjectMapper().valueToTree(checkpoint));
                    System.out.println(out);
                } else {
                    System.out.println();
                    System.err.println(CompanionCommand.text("cli.generate.stats", g.newIds().length,
                            CompanionCommand.text(noCache ? "cli.generate.noCache" : "cli.generate.cache"), g.prefillMs(),
                            Arrays.stream(g.msPerToken()).average().orElse(Double.NaN), g.stopReason()));
                }
            }
            return 0;
        });
    }

    /** The settings line on stderr before the text (the same for causal models and T5): where each setting came from. */
    static void printSettings(GenerationConfig.Resolved resolved) {
        System.err.println(CompanionCommand.text("cli.generate.settings", String.join(", ",
                resolved.reasons().stream().map(m -> m.render(CompanionCommand.language())).toList())));
    }

    static ObjectNode toJson(Generation g, String text, String fullText, PromptWindow w, Strategy strategy) {
        ObjectNode out = new ObjectMapper().createObjectNode();
        var ids = out.putArray("ids");
        for (long id : g.newIds()) ids.add(id);
        out.put("text", text);
        out.put("prefill_ms", g.prefillMs());
        var ms = out.putArray("ms_per_token");
        for (double d : g.msPerToken()) ms.add(d);
        var prompt = out.putArray("prompt_ids");
        for (long id : g.promptIds()) prompt.add(id);
        out.put("full_text", fullText);
        out.put("stop_reason", g.stopReason().name().toLowerCase(Locale.ROOT));
        out.put("strategy", strategy.toString());
        out.put("truncated", w.truncated());
        if (w.truncated()) {
            out.put("original_prompt_tokens", w.originalLength());
            out.put("notice", w.notice().render(CompanionCommand.language()));
        }
        return out;
    }
}
