package br.lncc.llm.ui.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.bench.ArithmeticCompleter;
import br.lncc.llm.bench.sentiment.SampleResult;
import br.lncc.llm.bench.sentiment.SentimentMetrics;
import br.lncc.llm.bench.sentiment.SentimentReport;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.lessons.PageHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Benchmark page headless: a run through the task framework, the analysis, the filters. */
class BenchmarkPageTest {
    static Stage stage;
    static BenchmarkPage page;
    static final I18n i18n = new I18n(I18n.PT_BR);
    static final List<String> status = new ArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        page = PageHarness.showOnPrimaryStage(stage, () -> {
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
    void energyRunsInTheBackgroundAndShowsItsAnalysis(@TempDir Path out) throws Exception {
        var pane = (EnergyPane) page.lookup("#energy-pane");
        fx(() -> {
            ((TextField) pane.lookup("#energy-models")).setText("stand-in");
            // the results-folder field is the only other TextField holding a path
            pane.lookupAll(".text-field").stream().map(n -> (TextField) n)
                    .filter(t -> t.getText().contains("energy")).findFirst().orElseThrow().setText(out.toString());
            ((javafx.scene.control.Button) pane.lookup("#energy-run")).fire();
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        var analysis = (EnergyAnalysisView) pane.lookup("#energy-analysis");
        while (fx(() -> analysis.reports().isEmpty()) && System.nanoTime() < deadline) Thread.sleep(100);
        assertEquals(1, fx(() -> analysis.reports().size()));
        assertEquals(40, fx(() -> analysis.reports().get(0).totalQueries()), "the project's 40 math queries");
        var tests = fx(() -> ((TableView<?>) analysis.lookup("#energy-tests")).getItems().size());
        assertEquals(6, tests, "one model: only the correlations (3 pairs × Pearson/Spearman)");
        assertTrue(Files.exists(out.resolve("environmental_data_arith_test.json")));
        assertTrue(fx(() -> ((javafx.scene.control.Label) pane.lookup("#energy-method")).getText()).contains("ESTIMADA"));
        // A language switch redraws the method line and the charts' titles (they stayed English in pt-BR).
        fx(() -> {
            i18n.setLocale(I18n.ENGLISH);
            return null;
        });
        try {
            assertTrue(fx(() -> ((javafx.scene.control.Label) pane.lookup("#energy-method")).getText()).startsWith("Energy ESTIMATED"));
            assertTrue(fx(() -> analysis.lookupAll("*").stream().anyMatch(n -> n instanceof org.jfree.chart.fx.ChartViewer v
                    && v.getChart().getTitle().getText().equals("Latency per query"))), "the charts follow the switch");
        } finally {
            fx(() -> {
                i18n.setLocale(I18n.PT_BR);
                return null;
            });
        }

        // Run again with "continue" unticked: the 40 measurements must survive, and the run must say why it stopped.
        Path log = br.lncc.llm.bench.energy.EnergyBenchmark.logFile(out, "arith_test");
        long lines = Files.readAllLines(log).size();
        int before = status.size();
        fx(() -> {
            ((javafx.scene.control.Button) pane.lookup("#energy-run")).fire();
            return null;
        });
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (status.stream().skip(before).noneMatch(m -> m.contains("falhou") || m.contains("failed"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(status.stream().skip(before).anyMatch(m -> m.contains("falhou") || m.contains("failed")), status.toString());
        assertEquals(lines, Files.readAllLines(log).size(), "nothing measured was deleted");
        fx(() -> {
            for (var w : new ArrayList<>(javafx.stage.Window.getWindows())) if (w != stage) w.hide(); // the error dialog
            return null;
        });
    }

    @Test
    void sentimentRunsOnTheDemoSetAndShowsTheTable(@TempDir Path out) throws Exception {
        var pane = (SentimentPane) page.lookup("#sentiment-pane");
        var view = (SentimentResultsView) pane.lookup("#sentiment-results");
        fx(() -> {
            ((TextField) pane.lookup("#sentiment-model")).setText("stand-in");
            pane.lookupAll(".text-field").stream().map(n -> (TextField) n)
                    .filter(t -> t.getText().contains("sentiment")).findFirst().orElseThrow().setText(out.toString());
            assertTrue(pane.lookup("#sentiment-demo-warning").isVisible(), "demo data is labelled as such");
            ((javafx.scene.control.Button) pane.lookup("#sentiment-run")).fire();
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (fx(() -> view.report() == null || !view.report().complete()) && System.nanoTime() < deadline) Thread.sleep(100);
        assertEquals(16, fx(() -> view.report().metrics().n()));
        // the stand-in: the normal prompt is right on negatives and on "excelente", the repeated one on positives
        assertEquals(16, fx(() -> view.visibleSamples().size()));
        assertTrue(Files.exists(out.resolve("sentiment_arith_test.jsonl")));
        var record = (br.lncc.llm.ui.widget.RecordExport) pane.lookup("#sentiment-record");
        assertTrue(fx(() -> !record.button().isDisabled()), "the finished run can be exported as an experiment record");
    }

    @Test
    void sentimentTableFiltersToDisagreements() throws Exception {
        List<SampleResult> rs = List.of(
                new SampleResult(1, "a", "positivo", "t1", "positivo", "positivo", true, true, 0.1, 0.2, 10, 20, false),
                new SampleResult(2, "b", "negativo", "t2", "negativo", "positivo", true, false, 0.1, 0.2, 10, 20, false),
                new SampleResult(3, "c", "positivo", "t3", "neg", "positivo", false, true, 0.1, 0.2, 10, 20, false));
        var report = new SentimentReport("m", "demo", 3, 42, 3, true, SentimentMetrics.of(rs), rs);
        var view = (SentimentResultsView) page.lookup("#sentiment-results");
        assertEquals(3, fx(() -> {
            view.show(report);
            return view.visibleSamples().size();
        }));
        assertEquals(List.of(2, 3), fx(() -> {
            view.setOnlyDiscordant(true);
            return view.visibleSamples().stream().map(SampleResult::index).toList();
        }));
        fx(() -> {
            view.setOnlyDiscordant(false);
            return null;
        });
    }

    @Test
    void rarityTableCalculatesSelectionWithBaselines() throws Exception {
        var pane = (RarityPane) page.lookup("#rarity-pane");
        var results = fx(() -> {
            pane.calculate();
            return pane.results();
        });
        assertTrue(results.stream().anyMatch(r -> r.model().equals("Llama 3.1 8B") && r.baseline()));
        assertTrue(results.stream().anyMatch(r -> r.model().equals("Llama 3.3 70B") && r.baseline()));
        assertTrue(results.stream().noneMatch(r -> r.model().equals("Phi 3 14B")), "older version filtered out");
    }
}
