package br.lncc.llm.ui.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.task.CancelledException;
import br.lncc.llm.ui.I18n;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Background jobs: progress reaches the status bar, Cancel stops the work, errors open the dialog. */
class TaskRunnerTest {
    private final FxRobot robot = new FxRobot();
    private final List<String> statusLines = new CopyOnWriteArrayList<>();
    private final I18n i18n = new I18n(I18n.PT_BR);
    private Stage stage;
    private TaskRunner runner;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void showTaskArea() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            stage = new Stage();
            runner = new TaskRunner(i18n, () -> stage, statusLines::add);
            stage.setScene(new Scene(new TaskArea(runner, i18n), 700, 120));
            stage.show();
        }).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && w.getScene() != null && w.getScene().getRoot() instanceof DialogPane) w.hide();
            }
            stage.hide();
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLongTitleAndDetailNeverCutTheCancelButton() throws Exception {
        // Seen in the real window (9.1.3's sweep, 1400 px): a model path as title and a long detail
        // squeezed Cancel to "Ca…". Title and detail may shorten (their tooltips hold them); Cancel may not.
        var release = new CountDownLatch(1);
        String title = "Laboratório de compressão: /root/.llm-course-companion/models/course-gpt2-foca";
        WaitForAsyncUtils.asyncFx(() -> runner.run(title, sink -> {
            sink.update(1, 2, "varredura: uniform a 1 bits · 12999 / 13000 · etapa longa de propósito");
            release.await(30, TimeUnit.SECONDS);
            return "done";
        }, r -> {}));
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".task-cancel").tryQuery().isPresent());
            WaitForAsyncUtils.waitForFxEvents();
            String[] shown = WaitForAsyncUtils.asyncFx(() -> {
                stage.setWidth(520);
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                Button cancel = robot.lookup(".task-cancel").query();
                var text = (javafx.scene.text.Text) cancel.lookup(".text");
                Label titleLabel = robot.lookup(".task-title").query();
                return new String[] {cancel.getText(), text.getText(),
                        titleLabel.getTooltip() == null ? null : titleLabel.getTooltip().getText()};
            }).get(10, TimeUnit.SECONDS);
            assertEquals(shown[0], shown[1], "Cancel is shown whole");
            assertEquals(title, shown[2], "the title's tooltip holds it whole");
        } finally {
            release.countDown();
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runner.running().isEmpty());
        }
    }

    @Test
    void progressIsShownAndCancelStopsTheWorkWithoutError() throws Exception {
        var stopped = new CountDownLatch(1);
        var sawCancel = new AtomicBoolean();
        var delivered = new AtomicBoolean();
        WaitForAsyncUtils.asyncFx(() -> runner.run("Treino de teste", sink -> {
            try {
                for (int step = 1; step <= 100_000; step++) {
                    sink.update(step, 100_000, "época 1");
                    if (sink.isCancelled()) sawCancel.set(true);
                    sink.checkCancelled();
                    Thread.sleep(2);
                }
                return "done";
            } finally {
                stopped.countDown();
            }
        }, r -> delivered.set(true)));

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".task-detail").tryQuery()
                .map(n -> ((Label) n).getText().contains(" / 100000")).orElse(false));
        Label detail = robot.lookup(".task-detail").query();
        assertTrue(detail.getText().startsWith("época 1 · "), detail.getText());
        double progress = WaitForAsyncUtils.asyncFx(() -> runner.running().get(0).progressProperty().get())
                .get(5, TimeUnit.SECONDS);
        assertTrue(progress > 0 && progress < 1, "progress " + progress);

        robot.clickOn(".task-cancel");
        assertTrue(stopped.await(10, TimeUnit.SECONDS), "work stopped after Cancel");
        assertTrue(sawCancel.get());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runner.running().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(delivered.get(), "a cancelled job delivers no result");
        assertEquals("Treino de teste: cancelado", statusLines.get(statusLines.size() - 1));
        assertFalse(errorDialogOpen(), "cancel is not an error");
    }

    @Test
    void resultArrivesOnTheFxThread() throws Exception {
        var result = new AtomicReference<String>();
        var onFx = new AtomicBoolean();
        var finished = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> runner.run("Soma", ProgressUnit.STEPS, sink -> {
            assertFalse(Platform.isFxApplicationThread());
            return "42";
        }, r -> {
            onFx.set(Platform.isFxApplicationThread());
            result.set(r);
        }, finished::countDown));
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        assertEquals("42", result.get());
        assertTrue(onFx.get());
    }

    @Test
    void cancelledExceptionFromTheWorkIsNotAnError() throws Exception {
        var finished = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> runner.run("Download", ProgressUnit.BYTES, sink -> {
            throw new CancelledException();
        }, r -> {}, finished::countDown));
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(errorDialogOpen());
        assertEquals("Download: cancelado", statusLines.get(statusLines.size() - 1));
    }

    @Test
    void failureOpensDialogWithMessageAndCopyableDetails() throws Exception {
        var finished = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> runner.run("Carregar modelo", sink -> {
            throw new IllegalStateException("o arquivo model.safetensors está truncado",
                    new java.io.EOFException("header says 497 MB, file has 12 MB"));
        }, r -> {}, finished::countDown));
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, this::errorDialogOpen);
        DialogPane pane = robot.lookup("#error-dialog").query();
        assertEquals("Carregar modelo: falhou", pane.getHeaderText());
        assertTrue(pane.getContentText().startsWith("o arquivo model.safetensors está truncado"));
        assertTrue(pane.getContentText().contains("header says 497 MB"));
        TextArea details = (TextArea) pane.getExpandableContent().lookup("#error-details");
        assertTrue(details.getText().contains("java.lang.IllegalStateException"));
        assertFalse(details.isEditable());
        Button copy = (Button) pane.getExpandableContent().lookup("#error-copy");
        WaitForAsyncUtils.asyncFx(copy::fire).get(5, TimeUnit.SECONDS);
        String clip = WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get(5, TimeUnit.SECONDS);
        assertTrue(clip.contains("EOFException"));
    }

    @Test
    void progressLineShowsBytesPercentAndEta() {
        assertEquals("modelo · 12 MB / 48 MB · 25% · faltam 1 min 5 s",
                ProgressText.format(i18n, ProgressUnit.BYTES, 12L << 20, 48L << 20, "modelo", 65));
        assertEquals("1,5 MB", ProgressText.bytes(3L << 19, i18n.getLocale()));
        assertEquals("3 / 10 · 30%", ProgressText.format(i18n, ProgressUnit.STEPS, 3, 10, null, -1));
        var en = new I18n(I18n.ENGLISH);
        assertEquals("1.5 KB / 3.0 KB · 50% · 2 s left",
                ProgressText.format(en, ProgressUnit.BYTES, 1536, 3072, "", 2));
    }

    private boolean errorDialogOpen() {
        return Window.getWindows().stream().anyMatch(w -> w.isShowing() && w.getScene() != null
                && w.getScene().getRoot() instanceof DialogPane p && "error-dialog".equals(p.getId()));
    }
}
