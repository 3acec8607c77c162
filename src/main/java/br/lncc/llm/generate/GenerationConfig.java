package br.lncc.llm.generate;

import br.lncc.llm.model.ModelException;
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
            throw new ModelException("o arquivo " + file + " não é um JSON válido (" + e.getMessage() + ")", e);
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

    /** The settings a run used, and for each one where it came from. */
    public record Resolved(GenerationSettings settings, List<String> sources) {}

    /**
     * Merges, field by field: explicit setting, else this file's default (as Hugging Face would
     * apply it), else our default (greedy, no penalty, 50 new tokens). The file's eos_token_id
     * list becomes extra stop tokens. With useCheckpointDefaults
     * false the file is only reported, never applied.
     */
    public Resolved resolve(Explicit x, boolean useCheckpointDefaults) {
        GenerationConfig f = useCheckpointDefaults ? this : NONE;
        List<String> sources = new ArrayList<>();
        boolean sample;
        if (x.greedy() != null) {
            sample = !x.greedy();
            sources.add((sample ? "amostragem" : "gulosa") + " (explícito)");
        } else if (f.doSample != null) {
            // As in HF: a temperature passed without do_sample does not switch sampling on or off (N3.05).
            sample = f.doSample;
            sources.add((sample ? "amostragem" : "gulosa") + " (" + FILE_NAME + ": do_sample=" + f.doSample + ")");
        } else if (x.temperature() != null && x.temperature() > 0) {
            sample = true;
            sources.add("amostragem (explícito: temperatura)");
        } else {
            sample = false;
            sources.add("gulosa (padrão do app)");
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
            sources.add("eos_token_id=" + f.eosTokenIds + " (" + FILE_NAME + ")");
        }
        return new Resolved(s, List.copyOf(sources));
    }

    private static double pick(String name, Double explicit, Double file, double fallback, boolean relevant,
            List<String> sources) {
        double v;
        String from;
        if (explicit != null) {
            v = explicit;
            from = "explícito";
        } else if (file != null) {
            v = file;
            from = FILE_NAME;
        } else {
            v = fallback;
            from = "padrão do app";
        }
        if (relevant) sources.add(name + "=" + format(v) + " (" + from + ")");
        return v;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
