package br.lncc.llm.hub;

import br.lncc.llm.text.Message;
import br.lncc.llm.task.ProgressSink;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns what the user typed (CLI {@code --model}, the model picker) into a folder with
 * config.json and safetensors weights:
 * <ul>
 *   <li>{@code bert-base-uncased}, {@code google-bert/bert-base-uncased}, {@code embedded} → the
 *       embedded BERT-base (unpacked on first use);</li>
 *   <li>an existing folder → that folder, validated;</li>
 *   <li>a Hugging Face id → its snapshot in the HF cache when complete, else downloaded (unless
 *       offline, which gets a clear message).</li>
 * </ul>
 */
public final class ModelResolver {

    private final HubClient client;

    public ModelResolver(HubClient client) {
        this.client = client;
    }

    /** Resolution with this machine's HF environment (HF_HOME, HF_HUB_OFFLINE, HF_TOKEN...) and app settings. */
    public static ModelResolver standard() {
        return new ModelResolver(new HubClient(HubConfig.forApp()));
    }

    public Path resolve(String idOrPath, ProgressSink progress) {
        return resolve(idOrPath, HfCache.DEFAULT_REVISION, progress);
    }

    public Path resolve(String idOrPath, String revision, ProgressSink progress) {
        if (idOrPath == null || idOrPath.isBlank()) {
            throw new HubException(HubException.Reason.NOT_FOUND, Message.of("hub.resolve.empty"), "empty model id", null);
        }
        String spec = HubClient.repoIdFromInput(idOrPath);
        if (EmbeddedModel.isEmbeddedId(spec)) return EmbeddedModel.ensureUnpacked(progress);

        Optional<Path> folder = asExistingFolder(spec);
        if (folder.isPresent()) return ModelFolder.requireLoadable(folder.get());
        Optional<Path> file = asExistingFile(spec);
        if (file.isPresent()) {
            Path parent = file.get().getParent();
            throw new HubException(HubException.Reason.NOT_FOUND, Message.of("hub.resolve.isFile", spec, String.valueOf(parent)),
                    "a file, not a model folder: " + spec, null);
        }
        if (looksLikePath(spec) || !HubClient.isValidRepoId(spec)) {
            throw new HubException(HubException.Reason.NOT_FOUND, Message.of("hub.resolve.notFound", spec),
                    "no such folder and not a repo id: " + spec, null);
        }

        String rev = revision == null || revision.isBlank() ? HfCache.DEFAULT_REVISION : revision.trim();
        Optional<Path> cached = client.cachedModel(spec, rev);
        if (cached.isPresent()) return ModelFolder.requireLoadable(cached.get());
        if (client.config().offline()) {
            // A snapshot that is there but unusable (e.g. pickle-only, from a notebook) deserves its own reason.
            client.cache().snapshotFor(spec, rev).ifPresent(ModelFolder::requireLoadable);
        }
        return ModelFolder.requireLoadable(client.download(spec, rev, progress).snapshot());
    }

    private static Optional<Path> asExistingFile(String spec) {
        try {
            Path p = Path.of(spec).toAbsolutePath().normalize();
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> asExistingFolder(String spec) {
        try {
            Path p = spec.equals("~") || spec.startsWith("~/")
                    ? Path.of(System.getProperty("user.home")).resolve(spec.length() > 1 ? spec.substring(2) : "")
                    : Path.of(spec);
            return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static boolean looksLikePath(String spec) {
        return spec.startsWith("/") || spec.startsWith(".") || spec.startsWith("~") || spec.contains("\\")
                || spec.matches("[A-Za-z]:.*");
    }
}
