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

    /**
     * A branch or tag name as git and the Hub accept it ("main", "v1.0", "refs/pr/1"): parts of
     * letters, digits, '.', '_', '-', '+', '@', none starting with '.', no "..". It becomes a path
     * under refs/, so anything else (../../x, /etc, a backslash) is refused before any write.
     */
    private static final Pattern REF_PART = Pattern.compile("[A-Za-z0-9_+@-][A-Za-z0-9._+@-]*");
    /** Longest file or folder name most file systems take (ext4, NTFS, APFS: 255 bytes). */
    static final int MAX_NAME_BYTES = 255;

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

    /** Whether {@code revision} is a name we may turn into a path under refs/ (see {@link #REF_PART}). */
    public static boolean isSafeRevision(String revision) {
        if (revision == null || revision.isEmpty() || revision.length() > 200) return false;
        if (revision.endsWith("/") || revision.endsWith(".lock")) return false;
        for (String part : revision.split("/", -1)) {
            if (!REF_PART.matcher(part).matches() || part.contains("..")) return false;
        }
        return true;
    }

    /**
     * Whether a file name from the Hub (a sibling, a shard in the index) is a plain relative name:
     * parts without '.', '..', backslash or control characters, each at most 255 bytes.
     */
    public static boolean isSafeFileName(String name) {
        if (name == null || name.isEmpty() || name.length() > 1000 || name.startsWith("/")) return false;
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("\\")) return false;
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) return false;
            if (part.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ':')) return false;
        }
        return true;
    }

    /**
     * The commit a ref points to. Only a 40-hex commit hash counts: a ref file holding a path
     * ("../../../../home/x/model") or anything else was not written by us or huggingface_hub, and
     * following it would load a model from outside the cache.
     */
    public Optional<String> readRef(String repoId, String ref) {
        if (!isSafeRevision(ref)) return Optional.empty();
        Path file = repoFolder(repoId).resolve("refs").resolve(ref);
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            String commit = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (commit.isEmpty()) return Optional.empty();
            if (!isCommitHash(commit)) {
                LOG.warn("Ignoring {}: it holds '{}', not a commit hash", file, commit.length() > 80 ? commit.substring(0, 80) + "…" : commit);
                return Optional.empty();
            }
            return Optional.of(commit);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code target} if writing it stays inside the cache; otherwise a {@link HubException}. The
     * name is checked after normalisation, and the real location of the deepest folder that exists
     * is checked too, so a symlinked blobs/ or snapshots/ pointing elsewhere is refused.
     */
    public Path requireInside(Path target) {
        Path normal = target.toAbsolutePath().normalize();
        if (!normal.startsWith(root)) throw outside(target, normal);
        try {
            Path realRoot = Files.exists(root) ? root.toRealPath() : root;
            Path existing = normal;
            while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
            if (existing != null && existing.startsWith(root)) {
                Path real = existing.toRealPath();
                if (!real.startsWith(realRoot)) throw outside(target, real);
            }
        } catch (IOException e) {
            throw outside(target, normal);
        }
        return target;
    }

    /**
     * Refuses a cached snapshot whose files lead outside the cache: a snapshot's entries are
     * links to ../../blobs/…, and a tampered link (to ~/.ssh/id_rsa, another user's model) would
     * be read as this model's file.
     */
    public Path requireContainedSnapshot(Path snapshot) {
        try {
            Path realRoot = root.toRealPath();
            if (!snapshot.toRealPath().startsWith(realRoot)) throw outside(snapshot, snapshot.toRealPath());
            try (Stream<Path> files = Files.walk(snapshot, 4)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (!Files.exists(f)) continue; // a dangling link is a missing file, reported by the folder check
                    Path real = f.toRealPath();
                    if (!real.startsWith(realRoot)) throw outside(f, real);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not check {}: {}", snapshot, e.toString());
        }
        return snapshot;
    }

    private HubException outside(Path target, Path leadsTo) {
        return new HubException(HubException.Reason.UNSAFE_PATH,
                br.lncc.llm.text.Message.of("hubsafety.outsideCache", String.valueOf(target), root.toString()),
                target + " → " + leadsTo + " is not under " + root, null);
    }

    /**
     * Records which commit a branch or tag resolved to. Like huggingface_hub, nothing is written
     * when the revision already is a commit hash or the ref is unchanged (a read-only shared cache
     * stays usable).
     */
    public void writeRef(String repoId, String ref, String commit) throws IOException {
        if (ref.equals(commit)) return;
        if (!isSafeRevision(ref) || !isCommitHash(commit)) {
            throw new IllegalArgumentException("unsafe ref " + ref + " → " + commit);
        }
        if (readRef(repoId, ref).filter(commit::equals).isPresent()) return;
        Path file = requireInside(repoFolder(repoId).resolve("refs").resolve(ref));
        Files.createDirectories(file.getParent());
        // No trailing newline: huggingface_hub writes the bare hash.
        Files.writeString(file, commit, StandardCharsets.UTF_8);
    }

    /** The snapshot folder a revision (branch, tag or commit) points to, if it is in the cache. */
    public Optional<Path> snapshotFor(String repoId, String revision) {
        String commit = isCommitHash(revision) ? revision : readRef(repoId, revision).orElse(null);
        if (commit == null) return Optional.empty();
        Path dir = snapshotDir(repoId, commit);
        return Files.isDirectory(dir) ? Optional.of(requireContainedSnapshot(dir)) : Optional.empty();
    }

    /**
     * Makes snapshots/&lt;commit&gt;/&lt;filename&gt; point to the blob with a relative symlink, as
     * huggingface_hub does, so the cache survives being moved. Where symlinks are not allowed
     * (Windows without developer mode) the blob is copied, which is huggingface_hub's fallback too.
     */
    public Path link(String repoId, String commit, String filename, Path blob) throws IOException {
        Path pointer = requireInside(snapshotDir(repoId, commit).resolve(filename));
        requireInside(blob);
        Files.createDirectories(pointer.getParent());
        requireInside(pointer);
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
                Optional<Path> snapshot;
                try {
                    snapshot = currentSnapshot(repoId);
                } catch (HubException unsafe) {
                    // A tampered entry is listed without a snapshot (so it cannot be opened), not hidden.
                    LOG.warn("{}: {}", repoId, unsafe.technicalDetail());
                    snapshot = Optional.empty();
                }
                repos.add(new CachedRepo(repoId, folder, snapshot, blobsSize(folder.resolve("blobs"))));
            }
        } catch (IOException e) {
            // An unreadable cache must not take the model list down: show what was found.
            LOG.warn("Could not read the cache {}: {}", root, e.toString());
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
