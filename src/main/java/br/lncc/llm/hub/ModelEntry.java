package br.lncc.llm.hub;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;

/**
 * One model the app knows, as the model manager window and {@code models list} show it.
 *
 * @param id what to pass to ModelResolver (HF id, "bert-base-uncased" or a folder path)
 * @param source {@link #EMBEDDED}, {@link #HF_CACHE} or {@link #IMPORTED}
 * @param path the folder holding config.json (for a cache entry: its current snapshot)
 * @param sizeBytes bytes on disk
 * @param architecture config.json's model_type (or first architecture), "" when unknown
 * @param status one of the STATUS_* values
 */
public record ModelEntry(
        String id,
        String source,
        @JsonSerialize(using = ToStringSerializer.class) Path path,
        long sizeBytes,
        String architecture,
        String status) {

    public static final String EMBEDDED = "embedded";
    public static final String HF_CACHE = "hf-cache";
    public static final String IMPORTED = "imported";

    /** Embedded BERT unpacked and ready. */
    public static final String STATUS_UNPACKED = "unpacked";
    /** Embedded BERT not unpacked yet (happens on first use). */
    public static final String STATUS_NOT_UNPACKED = "not-unpacked";
    /** config.json and all safetensors weights present. */
    public static final String STATUS_READY = "ready";
    /** Download interrupted or files missing. */
    public static final String STATUS_INCOMPLETE = "incomplete";
    /** Only pickle weights: we refuse to load it. */
    public static final String STATUS_PICKLE_ONLY = "pickle-only";
    /** Imported folder that no longer exists. */
    public static final String STATUS_MISSING = "missing";

    /** The status as the student reads it (the JSON keeps the {@code STATUS_*} code itself). */
    public br.lncc.llm.text.Message statusText() {
        return br.lncc.llm.text.Message.of("models.status." + status);
    }

    public boolean isReady() {
        return STATUS_READY.equals(status) || STATUS_UNPACKED.equals(status);
    }

    static String statusOf(ModelFolder.State state) {
        switch (state) {
            case READY:
                return STATUS_READY;
            case PICKLE_ONLY:
                return STATUS_PICKLE_ONLY;
            case NOT_A_FOLDER:
                return STATUS_MISSING;
            default:
                return STATUS_INCOMPLETE;
        }
    }
}
