package br.lncc.llm.hub;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.text.Message;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads what is needed to run a model (config, tokenizer, safetensors weights incl. shards)
 * from the Hugging Face Hub into the shared HF cache, the way huggingface_hub's snapshot_download
 * does: the revision API gives the commit and the file list; for each file a HEAD on
 * {@code /{repo}/resolve/{commit}/{file}} gives its ETag and size; the bytes come with a GET
 * (from the CDN for LFS files). The endpoint comes from HF_ENDPOINT, which is how tests point
 * the client at a loopback server.
 */
public final class HubClient {

    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    /** Hub repo ids: "name" or "org/name", letters, digits, '-', '_', '.'. */
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    /**
     * One download per cached repository at a time in this JVM: two (the model manager and a
     * chapter page asking for the same model) would append to the same .incomplete file. The
     * second waits, then finds the files in the cache.
     */
    private static final ConcurrentHashMap<String, ReentrantLock> REPO_LOCKS = new ConcurrentHashMap<>();
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SAFE_ETAG = Pattern.compile("[A-Za-z0-9._-]+");

    /** What a download did, for the CLI's JSON and the closing numbers. */
    public record DownloadResult(String repoId, String revision, String commit, Path snapshot,
                                 List<String> files, long bytesDownloaded, double seconds) {
        public double bytesPerSecond() {
            return seconds > 0 ? bytesDownloaded / seconds : 0;
        }
    }

    private final HubConfig config;
    private final HfCache cache;
    private final HubHttp http;
    private final Duration stallTimeout;
    private final TransferLimits limits;

    public HubClient(HubConfig config) {
        this(config, TransferLimits.defaults());
    }

    /** @param stallTimeout how long a transfer may receive nothing before it is resumed afresh */
    HubClient(HubConfig config, Duration stallTimeout) {
        this(config, new TransferLimits(stallTimeout, TransferLimits.defaults().minBytesPerSecond(), TransferLimits.defaults().rateWindow()));
    }

    /** With other limits for slow servers (tests use seconds instead of a minute). */
    public HubClient(HubConfig config, TransferLimits limits) {
        this.config = config;
        this.limits = limits;
        this.stallTimeout = limits.stallTimeout();
        this.cache = new HfCache(config.cacheDir());
        this.http = new HubHttp(config);
    }

    public HubConfig config() {
        return config;
    }

    public HfCache cache() {
        return cache;
    }

    private static final Pattern HUB_PAGE = Pattern.compile("https?://(?:www\\.)?huggingface\\.co/([^/?#\\s]+(?:/[^/?#\\s]+)?).*");

    /**
     * The repo id in what a student pastes: the model page's address from the browser
     * ("https://huggingface.co/openai-community/gpt2/tree/main") or an id with stray spaces.
     */
    public static String repoIdFromInput(String input) {
        if (input == null) return null;
        String s = input.strip();
        Matcher page = HUB_PAGE.matcher(s);
        return page.matches() ? page.group(1) : s;
    }

    public static boolean isValidRepoId(String id) {
        return REPO_ID.matcher(id).matches() && !id.contains("--") && !id.contains("..");
    }

    /** The cached snapshot of this revision if it holds a loadable model; never touches the network. */
    public Optional<Path> cachedModel(String repoId, String revision) {
        return cache.snapshotFor(repoId, revision)
                .filter(dir -> ModelFolder.inspect(dir) == ModelFolder.State.READY);
    }

    /**
     * Makes the model at {@code revision} complete in the cache and returns its snapshot folder.
     * Files already there are not fetched again; a partial file is resumed. In offline mode only
     * the cache is consulted.
     */
    public DownloadResult download(String requested, String revision, ProgressSink sink) {
        String repoId = repoIdFromInput(requested);
        requireValidRepoId(repoId);
        String rev = revision == null || revision.isBlank() ? HfCache.DEFAULT_REVISION : revision.trim();
        // The revision becomes refs/<rev> in the cache: "../../x" must never reach the file system.
        if (!HfCache.isCommitHash(rev) && !HfCache.isSafeRevision(rev)) {
            throw new HubException(HubException.Reason.UNSAFE_PATH, Message.of("hubsafety.badRevision", rev), "revision " + rev, null);
        }
        if (config.offline()) {
            Path snapshot = cachedModel(repoId, rev).orElseThrow(() -> offlineMiss(repoId, rev));
            return new DownloadResult(repoId, rev, snapshot.getFileName().toString(), snapshot, List.of(), 0, 0);
        }
        ReentrantLock lock = REPO_LOCKS.computeIfAbsent(cache.repoFolder(repoId).toString(), k -> new ReentrantLock());
        acquire(lock, repoId, sink);
        try {
            return downloadLocked(repoId, rev, sink);
        } finally {
            lock.unlock();
        }
    }

