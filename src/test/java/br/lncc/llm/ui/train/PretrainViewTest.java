package br.lncc.llm.ui.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.ch04.LabModel;
import br.lncc.llm.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Cap. 6.1–6.4 page headless: start, a sample appears, cancel keeps curves and checkpoint, the saved model opens in 4.8. */
class PretrainViewTest {
    private static Stage stage;
    private static PretrainView view;

    @BeforeAll
    static void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        fx(() -> {
            var i18n = new I18n(I18n.PT_BR);
            var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null);
            view = new PretrainView(ctx);
            stage = new Stage();
            stage.setScene(new Scene(view, 1200, 780));
            stage.show();
            return null;
        });
    }

    @AfterAll
    static void hide() throws Exception {
        fx(() -> {
            stage.hide();
            return null;
        });
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out");
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(50);
        }
    }

    @Test
    void trainsShowsASampleCancelsKeepingCurvesAndTheSavedModelOpensInTheGenerationLab(@TempDir Path dir) throws Exception {
        String size = fx(() -> ((javafx.scene.control.Label) view.lookup("#pretrain-size-info")).getText());
        assertTrue(size.contains("parâmetros") && size.contains("MiB"), size);
        fx(() -> {
            view.tokenizer.setValue("char");
            view.layers.setText("1");
            view.heads.setText("2");
            view.dim.setText("32");
            view.context.setText("32");
            view.steps.setText("2000");
            view.batch.setText("8");
            view.lr.setText("3e-3");
            view.evalEvery.setText("10");
            view.start.fire();
            return null;
        });
        // Samples come every 20 steps: wait for one written after training started.
        waitFor(() -> view.samples.getItems().stream().anyMatch(s -> s.get().startsWith("[passo 20]")), 120);
        fx(() -> {
            view.cancel.fire();
            return null;
        });
        waitFor(() -> !view.start.isDisabled(), 60);
        var chart = (LineChart<?, ?>) view.lookup("#pretrain-curves");
        assertTrue(fx(() -> chart.getData().get(0).getData().size()) >= 4, "training curve kept (one point every 4 steps of 2000)");
        assertTrue(fx(() -> chart.getData().get(1).getData().size()) >= 2, "validation points kept");
        assertTrue(Files.isRegularFile(view.runFolder.resolve("checkpoint/trainer_state.json")), "checkpoint kept");
        assertFalse(fx(() -> view.save.isDisabled()));
        String status = fx(() -> ((javafx.scene.control.Label) view.lookup("#pretrain-status")).getText());
        assertTrue(status.startsWith("Cancelado"), status);

        Path saved = fx(() -> view.saveTo(dir.resolve("meu-gpt2")));
        assertTrue(LabModel.candidates().stream().anyMatch(e -> e.path().equals(saved)), "listed for the 4.8 picker");
        try (GenerationLab lab = GenerationLab.open(saved)) {
            long[] ids = lab.encode("O modelo", 8).ids();
            assertTrue(lab.nextLogits(ids).length == lab.model().vocabSize());
        }
    }
}
