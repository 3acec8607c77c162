package br.lncc.llm.ui.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.lesson.ch09.ExperimentRecord;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The lab pages' record button: disabled until a run finished, then JSON + Markdown and the 8.6 checklist beside it. */
class RecordExportTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void exportWritesJsonAndMarkdownAndShowsWhatTheRecordLacks(@TempDir Path dir) throws Exception {
        var i18n = new I18n(I18n.ENGLISH);
        var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null);
        var md = new CompletableFuture<Path>();
        var widget = WaitForAsyncUtils.asyncFx(() -> {
            var w = new RecordExport(ctx, "test");
            assertTrue(w.button().isDisabled(), "nothing run yet");
            w.setSource(locale -> {
                var b = ExperimentRecord.builder("grid", "4.12").model("gpt2-tiny", Path.of("src/test/resources/fixtures/gpt2-tiny"))
                        .precision("fp32").setting("temperature", 0.7, "page");
                b.output(b.prompt("Transformers are"), "τ=0.7", "texto");
                return b.build();
            });
            w.export(dir.resolve("run.json"), md::complete);
            return w;
        }).get(30, TimeUnit.SECONDS);
        Path markdown = md.get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(dir.resolve("run.md"), markdown);
        var back = ExperimentRecord.fromJson(Files.readString(dir.resolve("run.json")));
        assertEquals("0.7", back.settings().get(0).value());
        assertTrue(Files.readString(markdown).contains("- [ ] seed — missing"));
        List<String> shown = WaitForAsyncUtils.asyncFx(() -> widget.getChildren().stream().filter(n -> n instanceof FlowPane)
                .flatMap(n -> ((FlowPane) n).getChildren().stream()).map(n -> ((Label) n).getText()).toList()).get(10, TimeUnit.SECONDS);
        assertTrue(shown.contains("✗ seed"), shown.toString());
        assertTrue(shown.contains("✓ prompts verbatim"), shown.toString());
    }
}
