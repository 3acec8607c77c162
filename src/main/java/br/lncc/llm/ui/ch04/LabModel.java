package br.lncc.llm.ui.ch04;

import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.session.ModelSessions;
import br.lncc.llm.session.SharedLab;
import br.lncc.llm.ui.LabInUse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The causal LM the Cap. 4 pages share: one {@link GenerationLab} held by the app's
 * {@link ModelSessions} for the group {@value GenerationLab#HOLDER}, used by the generation lab,
 * the KV-cache tab and Practice 1 alike, so switching sections never reloads weights.
 */
public final class LabModel {
    private LabModel() {}

    /** The group's shared lab in the app's registry. */
    public static SharedLab<GenerationLab> shared() {
        return ModelSessions.app().lab(GenerationLab.HOLDER, GenerationLab.class);
    }

    /** The shared lab as a page's property (FX thread). */
    public static LabInUse<GenerationLab> inUse() {
        return new LabInUse<>(shared());
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
        return GenerationLab.lease(folder, GenerationLab.HOLDER);
    }
}
