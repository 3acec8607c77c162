package br.lncc.llm.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.task.ProgressSink;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub client against a loopback imitation of the Hub, with injected faults. Never the internet. */
class HubClientTest {

    private static final String REPO = "tiny-org/tiny-gpt2";
    private static final String COMMIT = "a9f1c2d3e4b5a6978877665544332211ffeeddcc";

    @TempDir
    Path tmp;
    private FakeHub hub;
    private final byte[] config = HubFixtures.gpt2Config();
    private final byte[] generation = "{\"bos_token_id\":0,\"eos_token_id\":0}".getBytes(StandardCharsets.UTF_8);
    private final byte[] tokenizer = "{\"version\":\"1.0\",\"model\":{\"type\":\"BPE\"}}".getBytes(StandardCharsets.UTF_8);
    private final byte[] merges = "#version: 0.2\nh e\n".getBytes(StandardCharsets.UTF_8);
    private final byte[] weights = HubFixtures.safetensors("wte.weight", 800_000, 3); // 3.2 MB

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private Map<String, byte[]> tinyRepoFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", "# tiny".getBytes(StandardCharsets.UTF_8));
        files.put("config.json", config);
        files.put("generation_config.json", generation);
        files.put("tokenizer.json", tokenizer);
        files.put("merges.txt", merges);
        files.put("model.safetensors", weights);
        files.put("pytorch_model.bin", new byte[1000]);
        files.put("onnx/model.onnx", new byte[10]);
        return files;
    }

    private HubConfig config() {
        return new HubConfig(tmp.resolve("hf/hub"), hub.endpoint(), false, Optional.empty());
    }

    private HubClient client() {
        return new HubClient(config());
    }

    @Test
    void downloadProducesExactlyTheHuggingFaceHubCacheLayout() throws Exception {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        HubClient.DownloadResult result = client().download(REPO, "main", ProgressSink.NONE);

        Path repoDir = tmp.resolve("hf/hub/models--tiny-org--tiny-gpt2");
        assertEquals(repoDir.resolve("snapshots").resolve(COMMIT), result.snapshot());
        assertEquals(COMMIT, result.commit());
        // refs/main holds the bare commit hash, as huggingface_hub writes it.
        assertEquals(COMMIT, Files.readString(repoDir.resolve("refs/main")));

        Set<String> expectedBlobs = new TreeSet<>(List.of(
                HubFixtures.gitBlobSha1(config), HubFixtures.gitBlobSha1(generation),
                HubFixtures.gitBlobSha1(tokenizer), HubFixtures.gitBlobSha1(merges), HubFixtures.sha256(weights)));
        assertEquals(expectedBlobs, listNames(repoDir.resolve("blobs")), "no .incomplete, no pickle, no README");
        assertEquals(Set.of("blobs", "refs", "snapshots"), listNames(repoDir));

        Map<String, byte[]> expected = Map.of("config.json", config, "generation_config.json", generation,
                "tokenizer.json", tokenizer, "merges.txt", merges, "model.safetensors", weights);
        assertEquals(expected.keySet(), listNames(result.snapshot()));
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            Path pointer = result.snapshot().resolve(e.getKey());
            assertTrue(Files.isSymbolicLink(pointer), e.getKey() + " must be a symlink");
            String blobName = e.getKey().equals("model.safetensors")
                    ? HubFixtures.sha256(e.getValue()) : HubFixtures.gitBlobSha1(e.getValue());
            assertEquals(Path.of("../../blobs/" + blobName), Files.readSymbolicLink(pointer), "relative link");
            assertArrayEquals(e.getValue(), Files.readAllBytes(pointer));
        }
        assertEquals(ModelFolder.State.READY, ModelFolder.inspect(result.snapshot()));
        assertTrue(hub.requestsTo("pytorch_model.bin").isEmpty(), "pickle weights are never requested");
        assertTrue(hub.requestsTo("onnx").isEmpty());
        // The LFS file: HEAD on resolve (302 with X-Linked-Etag), then GET on the CDN location.
        List<FakeHub.Request> weightRequests = hub.requestsTo("model.safetensors");
        assertEquals(1, weightRequests.size());
        assertEquals("HEAD", weightRequests.get(0).method());
        assertEquals(1, hub.requestsTo("/cdn/" + HubFixtures.sha256(weights)).size());
    }

    @Test
    void completeModelInCacheIsNotDownloadedAgain() {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        client().download(REPO, "main", ProgressSink.NONE);
        int before = hub.requests.size();
        HubClient.DownloadResult again = client().download(REPO, "main", ProgressSink.NONE);
        assertEquals(0, again.bytesDownloaded());
        assertEquals(1, hub.requests.size() - before, "only the revision API call");
    }

    @Test
    void connectionCutMidFileResumesWithRangeAndChecksumMatches() throws Exception {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        hub.cutOnce(weights, 1_000_000);
        HubClient.DownloadResult result = client().download(REPO, "main", ProgressSink.NONE);

        assertEquals(1, hub.cuts.get());
        List<FakeHub.Request> gets = hub.requestsTo("/cdn/");
        assertEquals(2, gets.size());
        assertNull(gets.get(0).range());
        String range = gets.get(1).range();
        assertTrue(range != null && range.matches("bytes=\\d+-"), "second request resumes with Range: " + range);
        long resumedAt = Long.parseLong(range.replaceAll("\\D", ""));
        assertTrue(resumedAt > 0 && resumedAt <= 1_000_000, "resumed at " + resumedAt);
        byte[] got = Files.readAllBytes(result.snapshot().resolve("model.safetensors"));
        assertEquals(HubFixtures.sha256(weights), HubFixtures.sha256(got));
    }

    @Test
    void wrongChecksumIsRefusedAndNothingStaysInTheCache() {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        hub.corrupt(weights);
        HubException e = assertThrows(HubException.class, () -> client().download(REPO, "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("corrompido"), e.getMessage());
        assertTrue(e.detail().contains(HubFixtures.sha256(weights)), e.detail());
        assertFalse(Files.exists(tmp.resolve("hf/hub/models--tiny-org--tiny-gpt2")), "no blobs, no snapshot, no refs");
    }

    @Test
    void unknownRepositoryIsA404WithAClearMessage() {
        HubException e = assertThrows(HubException.class,
                () -> client().download("nobody/does-not-exist", "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("não encontrado"), e.getMessage());
        assertTrue(e.getMessage().contains("nobody/does-not-exist"), e.getMessage());
    }

    @Test
    void gatedRepositoryWithoutTokenIsA401ThatExplainsTheToken() {
        hub.repo(REPO, COMMIT, tinyRepoFiles(), "hf_secret");
        HubException e = assertThrows(HubException.class, () -> client().download(REPO, "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.UNAUTHORIZED, e.reason());
        assertTrue(e.getMessage().contains("token"), e.getMessage());
        assertTrue(e.getMessage().contains("HF_TOKEN"), e.getMessage());

        HubClient withToken = new HubClient(config().withToken("hf_secret"));
        Path snapshot = withToken.download(REPO, "main", ProgressSink.NONE).snapshot();
        assertEquals(ModelFolder.State.READY, ModelFolder.inspect(snapshot));
        assertEquals("Bearer hf_secret", hub.requestsTo("/api/models/").get(1).authorization());
    }

    @Test
    void gatedRepositoryWithATokenWithoutAccessIsA403ThatExplainsTheTerms() {
        hub.repo(REPO, COMMIT, tinyRepoFiles(), "hf_secret");
        HubException e = assertThrows(HubException.class,
                () -> new HubClient(config().withToken("hf_other")).download(REPO, "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.FORBIDDEN, e.reason());
        assertTrue(e.getMessage().contains("aceite os termos"), e.getMessage());
        assertFalse(e.getMessage().contains("hf_other"), "the token is never shown");
    }

    @Test
    void unknownHostIsReportedAsNoInternet() {
        HubException e = new HubHttp(config()).networkFailure(
                new java.net.ConnectException("unresolved"), java.net.URI.create("https://huggingface.co/api/models/x"));
        assertEquals(HubException.Reason.NETWORK, e.reason());
        java.net.ConnectException withCause = new java.net.ConnectException();
        withCause.initCause(new java.nio.channels.UnresolvedAddressException());
        HubException dns = new HubHttp(config()).networkFailure(withCause, java.net.URI.create("https://huggingface.co/"));
        assertTrue(dns.getMessage().contains("Sem conexão com a internet") && dns.getMessage().contains("huggingface.co"),
                dns.getMessage());
    }

    @Test
    void offlineModeUsesTheCacheAndNeverConnects() {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        Path online = client().download(REPO, "main", ProgressSink.NONE).snapshot();
        int before = hub.requests.size();

        HubClient offline = new HubClient(config().withOffline(true));
        assertEquals(online, offline.download(REPO, "main", ProgressSink.NONE).snapshot());
        HubException e = assertThrows(HubException.class,
                () -> offline.download("tiny-org/other", "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.OFFLINE, e.reason());
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
        assertEquals(before, hub.requests.size(), "offline mode made no request");
    }

    @Test
    void shardedCheckpointDownloadsEveryShardInTheIndex() throws Exception {
        byte[] s1 = HubFixtures.safetensors("h.0.attn.c_attn.weight", 1000, 11);
        byte[] s2 = HubFixtures.safetensors("h.1.attn.c_attn.weight", 1000, 12);
        byte[] s3 = HubFixtures.safetensors("wte.weight", 1000, 13);
        String index = "{\"metadata\":{\"total_size\":12000},\"weight_map\":{"
                + "\"h.0.attn.c_attn.weight\":\"model-00001-of-00003.safetensors\","
                + "\"h.1.attn.c_attn.weight\":\"model-00002-of-00003.safetensors\","
                + "\"wte.weight\":\"model-00003-of-00003.safetensors\"}}";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", config);
        files.put("model.safetensors.index.json", index.getBytes(StandardCharsets.UTF_8));
        files.put("model-00001-of-00003.safetensors", s1);
        files.put("model-00002-of-00003.safetensors", s2);
        files.put("model-00003-of-00003.safetensors", s3);
        hub.repo(REPO, COMMIT, files);

        HubClient.DownloadResult result = client().download(REPO, "main", ProgressSink.NONE);
        assertEquals(files.keySet(), listNames(result.snapshot()));
        assertArrayEquals(s2, Files.readAllBytes(result.snapshot().resolve("model-00002-of-00003.safetensors")));
        assertEquals(ModelFolder.State.READY, ModelFolder.inspect(result.snapshot()));
    }

    @Test
    void cancelMidDownloadKeepsThePartialFileAndTheNextRunResumesIt() throws Exception {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        hub.chunkDelayMs = 10; // slow enough for progress updates to arrive mid-file
        List<String> messages = new ArrayList<>();
        ProgressSink cancelAfterOneMegabyte = new ProgressSink() {
            private volatile boolean cancelled;

            @Override
            public void update(long done, long total, String message) {
                messages.add(message);
                if (done >= 1_000_000) cancelled = true; // the user presses Cancel mid-file
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
        assertThrows(CancelledException.class, () -> client().download(REPO, "main", cancelAfterOneMegabyte));

        HfCache cache = new HfCache(tmp.resolve("hf/hub"));
        Path partial = cache.incompleteBlob(REPO, HubFixtures.sha256(weights));
        long kept = Files.size(partial);
        assertTrue(kept > 0 && kept < weights.length, "partial file kept: " + kept);
        assertFalse(Files.exists(cache.snapshotDir(REPO, COMMIT)), "no snapshot for an unfinished download");
        assertTrue(messages.stream().anyMatch(m -> m.contains("cancelado")), messages.toString());

        hub.chunkDelayMs = 0;
        HubClient.DownloadResult result = client().download(REPO, "main", ProgressSink.NONE);
        List<FakeHub.Request> gets = hub.requestsTo("/cdn/");
        assertEquals("bytes=" + kept + "-", gets.get(gets.size() - 1).range());
        assertEquals(weights.length - kept, result.bytesDownloaded());
        assertArrayEquals(weights, Files.readAllBytes(result.snapshot().resolve("model.safetensors")));
        assertFalse(Files.exists(partial));
    }

    @Test
    void silentConnectionIsDetectedAndResumedWithRange() throws Exception {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        hub.stallOnce(weights, 1_000_000);
        HubClient client = new HubClient(config(), java.time.Duration.ofMillis(400));
        long start = System.nanoTime();
        HubClient.DownloadResult result = client.download(REPO, "main", ProgressSink.NONE);
        assertTrue((System.nanoTime() - start) / 1e9 < 8, "did not wait for the 10 s stall");
        List<FakeHub.Request> gets = hub.requestsTo("/cdn/");
        assertEquals(2, gets.size());
        assertEquals("bytes=1000000-", gets.get(1).range());
        assertArrayEquals(weights, Files.readAllBytes(result.snapshot().resolve("model.safetensors")));
    }

    @Test
    void cancelInterruptsADownloadBlockedOnASilentConnection() throws Exception {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        hub.stallOnce(weights, 1_000_000);
        hub.stallMs = 20_000;
        long start = System.nanoTime();
        ProgressSink cancelAfterOneSecond = new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return System.nanoTime() - start > 1_000_000_000L;
            }
        };
        assertThrows(CancelledException.class, () -> client().download(REPO, "main", cancelAfterOneSecond));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 6, "cancel took effect while the read was blocked: " + seconds + " s");
        assertFalse(Thread.currentThread().isInterrupted(), "no stray interrupt left on the caller");
        Path partial = new HfCache(tmp.resolve("hf/hub")).incompleteBlob(REPO, HubFixtures.sha256(weights));
        assertEquals(1_000_000, Files.size(partial));
    }

    @Test
    void twoSimultaneousDownloadsOfOneModelFetchItOnce() throws Exception {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        hub.chunkDelayMs = 5; // long enough for the two to overlap
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> client().download(REPO, "main", ProgressSink.NONE));
            var b = pool.submit(() -> client().download(REPO, "main", ProgressSink.NONE));
            assertEquals(a.get().snapshot(), b.get().snapshot());
            assertEquals(weights.length, a.get().bytesDownloaded() + b.get().bytesDownloaded() - smallFilesBytes(),
                    "the weights crossed the wire once");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, hub.requestsTo("/cdn/").size());
        assertArrayEquals(weights, Files.readAllBytes(
                new HfCache(tmp.resolve("hf/hub")).snapshotDir(REPO, COMMIT).resolve("model.safetensors")));
    }

    private long smallFilesBytes() {
        return config.length + generation.length + tokenizer.length + merges.length;
    }

    @Test
    void fullDiskWhileWritingGivesADiskMessage() {
        // ENOSPC as the JDK reports it while writing the partial file.
        Path partial = new HfCache(tmp.resolve("hf/hub")).incompleteBlob(REPO, HubFixtures.sha256(weights));
        HubException e = BlobDownload.diskFailure(new java.io.IOException("No space left on device"), partial);
        assertEquals(HubException.Reason.DISK, e.reason());
        assertTrue(e.getMessage().contains("disco está cheio"), e.getMessage() + " / " + e.detail());
    }

    @Test
    void aPartialFileLinkedOutsideTheCacheIsRefusedBeforeAnyByteIsWritten() throws Exception {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        Path elsewhere = Files.writeString(tmp.resolve("victim.txt"), "keep me");
        Path partial = new HfCache(tmp.resolve("hf/hub")).incompleteBlob(REPO, HubFixtures.sha256(weights));
        Files.createDirectories(partial.getParent());
        Files.createSymbolicLink(partial, elsewhere);
        HubException e = assertThrows(HubException.class, () -> client().download(REPO, "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.UNSAFE_PATH, e.reason());
        assertEquals("keep me", Files.readString(elsewhere));
    }

    @Test
    void pickleOnlyRepositoryIsRefusedBeforeAnyFileIsFetched() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", config);
        files.put("pytorch_model.bin", new byte[100]);
        hub.repo(REPO, COMMIT, files);
        HubException e = assertThrows(HubException.class, () -> client().download(REPO, "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.INVALID_MODEL, e.reason());
        assertTrue(e.getMessage().contains("código arbitrário"), e.getMessage());
        assertTrue(hub.requestsTo("/resolve/").isEmpty());
    }

    @Test
    void noServerListeningGivesANoNetworkMessage() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        HubClient client = new HubClient(config().withEndpoint("http://127.0.0.1:" + freePort));
        HubException e = assertThrows(HubException.class, () -> client.download(REPO, "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("conectar"), e.getMessage());
    }

    @Test
    void notEnoughDiskSpaceIsRefusedBeforeDownloadingTheWeights() {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        hub.announceSize(weights, 1L << 60); // an exabyte: more than any disk
        HubException e = assertThrows(HubException.class, () -> client().download(REPO, "main", ProgressSink.NONE));
        assertEquals(HubException.Reason.DISK, e.reason());
        assertTrue(e.getMessage().contains("Espaço em disco insuficiente"), e.getMessage());
        assertTrue(hub.requestsTo("/cdn/").isEmpty());
    }

    @Test
    void progressReportsBytesSpeedAndTotal() {
        hub.repo(REPO, COMMIT, tinyRepoFiles());
        hub.chunkDelayMs = 10; // ~50 chunks of 64 KiB over ~0.5 s: several throttled updates
        List<long[]> updates = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        ProgressSink sink = new ProgressSink() {
            @Override
            public void update(long done, long total, String message) {
                updates.add(new long[] {done, total});
                messages.add(message);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        client().download(REPO, "main", sink);
        long total = updates.get(updates.size() - 1)[1];
        assertTrue(total >= weights.length, "total covers the weights: " + total);
        assertTrue(messages.stream().anyMatch(m -> m.contains("model.safetensors") && m.contains("/s") && m.contains("faltam")),
                messages.toString());
    }

    private static Set<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
