package br.lncc.llm.train;

import ai.djl.ndarray.NDManager;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.weights.SafetensorsFile;
import br.lncc.llm.weights.SafetensorsWriter;
import br.lncc.llm.weights.WeightsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoRA adapters in PEFT's on-disk format, so that Python's {@code PeftModel.from_pretrained}
 * opens them: {@code adapter_config.json} plus {@code adapter_model.safetensors} whose tensors are
 * named {@code base_model.model.transformer.h.0.attn.c_attn.lora_A.weight} ([r, in]) and
 * {@code ….lora_B.weight} ([out, r]) — the state-dict names of a PeftModel around
 * GPT2LMHeadModel, without the adapter name "default".
 */
public final class PeftAdapterFiles {
    private PeftAdapterFiles() {}

    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    /**
     * Our own note beside PEFT's two files (PEFT never reads it): the method and base precision
     * the adapters were trained with, so that QLoRA adapters are reloaded over the same NF4 base.
     */
    public static final String TRAINING_NOTE = "companion_training.json";

    /** What {@link #TRAINING_NOTE} records; absent for adapters made elsewhere. */
    public record TrainingNote(TrainingMethod method, int steps, double finalLoss) {}

    public static void saveNote(Path folder, TrainingNote note) {
        var json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = json.createObjectNode();
        n.put("method", note.method().name());
        n.put("base_precision", note.method() == TrainingMethod.QLORA ? "NF4" : "FP32");
        n.put("steps", note.steps());
        n.put("final_loss", note.finalLoss());
        try {
            json.writeValue(folder.resolve(TRAINING_NOTE).toFile(), n);
        } catch (IOException e) {
            throw new TrainingException(br.lncc.llm.text.Message.of("train.peft.saveFailed", TRAINING_NOTE, folder), String.valueOf(e.getMessage()), e);
        }
    }

