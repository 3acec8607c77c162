package br.lncc.llm.ui.ch04;

import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.lesson.ch04.GenerationLab;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The causal LM the Cap. 4 pages share: loaded once, used by the generation lab and the KV-cache
 * page alike, so switching sections never reloads weights.
 */
public final class LabModel {
    private static final LabModel APP = new LabModel();

    private final ObjectProperty<GenerationLab> lab = new SimpleObjectProperty<>();

    public static LabModel app() {
        return APP;
    }

    public ObjectProperty<GenerationLab> labProperty() {
        return lab;
    }

    /** Replaces the loaded model (FX thread); the old one's native memory is freed. */
    public void set(GenerationLab next) {
        GenerationLab old = lab.get();
        lab.set(next);
        if (old != null && old != next) old.close();
    }

    /** Ready causal LMs the app knows (Hugging Face cache and imported folders). */
    public static List<ModelEntry> candidates() {
        return ModelCatalog.standard().list().stream()
                .filter(ModelEntry::isReady)
                .filter(e -> !isEncoderOnly(e.architecture()))
                .toList();
    }

    private static boolean isEncoderOnly(String architecture) {
        String a = architecture == null ? "" : architecture.toLowerCase(Locale.ROOT);
        return a.contains("bert") || a.contains("t5");
    }

    /** Leases the folder's shared model (ModelSessions) on the calling (background) thread. */
    public static GenerationLab open(Path folder) {
        return GenerationLab.lease(folder, "4.8–4.12");
    }
}
