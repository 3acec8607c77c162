package br.lncc.llm.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hugging Face hub cache, laid out exactly as Python's huggingface_hub lays it out so that
 * both can share it:
 * <pre>
 * models--ORG--NAME/
 *   blobs/&lt;etag&gt;                      file contents; etag = sha256 (LFS) or git blob sha1
 *   refs/main                          the commit hash "main" pointed to when last resolved
 *   snapshots/&lt;commit&gt;/&lt;file&gt;         relative symlink ../../blobs/&lt;etag&gt;
 * </pre>
 * Partial downloads live next to their blob as {@code <etag>.incomplete}.
 */
public final class HfCache {

    public static final String DEFAULT_REVISION = "main";
    private static final Logger LOG = LoggerFactory.getLogger(HfCache.class);
    private static final String MODELS_PREFIX = "models--";
    private static final String SEPARATOR = "--";
    private static final Pattern COMMIT_HASH = Pattern.compile("[0-9a-f]{40}");

    /** One model repository found in the cache. */
    public record CachedRepo(String repoId, Path folder, Optional<Path> snapshot, long sizeBytes) {}

    private final Path root;

    public HfCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** "google/flan-t5-small" → "models--google--flan-t5-small" (huggingface_hub's repo_folder_name). */
    public static String folderName(String repoId) {
        return MODELS_PREFIX + String.join(SEPARATOR, repoId.split("/"));
    }

    public static boolean isCommitHash(String revision) {
        return COMMIT_HASH.matcher(revision).matches();
    }

    public Path repoFolder(String repoId) {
        return root.resolve(folderName(repoId));
    }

    public Path blob(String repoId, String etag) {
        return repoFolder(repoId).resolve("blobs").resolve(etag);
    }

    public Path incompleteBlob(String repoId, String etag) {
        return repoFolder(repoId).resolve("blobs").resolve(etag + ".incomplete");
    }

    public Path snapshotDir(String repoId, String commit) {
        return repoFolder(repoId).resolve("snapshots").resolve(commit);
    }

    public Optional<String> readRef(String repoId, String ref) {
        Path file = repoFolder(repoId).resolve("refs").resolve(ref);
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            String commit = Files.readString(file, StandardCharsets.UTF_8).trim();
            return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Records which commit a branch or tag resolved to. Like huggingface_hub, nothing is written
     * when the revision already is a commit hash or the ref is unchanged (a read-only shared cache
     * stays usable).
     */
    public void writeRef(String repoId, String ref, String commit) throws IOException {
        if (ref.equals(commit)) return;
        if (readRef(repoId, ref).filter(commit::equals).isPresent()) return;
        Path file = repoFolder(repoId).resolve("refs").resolve(ref);
        Files.createDirectories(file.getParent());
        // No trailing newline: huggingface_hub writes the bare hash.
        Files.writeString(file, commit, StandardCharsets.UTF_8);
    }

    /** The snapshot folder a revision (branch, tag or commit) points to, if it is in the cache. */
    public Optional<Path> snapshotFor(String repoId, String revision) {
        String commit = isCommitHash(revision) ? revision : readRef(repoId, revision).orElse(null);
        if (commit == null) return Optional.empty();
        Path dir = snapshotDir(repoId, commit);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * Makes snapshots/&lt;commit&gt;/&lt;filename&gt; point to the blob with a relative symlink, as
     * huggingface_hub does, so the cache survives being moved. Where symlinks are not allowed
     * (Windows without developer mode) the blob is copied, which is huggingface_hub's fallback too.
     */
    public Path link(String repoId, String commit, String filename, Path blob) throws IOException {
        Path pointer = snapshotDir(repoId, commit).resolve(filename);
        Files.createDirectories(pointer.getParent());
        Files.deleteIfExists(pointer);
        Path relative = pointer.getParent().relativize(blob);
        try {
            Files.createSymbolicLink(pointer, relative);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(blob, pointer, StandardCopyOption.REPLACE_EXISTING);
        }
        return pointer;
    }

    /** Every model repository in the cache, sorted by id, with the disk size of its blobs. */
    public List<CachedRepo> list() {
        List<CachedRepo> repos = new ArrayList<>();
        if (!Files.isDirectory(root)) return repos;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, MODELS_PREFIX + "*")) {
            for (Path folder : dirs) {
                if (!Files.isDirectory(folder)) continue;
                String repoId = folder.getFileName().toString().substring(MODELS_PREFIX.length()).replace(SEPARATOR, "/");
                repos.add(new CachedRepo(repoId, folder, currentSnapshot(repoId), blobsSize(folder.resolve("blobs"))));
            }
        } catch (IOException e) {
            // An unreadable cache must not take the model list down: show what was found.
            LOG.warn("Não foi possível ler o cache {}: {}", root, e.toString());
        }
        repos.sort(Comparator.comparing(CachedRepo::repoId));
        return repos;
    }

    /** refs/main if present, else the most recently written snapshot. */
    public Optional<Path> currentSnapshot(String repoId) {
        Optional<Path> main = snapshotFor(repoId, DEFAULT_REVISION);
        if (main.isPresent()) return main;
        Path snapshots = repoFolder(repoId).resolve("snapshots");
        if (!Files.isDirectory(snapshots)) return Optional.empty();
        try (Stream<Path> dirs = Files.list(snapshots)) {
            return dirs.filter(Files::isDirectory).max(Comparator.comparing(HfCache::modified));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Size on disk: the blobs hold every byte once; snapshots are only links. */
    private static long blobsSize(Path blobs) {
        if (!Files.isDirectory(blobs)) return 0;
        try (Stream<Path> files = Files.list(blobs)) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".incomplete"))
                    .filter(Files::isRegularFile)
                    .mapToLong(HfCache::sizeOf)
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