    /** The note saved with the adapters, or empty when there is none or it cannot be read (it is optional). */
    public static java.util.Optional<TrainingNote> readNote(Path folder) {
        Path f = folder.resolve(TRAINING_NOTE);
        if (!Files.isRegularFile(f)) return java.util.Optional.empty();
        try {
            JsonNode n = new ObjectMapper().readTree(f.toFile());
            return java.util.Optional.of(new TrainingNote(TrainingMethod.valueOf(n.path("method").asText()),
                    n.path("steps").asInt(), n.path("final_loss").asDouble(Double.NaN)));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
    private static final String PREFIX = "base_model.model.transformer.";

    public static void save(LoraAdapters adapters, Path folder, String baseModel) {
        try {
            Files.createDirectories(folder);
            var json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            LoraConfig c = adapters.config();
            ObjectNode cfg = json.createObjectNode();
            cfg.put("peft_type", "LORA");
            cfg.put("task_type", "CAUSAL_LM");
            cfg.put("base_model_name_or_path", baseModel);
            cfg.put("r", c.r());
            cfg.put("lora_alpha", c.alpha());
            cfg.put("lora_dropout", c.dropout());
            var targets = cfg.putArray("target_modules");
            c.targetModules().forEach(targets::add);
            cfg.put("bias", "none");
            // GPT-2's Conv1D keeps W as [in, out]; PEFT records that with fan_in_fan_out.
            cfg.put("fan_in_fan_out", true);
            cfg.put("inference_mode", true);
            cfg.put("init_lora_weights", true);
            cfg.put("use_rslora", false);
            cfg.put("use_dora", false);
            cfg.putNull("modules_to_save");
            if (c.layersToTransform() == null) {
                cfg.putNull("layers_to_transform");
            } else {
                var layers = cfg.putArray("layers_to_transform");
                c.layersToTransform().forEach(layers::add);
            }
            cfg.putNull("layers_pattern");
            json.writeValue(folder.resolve(CONFIG).toFile(), cfg);

            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (var a : adapters.adapters().values()) {
                shapes.put(PREFIX + a.module() + ".lora_A.weight", a.a().getShape().getShape());
                shapes.put(PREFIX + a.module() + ".lora_B.weight", a.b().getShape().getShape());
            }
            try (var w = SafetensorsWriter.create(folder.resolve(WEIGHTS), shapes, Map.of("format", "pt"))) {
                for (var a : adapters.adapters().values()) {
                    w.write(PREFIX + a.module() + ".lora_A.weight", a.a().toFloatArray());
                    w.write(PREFIX + a.module() + ".lora_B.weight", a.b().toFloatArray());
                }
            }
        } catch (IOException e) {
            throw new TrainingException(br.lncc.llm.text.Message.of("train.peft.saveAdapters", folder), String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Loads adapters saved by PEFT (or by {@link #save}) for a GPT-2 of config {@code model}.
     * Adapters made for another base are refused with the first mismatching tensor named.
     */
    public static LoraAdapters load(Path folder, Gpt2.Config model, NDManager parent) {
        Path cfgFile = folder.resolve(CONFIG);
        Path weights = folder.resolve(WEIGHTS);
        if (!Files.isRegularFile(cfgFile) || !Files.isRegularFile(weights)) {
            throw new TrainingException("train.peft.missingFiles", new Object[] {folder, CONFIG, WEIGHTS}, "");
        }
        JsonNode cfg;
        try {
            cfg = new ObjectMapper().readTree(cfgFile.toFile());
            if (cfg == null || !cfg.isObject()) throw new IOException("not a JSON object");
        } catch (IOException e) {
            throw new TrainingException(br.lncc.llm.text.Message.of("train.peft.corrupted", CONFIG, folder, String.valueOf(e.getMessage())), String.valueOf(e), e);
        }
        if (!"LORA".equals(cfg.path("peft_type").asText())) {
            throw new TrainingException("train.peft.notLora", new Object[] {folder, cfg.path("peft_type").asText()}, "");
        }
        List<String> targets = new ArrayList<>();
        JsonNode t = cfg.path("target_modules");
        if (t.isArray()) t.forEach(n -> targets.add(n.asText()));
        if (cfg.path("target_modules").isTextual()) {
            throw new TrainingException("train.peft.regex", new Object[] {CONFIG, t.asText()}, "");
        }
        var config = new LoraConfig(cfg.path("r").asInt(), cfg.path("lora_alpha").asDouble(), cfg.path("lora_dropout").asDouble(0),
                targets, layers(cfg, folder));
        Map<String, float[][]> values = new LinkedHashMap<>();
        try (var file = SafetensorsFile.open(weights)) {
            for (var e : config.targetedModules(model).entrySet()) {
                int in = e.getValue()[0], out = e.getValue()[1];
                String a = tensorName(file, e.getKey(), "lora_A");
                String b = tensorName(file, e.getKey(), "lora_B");
                requireShape(file, a, new long[] {config.r(), in}, folder);
                requireShape(file, b, new long[] {out, config.r()}, folder);
                values.put(e.getKey(), new float[][] {file.readFloats(a), file.readFloats(b)});
            }
        } catch (WeightsException e) {
            throw new TrainingException(br.lncc.llm.text.Message.of("train.peft.corrupted", WEIGHTS, folder, e), e.technicalDetail(), e);
        }
        return LoraAdapters.of(config, parent, values, model);
    }

    /** layers_to_transform as PEFT allows it: null, one index or a list; a custom layers_pattern other than GPT-2's "h" is refused. */
    private static List<Integer> layers(JsonNode cfg, Path folder) {
        JsonNode pattern = cfg.path("layers_pattern");
        boolean gpt2Pattern = pattern.isMissingNode() || pattern.isNull()
                || (pattern.isTextual() && pattern.asText().equals("h"))
                || (pattern.isArray() && (pattern.isEmpty() || (pattern.size() == 1 && pattern.get(0).asText().equals("h"))));
        if (!gpt2Pattern) {
            throw new TrainingException("train.peft.layersPattern", new Object[] {String.valueOf(pattern), folder}, "");
        }
        JsonNode l = cfg.path("layers_to_transform");
        if (l.isMissingNode() || l.isNull()) return null;
        if (l.isInt()) return List.of(l.asInt());
        if (l.isArray()) {
            if (l.isEmpty()) return null;  // PEFT treats [] as "every layer"
            List<Integer> out = new ArrayList<>();
            for (JsonNode n : l) {
                if (!n.isInt()) throw new TrainingException("train.peft.layerNotInt", new Object[] {folder, String.valueOf(n)}, "");
                out.add(n.asInt());
            }
            return out;
        }
        throw new TrainingException("train.peft.layersType", new Object[] {folder, String.valueOf(l)}, "");
    }

    /** PEFT writes names without the adapter name; older or in-memory dumps may carry ".default". */
    private static String tensorName(SafetensorsFile file, String module, String which) {
        for (String n : List.of(PREFIX + module + "." + which + ".weight", PREFIX + module + "." + which + ".default.weight",
                "base_model.model." + module + "." + which + ".weight")) {
            if (file.contains(n)) return n;
        }
        throw new TrainingException("train.peft.noTensor", new Object[] {PREFIX + module + "." + which + ".weight"}, "");
    }

    private static void requireShape(SafetensorsFile file, String name, long[] expected, Path folder) {
        long[] found = file.info(name).shape();
        if (!Arrays.equals(found, expected)) {
            throw new TrainingException("train.peft.shape", new Object[] {folder, name, Arrays.toString(found), Arrays.toString(expected)}, "");
        }
    }
}
