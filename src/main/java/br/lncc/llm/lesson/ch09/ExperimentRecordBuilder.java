package br.lncc.llm.lesson.ch09;

import br.lncc.llm.lesson.ch09.ExperimentRecord.Output;
import br.lncc.llm.lesson.ch09.ExperimentRecord.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects one lab run into an {@link ExperimentRecord} (Cap. 5.9, 7.12, 8.6). Every lab goes
 * through here ({@link LabRecords}), so every record names its settings with their source,
 * hashes its model's files and stamps the machine, version and date the same way.
 *
 * <p>Sources of a setting are short codes, the same in every record: {@code page} (the student set
 * it), {@code book} (the book or notebook prescribes it), {@code derived} (computed from others,
 * e.g. a cell's seed), {@code generation_config.json} / {@code config.json} (the checkpoint),
 * {@code app default}.
 */
public final class ExperimentRecordBuilder {
    public static final String PAGE = "page";
    public static final String BOOK = "book";
    public static final String DERIVED = "derived";
    public static final String APP_DEFAULT = "app default";
    public static final String CHECKPOINT = "generation_config.json";

    private final String title;
    private final String section;
    private final List<String> modelIds = new ArrayList<>();
    private final Map<String, String> hashes = new TreeMap<>();
    private String precision;
    private Long seed;
    private boolean deterministic;
    private final List<Setting> settings = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();
    private String judgePrompt;
    private final List<Output> outputs = new ArrayList<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final StringBuilder notes = new StringBuilder();

    ExperimentRecordBuilder(String title, String section) {
        this.title = title;
        this.section = section;
    }

    /**
     * The model the run used and the SHA-256 of its folder's files ({@code folder} null for a
     * model with no files, e.g. random weights built in memory: the checklist then says the
     * hashes are missing). A second model (the swap demo) prefixes its file names with its id.
     */
    public ExperimentRecordBuilder model(String id, Path folder) throws IOException {
        modelIds.add(id);
        boolean first = modelIds.size() == 1;
        ExperimentRecord.hashes(folder).forEach((f, h) -> hashes.put(first ? f : id + "/" + f, h));
        return this;
    }

    public ExperimentRecordBuilder precision(String p) {
        precision = p;
        return this;
    }

    public ExperimentRecordBuilder seed(long s) {
        seed = s;
        return this;
    }

    /** Nothing in the run is random: it repeats without a seed (greedy, one forward pass per verdict). */
    public ExperimentRecordBuilder deterministic() {
        deterministic = true;
        return this;
    }

    /** A setting as the run used it; numbers are written with a dot whatever the language. */
    public ExperimentRecordBuilder setting(String name, Object value, String source) {
        String v = value instanceof Double d ? fmt(d) : value instanceof Float f ? fmt(f) : String.valueOf(value);
        settings.add(new Setting(name, v, source));
        return this;
    }

    /** Adds {@code text} verbatim (once) and returns its index for {@link #output}. */
    public int prompt(String text) {
        int i = prompts.indexOf(text);
        if (i >= 0) return i;
        prompts.add(text);
        return prompts.size() - 1;
    }

    public ExperimentRecordBuilder judgePrompt(String text) {
        judgePrompt = text;
        return this;
    }

    public ExperimentRecordBuilder output(int prompt, String condition, String text) {
        outputs.add(new Output(prompt, condition, text));
        return this;
    }

    /** A number the run measured; NaN and infinities are left out (JSON has no NaN). */
    public ExperimentRecordBuilder metric(String name, double value) {
        if (Double.isFinite(value)) metrics.put(name, value);
        return this;
    }

    public ExperimentRecordBuilder note(String line) {
        if (line == null || line.isBlank()) return this;
        if (notes.length() > 0) notes.append('\n');
        notes.append(line);
        return this;
    }

    /** Stamped with this app's version, this machine and now. */
    public ExperimentRecord build() {
        var r = ExperimentRecord.now(title, section, modelIds.isEmpty() ? null : String.join(" → ", modelIds), hashes,
                precision, seed, settings, prompts, judgePrompt, outputs, metrics, notes.length() == 0 ? null : notes.toString());
        return new ExperimentRecord(r.title(), r.section(), r.date(), r.appVersion(), r.machine(), r.modelId(),
                r.modelFileSha256(), r.precision(), r.seed(), deterministic, r.settings(), r.prompts(), r.judgePrompt(),
                r.outputs(), r.metrics(), r.notes());
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }
}
