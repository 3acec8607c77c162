package br.lncc.llm.generate;

import br.lncc.llm.model.ModelException;
import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sampling defaults a checkpoint ships in {@code generation_config.json}. Hugging Face's
 * {@code model.generate()} applies them silently: Qwen2-1.5B-Instruct's file sets
 * do_sample=true, temperature 0.7, top_p 0.8, top_k 20, repetition_penalty 1.1, so a notebook
 * call "without sampling options" (N3) is not greedy at all. Here they are shown, and the
 * student's explicit settings win field by field.
 *
 * <p>Fields are null when the file does not set them.
 */
public record GenerationConfig(
        Boolean doSample, Double temperature, Integer topK, Double topP, Double repetitionPenalty,
        Integer maxNewTokens, List<Long> eosTokenIds) {

    public static final String FILE_NAME = "generation_config.json";

    public static final GenerationConfig NONE = new GenerationConfig(null, null, null, null, null, null, List.of());

    /** The folder's generation_config.json, or {@link #NONE} when it has none. */
    public static GenerationConfig read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return NONE;
        try {
            return fromJson(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new ModelException(br.lncc.llm.text.Message.of("generate.config.invalidJson", file, String.valueOf(e.getMessage())),
                    String.valueOf(e), e);
        }
    }

    public static GenerationConfig fromJson(JsonNode j) {
        List<Long> eos = new ArrayList<>();
        JsonNode e = j.path("eos_token_id");
        if (e.isArray()) e.forEach(n -> eos.add(n.asLong()));
        else if (e.isNumber()) eos.add(e.asLong());
        return new GenerationConfig(
                j.hasNonNull("do_sample") ? j.get("do_sample").asBoolean() : null,
                j.hasNonNull("temperature") ? j.get("temperature").asDouble() : null,
                j.hasNonNull("top_k") ? j.get("top_k").asInt() : null,
                j.hasNonNull("top_p") ? j.get("top_p").asDouble() : null,
                j.hasNonNull("repetition_penalty") ? j.get("repetition_penalty").asDouble() : null,
                j.hasNonNull("max_new_tokens") ? j.get("max_new_tokens").asInt() : null,
                List.copyOf(eos));
    }

    /** True when the file changes decoding away from plain greedy. */
    public boolean imposesSampling() {
        return Boolean.TRUE.equals(doSample) || (repetitionPenalty != null && repetitionPenalty != 1.0);
    }

    /** What the student set explicitly; null = not set (the checkpoint's default, if any, applies). */
    public record Explicit(Boolean greedy, Double temperature, Integer topK, Double topP, Double repetitionPenalty,
            Integer maxNewTokens, Long seed) {
        public static final Explicit NOTHING = new Explicit(null, null, null, null, null, null, null);
    }

    /**
     * The settings a run used, and for each one where it came from: {@code reasons} as messages (the
     * CLI and the UI show them in their language), {@code sources} the same in pt-BR — the values of
     * the {@code settings_sources} JSON field, a public contract that stays as it was.
     */
    public record Resolved(GenerationSettings settings, List<String> sources, List<Message> reasons) {
        public Resolved {
            sources = List.copyOf(sources);
            reasons = List.copyOf(reasons);
        }

        /** Sources written as text (the notebooks' own wording): each reason is that text as it is. */
        public Resolved(GenerationSettings settings, List<String> sources) {
            this(settings, sources, sources.stream().map(Message::literal).toList());
        }

        /** Same reasons, other settings (the lab's stop-at-EOS and cache switches). */
        public Resolved withSettings(GenerationSettings other) {
            return new Resolved(other, sources, reasons);
        }
    }

    /**
     * Merges, field by field: explicit setting, else this file's default (as Hugging Face would
     * apply it), else our default (greedy, no penalty, 50 new tokens). The file's eos_token_id
     * list becomes extra stop tokens. With useCheckpointDefaults
     * false the file is only reported, never applied.
     */
    public Resolved resolve(Explicit x, boolean useCheckpointDefaults) {
        GenerationConfig f = useCheckpointDefaults ? this : NONE;
        List<Message> sources = new ArrayList<>();
        boolean sample;
        if (x.greedy() != null) {
            sample = !x.greedy();
            sources.add(Message.of("generate.source.mode", mode(sample), Message.of("generate.source.explicit")));
        } else if (f.doSample != null) {
            // As in HF: a temperature passed without do_sample does not switch sampling on or off (N3.05).
            sample = f.doSample;
            sources.add(Message.of("generate.source.mode", mode(sample), Message.literal(FILE_NAME + ": do_sample=" + f.doSample)));
        } else if (x.temperature() != null && x.temperature() > 0) {
            sample = true;
            sources.add(Message.of("generate.source.sampleByTemperature"));
        } else {
            sample = false;
            sources.add(Message.of("generate.source.mode", mode(false), Message.of("generate.source.appDefault")));
        }
        double temperature = pick("temperature", x.temperature(), f.temperature, 1.0, sample, sources);
        int topK = (int) pick("top_k", x.topK() == null ? null : x.topK().doubleValue(),
                f.topK == null ? null : f.topK.doubleValue(), 0, sample, sources);
        double topP = pick("top_p", x.topP(), f.topP, 1.0, sample, sources);
        double penalty = pick("repetition_penalty", x.repetitionPenalty(), f.repetitionPenalty, 1.0, true, sources);
        int maxNew = (int) pick("max_new_tokens", x.maxNewTokens() == null ? null : x.maxNewTokens().doubleValue(),
                f.maxNewTokens == null ? null : f.maxNewTokens.doubleValue(), 50, true, sources);
        long seed = x.seed() == null ? 0 : x.seed();
        GenerationSettings s = sample && temperature > 0
                ? GenerationSettings.sampling(maxNew, temperature, topK, topP, seed)
                : GenerationSettings.greedy(maxNew);
        s = s.withRepetitionPenalty(penalty);
        if (!f.eosTokenIds.isEmpty()) {
            // HF stops on every id of the file's eos_token_id, not only config.json's single one.
            s = s.withStopTokens(f.eosTokenIds);
            sources.add(Message.literal("eos_token_id=" + f.eosTokenIds + " (" + FILE_NAME + ")"));
        }
        // settings_sources (JSON) keeps its pt-BR values: rendered from the same messages.
        return new Resolved(s, sources.stream().map(m -> m.render(Messages.PT_BR)).toList(), sources);
    }

    private static Message mode(boolean sample) {
        return Message.of(sample ? "generate.source.sample" : "generate.source.greedy");
    }

    private static double pick(String name, Double explicit, Double file, double fallback, boolean relevant,
            List<Message> sources) {
        double v;
        Message from;
        if (explicit != null) {
            v = explicit;
            from = Message.of("generate.source.explicit");
        } else if (file != null) {
            v = file;
            from = Message.literal(FILE_NAME);
        } else {
            v = fallback;
            from = Message.of("generate.source.appDefault");
        }
        if (relevant) sources.add(Message.of("generate.source.value", name, format(v), from));
        return v;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
