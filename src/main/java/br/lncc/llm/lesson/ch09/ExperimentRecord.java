package br.lncc.llm.lesson.ch09;

import br.lncc.llm.platform.AppInfo;
import br.lncc.llm.platform.Machine;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One lab run written down so someone else can repeat it (Cap. 5.9, 7.12, 8.6): what was run
 * (section, settings and where each came from, seed), on what (model id and the SHA-256 of its
 * files, app version, machine, date), with which prompts (verbatim — the judge's included) and
 * what came out (outputs, metrics). JSON for machines, Markdown for people, and the 8.6 checklist
 * of what is present and what is missing.
 *
 * @param date      ISO-8601 UTC, to the second
 * @param seed          null when the run had none, which the checklist says
 * @param deterministic true when nothing in the run was drawn at random (greedy decoding, one
 *                      forward pass per verdict): such a run needs no seed to repeat, and the
 *                      checklist counts it as complete without one
 * @param precision     "fp32", "nf4", … (7.12: record the precision of each stage)
 */
public record ExperimentRecord(
        String title, String section, String date, String appVersion, String machine, String modelId,
        Map<String, String> modelFileSha256, String precision, Long seed, boolean deterministic, List<Setting> settings,
        List<String> prompts, String judgePrompt, List<Output> outputs, Map<String, Double> metrics, String notes) {

    /** A setting's value and where it came from ("explicit", "generation_config.json", "app default"). */
    public record Setting(String name, String value, String source) {}

    /** One output, tagged with the prompt index and the condition ("before", "after", a model id, τ = 0.7…). */
    public record Output(int prompt, String condition, String text) {}

    public ExperimentRecord {
        modelFileSha256 = modelFileSha256 == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(modelFileSha256));
        settings = settings == null ? List.of() : List.copyOf(settings);
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A record stamped with this app's version, this machine and now. */
    public static ExperimentRecord now(String title, String section, String modelId, Map<String, String> hashes,
            String precision, Long seed, List<Setting> settings, List<String> prompts, String judgePrompt,
            List<Output> outputs, Map<String, Double> metrics, String notes) {
        return new ExperimentRecord(title, section, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), AppInfo.version(), Machine.describe(), modelId, hashes,
                precision, seed, false, settings, prompts, judgePrompt, outputs, metrics, notes);
    }

    /** The one way the labs write their records (Cap. 8.6): see {@link ExperimentRecordBuilder}. */
    public static ExperimentRecordBuilder builder(String title, String section) {
        return new ExperimentRecordBuilder(title, section);
    }

    /** SHA-256 of the files that decide a model's behaviour (config, tokenizer, weights) in {@code folder}. */
    public static Map<String, String> hashes(Path folder) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        if (folder == null || !Files.isDirectory(folder)) return out;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".safetensors") || n.endsWith(".json")) out.put(n, sha256(f));
            }
        }
        return out;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of the 8.6 checklist: its key (text/record*.properties) and whether the record has it. */
    public record Check(String key, boolean present) {}

    /** What a repeatable run needs (5.9, 7.12, 8.6) and whether this record has it. */
    @JsonIgnore
    public List<Check> checklist() {
        List<Check> c = new ArrayList<>();
        c.add(new Check("record.check.model", modelId != null && !modelId.isBlank()));
        c.add(new Check("record.check.hashes", !modelFileSha256.isEmpty()));
        c.add(new Check("record.check.environment", machine != null && appVersion != null && date != null));
        c.add(new Check("record.check.precision", precision != null && !precision.isBlank()));
        c.add(new Check("record.check.settings", !settings.isEmpty() && settings.stream().allMatch(s -> s.source() != null && !s.source().isBlank())));
        c.add(new Check("record.check.seed", seed != null || deterministic));
        c.add(new Check("record.check.prompts", !prompts.isEmpty()));
        c.add(new Check("record.check.outputs", !outputs.isEmpty()));
        c.add(new Check("record.check.metrics", !metrics.isEmpty()));
        if (judgePrompt != null) c.add(new Check("record.check.judgePrompt", !judgePrompt.isBlank()));
        return c;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public String toJson() throws IOException {
        return mapper().writeValueAsString(this);
    }

    public static ExperimentRecord fromJson(String json) throws IOException {
        return mapper().readValue(json, ExperimentRecord.class);
    }
}
