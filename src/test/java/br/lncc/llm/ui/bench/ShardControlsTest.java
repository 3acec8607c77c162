package br.lncc.llm.ui.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.sentiment.SentimentDataset;
import br.lncc.llm.bench.sentiment.SentimentExperiment;
import br.lncc.llm.bench.shard.Shard;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.lessons.PageHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Benchmark tab's cluster row: the Slurm script from the form, and merging a folder of parts. */
class ShardControlsTest {
    static Stage stage;
    static BenchmarkPage page;
    static I18n i18n;
    static final List<String> status = new ArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        page = PageHarness.showOnPrimaryStage(stage, () -> {
            i18n = new I18n(I18n.PT_BR);
            var ctx = PageHarness.context(i18n, status::add);
            var p = new BenchmarkPage(ctx, (id, progress) -> new ArithmeticCompleter());
            return p;
        }, 1200, 850);
    }

    @AfterAll
    static void close() throws Exception {
        fx(() -> {
            stage.hide();
            return null;
        });
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return PageHarness.fx(c, 20);
    }

    @Test
    void mergingAFolderShowsWhatIsMissingThenTheUsualResults(@TempDir Path dir) throws Exception {
        var samples = SentimentDataset.sample(SentimentDataset.demo(), 6, 42);
        var model = new ArithmeticCompleter();
        for (int i : new int[] {1, 3}) {
            new SentimentExperiment().runShard(model, samples, "demo", 42, dir, new Shard(i, 3), false, Map.of(), ProgressSink.NONE);
        }
        var pane = (SentimentPane) page.lookup("#sentiment-pane");
        var view = pane.shards().status();
        fx(() -> {
            pane.shards().merge(dir);
            return null;
        });
        waitUntil(() -> view.result() != null);
        assertEquals("Incompleto: faltam 2 de 6 itens (3 partes); o relatório abaixo tem complete: false.", fx(view::verdictText));
        assertEquals(3, fx(() -> ((TableView<?>) view.lookup("#shard-merge-table")).getItems().size()));
        assertFalse(fx(() -> pane.results().report().complete()));
        assertEquals(4, fx(() -> pane.results().report().metrics().n()));

        new SentimentExperiment().runShard(model, samples, "demo", 42, dir, new Shard(2, 3), false, Map.of(), ProgressSink.NONE);
        fx(() -> {
            pane.shards().merge(dir);
            return null;
        });
        waitUntil(() -> view.result().complete());
        assertEquals("Completo: 6 itens de 3 partes, cada um exatamente uma vez.", fx(view::verdictText));
        assertTrue(fx(() -> pane.results().report().complete()));
        fx(() -> {
            i18n.localeProperty().set(I18n.ENGLISH);
            return null;
        });
        assertEquals("Complete: 6 items from 3 parts, each exactly once.", fx(view::verdictText));
        fx(() -> {
            i18n.localeProperty().set(I18n.PT_BR);
            return null;
        });
    }

    @Test
    void theSlurmButtonWritesAnArrayForTheFormsRun(@TempDir Path out) throws Exception {
        var pane = (EnergyPane) page.lookup("#energy-pane");
        fx(() -> {
            ((TextField) pane.lookup("#energy-models")).setText("gpt2, microsoft/phi-2");
            pane.lookupAll(".text-field").stream().map(n -> (TextField) n)
                    .filter(t -> t.getText().contains("energy")).findFirst().orElseThrow().setText(out.toString());
            pane.shards().setParts(5);
            ((Button) pane.lookup("#energy-slurm")).fire();
            return null;
        });
        Path array = out.resolve("slurm/energy-array.sbatch");
        assertTrue(Files.exists(array), status.toString());
        String script = Files.readString(array);
        assertTrue(script.contains("#SBATCH --array=1-5\n"), script);
        assertTrue(script.contains(" bench energy --models gpt2,microsoft/phi-2 --country BR --estimate machine --max-new-tokens 16 --out "
                + out.toAbsolutePath() + " --shard \"${SLURM_ARRAY_TASK_ID}/5\" --resume"), script);
        assertEquals("bash " + out.toAbsolutePath().resolve("slurm/submit.sh"), fx(() -> pane.shards().submitCommand()));
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!fx(condition) && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(fx(condition), "timed out; status: " + status);
    }
}