    private static void acquire(ReentrantLock lock, String repoId, ProgressSink sink) {
        boolean told = false;
        try {
            while (!lock.tryLock(200, TimeUnit.MILLISECONDS)) {
                sink.checkCancelled();
                if (!told) sink.update(0, 0, Message.of("hub.progress.waiting", repoId));
                told = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    private DownloadResult downloadLocked(String repoId, String rev, ProgressSink sink) {
        long start = System.nanoTime();
        TransferProgress progress = new TransferProgress(sink);
        progress.note(Message.of("hub.progress.asking", repoId));

        JsonNode info = http.getJson(URI.create(config.endpoint() + "/api/models/" + repoId + "/revision/" + encode(rev)),
                rev.equals(HfCache.DEFAULT_REVISION) ? Message.of("hub.what.repo", repoId)
                        : Message.of("hub.what.repoRevision", repoId, rev));
        String commit = info.path("sha").asText("");
        if (!HfCache.isCommitHash(commit)) {
            throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.unexpectedAnswer", repoId),
                    "revision API without a commit sha: " + info, null);
        }
        if (!info.path("siblings").isArray()) {
            throw new HubException(HubException.Reason.PROTOCOL, Message.of("hubsafety.badApiAnswer", repoId),
                    "revision API without a siblings list: " + abbreviate(info.toString()), null);
        }
        List<String> repoFiles = new ArrayList<>();
        info.path("siblings").forEach(s -> repoFiles.add(s.path("rfilename").asText()));
        ModelFiles plan = ModelFiles.select(repoId, repoFiles);
        for (String f : plan.small()) requireSafeName(repoId, f);
        for (String f : plan.weights()) requireSafeName(repoId, f);

        boolean repoExisted = Files.isDirectory(cache.repoFolder(repoId));
        List<Path> newBlobs = new ArrayList<>();
        Map<String, Path> blobs = new LinkedHashMap<>();
        try {
            fetchAll(repoId, commit, plan.small(), progress, blobs, newBlobs);
            List<String> weights = plan.sharded() ? shards(blobs.get(ModelFolder.SAFETENSORS_INDEX)) : plan.weights();
            fetchAll(repoId, commit, weights, progress, blobs, newBlobs);
            for (Map.Entry<String, Path> e : blobs.entrySet()) {
                Path pointer = cache.snapshotDir(repoId, commit).resolve(e.getKey());
                if (!Files.isRegularFile(pointer)) cache.link(repoId, commit, e.getKey(), e.getValue());
            }
            cache.writeRef(repoId, rev, commit);
        } catch (HubException e) {
            if (e.reason() == HubException.Reason.CORRUPT) forget(repoId, repoExisted, newBlobs);
            throw e;
        } catch (IOException e) {
            throw BlobDownload.diskFailure(e, cache.snapshotDir(repoId, commit).resolve("x"));
        }
        Path snapshot = cache.snapshotDir(repoId, commit);
        ModelFolder.requireLoadable(snapshot);
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.note(Message.of("hub.progress.ready", repoId, TransferProgress.size(progress.transferred())));
        LOG.info("{}@{} baixado: {} bytes em {} s", repoId, commit, progress.transferred(), String.format("%.2f", seconds));
        return new DownloadResult(repoId, rev, commit, snapshot, List.copyOf(blobs.keySet()), progress.transferred(), seconds);
    }

    /** HEAD every file first so the total (and the disk check) covers the whole batch. */
    private void fetchAll(String repoId, String commit, List<String> files, TransferProgress progress,
                          Map<String, Path> blobs, List<Path> newBlobs) {
        List<FileMetadata> toFetch = new ArrayList<>();
        for (String file : files) {
            Path pointer = cache.snapshotDir(repoId, commit).resolve(file);
            if (Files.isRegularFile(pointer)) {
                // Same commit already cached: huggingface_hub's shortcut, no request at all.
                blobs.put(file, pointer);
                continue;
            }
            progress.checkCancelled();
            FileMetadata meta = head(repoId, commit, file);
            Path blob = cache.blob(repoId, meta.etag());
            if (Files.isRegularFile(blob)) {
                blobs.put(file, blob);
            } else {
                toFetch.add(meta);
                progress.addTotal(meta.size());
            }
        }
        requireSpace(repoId, toFetch);
        BlobDownload download = new BlobDownload(http, limits);
        for (FileMetadata meta : toFetch) {
            Path blob = cache.requireInside(cache.blob(repoId, meta.etag()));
            if (!Files.isRegularFile(blob)) {
                download.fetch(meta, cache.requireInside(cache.incompleteBlob(repoId, meta.etag())), blob, progress);
                newBlobs.add(blob);
            }
            blobs.put(meta.filename(), blob);
        }
    }

    private FileMetadata head(String repoId, String commit, String file) {
        URI url = URI.create(config.endpoint() + "/" + repoId + "/resolve/" + commit + "/" + encode(file));
        HttpResponse<Void> response = http.head(url, Message.of("hub.what.fileOf", file, repoId));
        HttpHeaders h = response.headers();
        String etagHeader = h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).orElse("");
        String etag = FileMetadata.normalizeEtag(etagHeader);
        // Only a sha256 (LFS) or git sha1 ETag lets us check the bytes, and only a hash is a safe blob name.
        if (etag.isEmpty() || !SAFE_ETAG.matcher(etag).matches() || etag.startsWith(".")
                || !(etag.matches("[0-9a-f]{64}") || etag.matches("[0-9a-f]{40}"))) {
            throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.noEtag", file),
                    "HEAD " + url + " → ETag '" + etagHeader + "'", null);
        }
        long size = h.firstValue("X-Linked-Size").or(() -> h.firstValue("Content-Length"))
                .map(HubClient::parseSize).orElse(-1L);
        String fileCommit = h.firstValue("X-Repo-Commit").orElse(commit);
        URI location = response.statusCode() / 100 == 3
                ? h.firstValue("Location").map(url::resolve).orElse(url)
                : url;
        return new FileMetadata(file, fileCommit, etag, size, location);
    }

