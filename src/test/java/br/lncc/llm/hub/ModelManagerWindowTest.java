package br.lncc.llm.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.models.ModelManagerWindow;
import br.lncc.llm.ui.task.TaskRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The model manager window against a loopback hub (FakeHub lives in this package, hence the
 * test's package): list, import, download with progress, Cancel, and errors.
 */
class ModelManagerWindowTest {
    private static final String REPO = "tiny-org/tiny-gpt2";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private final List<String> status = new CopyOnWriteArrayList<>();
    private FakeHub hub;
    private TaskRunner tasks;
    private ModelManagerWindow window;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void open() throws Exception {
        hub = new FakeHub();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", HubFixtures.gpt2Config());
        files.put("tokenizer.json", "{\"version\":\"1.0\",\"model\":{\"type\":\"BPE\"}}".getBytes(StandardCharsets.UTF_8));
        files.put("model.safetensors", HubFixtures.safetensors("wte.weight", 800_000, 3)); // 3.2 MB
        hub.repo(REPO, COMMIT, files);
        var config = new HubConfig(tmp.resolve("hf/hub"), hub.endpoint(), false, Optional.empty());
        var catalog = new ModelCatalog(new HfCache(config.cacheDir()), tmp.resolve("imported.json"), tmp.resolve("embedded"));
        WaitForAsyncUtils.asyncFx(() -> {
            var i18n = new I18n(I18n.PT_BR);
            tasks = new TaskRunner(i18n, () -> null, status::add);
            var ctx = new PageContext(i18n, tasks, null, status::add, null);
            window = new ModelManagerWindow(ctx, catalog, new HubClient(config));
            window.show();
        }).get(10, TimeUnit.SECONDS);
        waitForTasks();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) w.hide();
        }).get(10, TimeUnit.SECONDS);
        hub.close();
    }

    @Test
    void listsTheEmbeddedModelAndImportedFolders() throws Exception {
        assertEquals(EmbeddedModel.ID, window.entries().get(0).id());
        Path local = HubFixtures.localModel(tmp.resolve("my-gpt2"));
        WaitForAsyncUtils.asyncFx(() -> window.importFolder(local));
        waitForTasks();
        var imported = window.entries().stream().filter(e -> e.source().equals(ModelEntry.IMPORTED)).findFirst().orElseThrow();
        assertEquals(local.toAbsolutePath().toString(), imported.id());
        assertEquals("gpt2", imported.architecture());
        assertEquals(ModelEntry.STATUS_READY, imported.status());
        assertTrue(robot.lookup("pasta importada").tryQuery().isPresent(), "source column is in Portuguese");
    }

    @Test
    void downloadRunsInTheBackgroundAndTheModelAppearsReady() throws Exception {
        hub.chunkDelayMs = 3;
        type(REPO);
        robot.clickOn("#models-download");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".task-detail").tryQuery()
                .map(n -> ((Label) n).getText().contains("MB")).orElse(false));
        waitForTasks();
        var entry = window.entries().stream().filter(e -> e.id().equals(REPO)).findFirst().orElseThrow();
        assertEquals(ModelEntry.STATUS_READY, entry.status());
        assertTrue(entry.sizeBytes() > 3_200_000);
        assertTrue(status.contains("Baixar " + REPO + ": concluído"), status.toString());
        assertFalse(errorDialogOpen());
    }

    @Test
    void cancelStopsTheDownloadWithoutAnError() throws Exception {
        hub.chunkDelayMs = 40; // 50 chunks: two seconds, time to press Cancel mid-file
        type(REPO);
        robot.clickOn("#models-download");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".task-detail").tryQuery()
                .map(n -> ((Label) n).getText().contains("MB /")).orElse(false));
        robot.clickOn(".task-cancel");
        waitForTasks();
        assertTrue(status.contains("Baixar " + REPO + ": cancelado"), status.toString());
        assertFalse(errorDialogOpen());
        assertTrue(window.entries().stream().noneMatch(e -> e.id().equals(REPO) && e.isReady()));
        assertFalse(window.repoField().isDisabled(), "the field is usable again");
    }

    @Test
    void invalidIdIsRejectedWithoutTouchingTheNetwork() throws Exception {
        int before = hub.requests.size();
        type("not a/valid/id");
        robot.clickOn("#models-download");
        WaitForAsyncUtils.waitForFxEvents();
        Label msg = robot.lookup("#models-message").query();
        assertTrue(msg.getText().contains("não é um identificador"), msg.getText());
        assertEquals(before, hub.requests.size());
    }

    @Test
    void unknownRepositoryOpensTheErrorDialog() throws Exception {
        type("nobody/nothing");
        robot.clickOn("#models-download");
        waitForTasks();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, this::errorDialogOpen);
        DialogPane pane = robot.lookup("#error-dialog").query();
        assertTrue(pane.getHeaderText().contains("nobody/nothing"), pane.getHeaderText());
        assertFalse(pane.getContentText().isBlank());
    }

    // Setting the text directly: the robot types one character per event cycle, seconds per id.
    private void type(String text) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.repoField().setText(text)).get(5, TimeUnit.SECONDS);
    }

    private void waitForTasks() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> tasks.running().isEmpty()).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean errorDialogOpen() {
        return Window.getWindows().stream().anyMatch(w -> w.isShowing() && w.getScene() != null
                && w.getScene().getRoot() instanceof DialogPane p && "error-dialog".equals(p.getId()));
    }
}
