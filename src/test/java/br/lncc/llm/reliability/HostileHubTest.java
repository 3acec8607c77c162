package br.lncc.llm.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.cli.ModelsCommand;
import br.lncc.llm.hub.HfCache;
import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.hub.HubException;
import br.lncc.llm.hub.TransferLimits;
import br.lncc.llm.task.ProgressSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 18, items 5, 6, 9–11: a hostile Hub or a tampered cache never writes outside the cache, never runs forever. */
class HostileHubTest {
    static final String REPO = "evil-org/tiny";
    @TempDir Path tmp;
    private HostileHub hub;
    private Path cacheRoot;

    @BeforeEach
    void start() throws Exception {
        hub = new HostileHub();
        hub.file("config.json", "{\"model_type\":\"gpt2\"}".getBytes(StandardCharsets.UTF_8));
        hub.file("model.safetensors", new byte[4096]);
        cacheRoot = tmp.resolve("hf/hub");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubClient client(TransferLimits limits) {
        return new HubClient(new HubConfig(cacheRoot, hub.endpoint(), false, Optional.empty()), limits);
    }

    private HubException downloadFails(TransferLimits limits, String revision) {
        return assertThrows(HubException.class, () -> client(limits).download(REPO, revision, ProgressSink.NONE));
    }

    /** Every file under tmp is inside the cache (or one the test made itself). */
    private void nothingOutsideTheCache(Path... allowed) throws Exception {
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                boolean ok = p.startsWith(cacheRoot) || List.of(allowed).contains(p);
                assertTrue(ok, "written outside the cache: " + p);
            }
        }
    }

    @Test
    void aRevisionWithDotDotIsRefusedInOneLineAndWritesNothing() throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = new CommandLine(new ModelsCommand(new HubConfig(cacheRoot, hub.endpoint(), false, Optional.empty()), tmp.resolve("imported.json")))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("download", REPO, "--revision", "../../../../escape");
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().lines().findFirst().orElse("").startsWith("Erro: Revisão inválida"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace");
        assertTrue(Files.notExists(tmp.resolve("escape")) && Files.notExists(cacheRoot.resolve("escape")));
        nothingOutsideTheCache();
    }

    @Test
    void theRefusalIsInEnglishWithLangEn() {
        // The revision is checked before the cache or the network is touched, so the real environment is safe here.
        Cli.Run r = Cli.run("--lang", "en", "models", "download", REPO, "--revision", "../../x");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().lines().findFirst().orElse("").startsWith("Error: Invalid revision"), r.err());
    }

    @Test
    void branchesWithSlashesAndTagsStillWork() {
        assertTrue(HfCache.isSafeRevision("refs/pr/1") && HfCache.isSafeRevision("v1.0") && HfCache.isSafeRevision("main"));
        for (String bad : List.of("..", "../x", "a/../b", "/etc", "a\\b", "x/", ".hidden", "a..b", "", "x.lock")) {
            assertTrue(!HfCache.isSafeRevision(bad), bad);
        }
    }

    @Test
    void aSiblingWithBackslashesOrATooLongNameIsRefusedByName() throws Exception {
        hub.apiJson = hub.api(HostileHub.COMMIT, List.of("config.json", "..\\..\\evil.safetensors"));
        HubException e = downloadFails(TransferLimits.defaults(), "main");
        assertEquals(HubException.Reason.UNSAFE_PATH, e.reason());
        assertTrue(e.getMessage().contains("nome inaceitável"), e.getMessage());

        hub.apiJson = hub.api(HostileHub.COMMIT, List.of("config.json", "a".repeat(300) + ".safetensors"));
        HubException tooLong = downloadFails(TransferLimits.defaults(), "main");
        assertEquals(HubException.Reason.UNSAFE_PATH, tooLong.reason(), "not a permissions problem: " + tooLong.getMessage());
        nothingOutsideTheCache();
    }

    @Test
    void anEtagThatIsAPathOrNotAHashIsRefused() throws Exception {
        for (String etag : List.of("../../../../escape", "W-abc-123")) {
            hub.lie("model.safetensors", etag, 4096, HostileHub.Body.NORMAL);
            HubException e = downloadFails(TransferLimits.defaults(), "main");
            assertEquals(HubException.Reason.PROTOCOL, e.reason(), etag);
        }
        nothingOutsideTheCache();
    }

    @Test
    void aRefHoldingAPathIsNotFollowedOutOfTheCache() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside-model"));
        Files.writeString(outside.resolve("config.json"), "{}");
        Path refs = Files.createDirectories(cacheRoot.resolve(HfCache.folderName(REPO)).resolve("refs"));
        Files.writeString(refs.resolve("main"), "../../../../outside-model");
        HfCache cache = new HfCache(cacheRoot);
        assertTrue(cache.readRef(REPO, "main").isEmpty());
        assertTrue(cache.snapshotFor(REPO, "main").isEmpty());
    }

    @Test
    void aSnapshotFileLinkedOutsideTheCacheIsRefusedWhenLoading() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "not a model");
        Path snapshot = Files.createDirectories(cacheRoot.resolve(HfCache.folderName(REPO)).resolve("snapshots").resolve(HostileHub.COMMIT));
        Files.createSymbolicLink(snapshot.resolve("config.json"), secret);
        HubException e = assertThrows(HubException.class, () -> new HfCache(cacheRoot).snapshotFor(REPO, HostileHub.COMMIT));
        assertEquals(HubException.Reason.UNSAFE_PATH, e.reason());
        assertEquals(1, new HfCache(cacheRoot).list().size(), "the tampered repo is listed, not crashing the list");
    }

    @Test
    void aSymlinkedBlobsFolderMakesTheDownloadStopBeforeWritingOutside() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path repo = Files.createDirectories(cacheRoot.resolve(HfCache.folderName(REPO)));
        Files.createSymbolicLink(repo.resolve("blobs"), outside);
        HubException e = downloadFails(TransferLimits.defaults(), "main");
        assertEquals(HubException.Reason.UNSAFE_PATH, e.reason(), e.getMessage());
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing written through the link");
        }
    }

    @Test
    void aBodyLongerThanAdvertisedIsCutAtTheAdvertisedSize() throws Exception {
        hub.lie("model.safetensors", null, 1024, HostileHub.Body.ENDLESS);
        HubException e = downloadFails(TransferLimits.defaults(), "main");
        assertEquals(HubException.Reason.PROTOCOL, e.reason());
        assertTrue(e.getMessage().contains("mais bytes"), e.getMessage());
        try (Stream<Path> s = Files.walk(cacheRoot)) {
            long biggest = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).max().orElse(0);
            assertTrue(biggest <= 1024, "no file above the advertised size: " + biggest);
        }
    }

    @Test
    void aDrippingServerFailsWithAClearMessageInsteadOfRunningForever() {
        hub.lie("model.safetensors", null, 4096, HostileHub.Body.DRIP);
        long t0 = System.nanoTime();
        HubException e = downloadFails(new TransferLimits(Duration.ofSeconds(30), 1000, Duration.ofSeconds(2)), "main");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(HubException.Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("lento demais"), e.getMessage());
        assertTrue(seconds < 20, "stopped after " + seconds + " s");
    }

    @Test
    void aSilentBodyFailsAfterOneWindowNotFiveStalls() {
        hub.lie("model.safetensors", null, 4096, HostileHub.Body.SILENT);
        long t0 = System.nanoTime();
        HubException e = downloadFails(new TransferLimits(Duration.ofSeconds(1), 1000, Duration.ofSeconds(2)), "main");
        assertEquals(HubException.Reason.NETWORK, e.reason(), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 20);
    }

    @Test
    void twoFilesAdvertisedAtTwoToTheSixtySecondBytesDoNotOverflowTheSpaceCheck() {
        hub.file("model-00001-of-00002.safetensors", new byte[8]);
        hub.file("model-00002-of-00002.safetensors", new byte[8]);
        hub.files.remove("model.safetensors");
        hub.lie("model-00001-of-00002.safetensors", null, 1L << 62, HostileHub.Body.NORMAL);
        hub.lie("model-00002-of-00002.safetensors", null, 1L << 62, HostileHub.Body.NORMAL);
        HubException e = downloadFails(TransferLimits.defaults(), "main");
        assertEquals(HubException.Reason.DISK, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("Espaço em disco insuficiente"), e.getMessage());
    }

    @Test
    void anApiAnswerThatIsNotJsonIsAProtocolErrorNotANetworkOne() {
        hub.apiJson = "<html>502 Bad Gateway</html>";
        HubException e = downloadFails(TransferLimits.defaults(), "main");
        assertEquals(HubException.Reason.PROTOCOL, e.reason(), e.getMessage());
    }
}