    private void requireSpace(String repoId, List<FileMetadata> toFetch) {
        long needed = 0;
        for (FileMetadata m : toFetch) {
            if (m.size() < 0) continue;
            Path partial = cache.incompleteBlob(repoId, m.etag());
            long have = Files.isRegularFile(partial) ? partial.toFile().length() : 0;
            // Exact: two files advertised at 2^62 bytes must not wrap around to "fits".
            try {
                needed = Math.addExact(needed, Math.max(0, m.size() - have));
            } catch (ArithmeticException overflow) {
                needed = Long.MAX_VALUE;
            }
        }
        if (needed == 0) return;
        try {
            Path root = Files.createDirectories(cache.repoFolder(repoId));
            long free = Files.getFileStore(root).getUsableSpace();
            if (needed > free) {
                throw new HubException(HubException.Reason.DISK, Message.of("hub.noSpace", repoId, TransferProgress.size(needed),
                        TransferProgress.size(free), String.valueOf(cache.root())),
                        "needed " + needed + " bytes, usable " + free + " on " + Files.getFileStore(root), null);
            }
        } catch (IOException e) {
            throw BlobDownload.diskFailure(e, cache.repoFolder(repoId).resolve("blobs"));
        }
    }

    private List<String> shards(Path indexBlob) {
        try {
            List<String> shards = new ArrayList<>(ModelFolder.shardsOf(indexBlob));
            for (String s : shards) {
                if (s.contains("/") || !HfCache.isSafeFileName(s) || !s.endsWith(".safetensors")) {
                    throw new IOException("unexpected shard name " + s);
                }
            }
            return shards;
        } catch (IOException e) {
            throw new HubException(HubException.Reason.PROTOCOL, Message.of("hub.badIndex", ModelFolder.SAFETENSORS_INDEX),
                    e.toString(), e);
        }
    }

    /** After a checksum failure nothing of this attempt may stay in the cache. */
    private void forget(String repoId, boolean repoExisted, List<Path> newBlobs) {
        try {
            if (!repoExisted) {
                deleteTree(cache.repoFolder(repoId));
            } else {
                for (Path blob : newBlobs) Files.deleteIfExists(blob);
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up the corrupted download of {}: {}", repoId, e.toString());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private HubException offlineMiss(String repoId, String revision) {
        return new HubException(HubException.Reason.OFFLINE, Message.of("hub.offline.missing", repoId, String.valueOf(cache.root())),
                "offline; no complete snapshot for " + repoId + "@" + revision + " in " + cache.root(), null);
    }

    private static void requireValidRepoId(String repoId) {
        if (repoId == null || !isValidRepoId(repoId)) {
            throw new HubException(HubException.Reason.NOT_FOUND, Message.of("hub.badRepoId", String.valueOf(repoId)),
                    "invalid repo id", null);
        }
    }

    /** A file name the Hub listed, before it becomes snapshots/<commit>/<name>. */
    private static void requireSafeName(String repoId, String file) {
        if (!HfCache.isSafeFileName(file)) {
            throw new HubException(HubException.Reason.UNSAFE_PATH, Message.of("hubsafety.badFileName", repoId, abbreviate(file)),
                    "file name " + file, null);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static long parseSize(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
