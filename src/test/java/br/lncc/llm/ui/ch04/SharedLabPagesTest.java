package br.lncc.llm.ui.ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.session.ModelFormat;
import br.lncc.llm.session.ModelSessions;
import br.lncc.llm.session.SessionKey;
import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 13: the Cap. 4 pages hold no lab of their own. 4.8 and Practice 1 work on the one lab
 * the app's ModelSessions keeps for 4.8–4.12, Cap. 7's LoRA on the same folder shares its model,
 * and releasing the lab gives its lease back while the pages show no model.
 */
class SharedLabPagesTest {
    private static final Path GPT2 = Path.of("src/test/resources/fixtures/gpt2-tiny");
    private static final String LORA = "test 7.10 (shared lab)";

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    /** Holders of {@code key} that this test's pages or LoRA put there (other classes' pages may hold it too). */
    private static List<String> holders(SessionKey key) {
        return ModelSessions.app().holdings().stream().filter(h -> h.key().equals(key))
                .flatMap(h -> h.holders().stream()).filter(h -> h.equals(GenerationLab.HOLDER) || h.equals(LORA)).sorted().toList();
    }

    @Test
    void twoPagesWorkOnOneLabSharedWithCap7AndReleasingItReturnsTheLease(@TempDir Path dir) throws Exception {
        var key = SessionKey.of(GPT2, ModelFormat.FP32);
        var lab = GenerationLab.lease(GPT2, GenerationLab.HOLDER);
        onFx(() -> {
            LabModel.shared().set(lab);
            return null;
        });
        var i18n = new I18n(I18n.PT_BR);
        var ctx = new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null);
        var generation = onFx(() -> new GenerationLabView(ctx, 0));
        var practice = onFx(() -> new Practice1View(ctx, dir.resolve("answers.json")));
        try (var lora = new LabModelSource.Folder(GPT2).openFor(TrainingMethod.LORA, LORA)) {
            assertSame(lab, onFx(generation::lab));
            assertSame(lab, onFx(practice::lab));
            // Cap. 7.10's LoRA on the same folder freezes the very arrays the pages generate with.
            assertEquals(List.of(GenerationLab.HOLDER, LORA), holders(key));
            assertSame(((Gpt2) lab.model()).parameters().get("wte.weight"), lora.dense().get("wte.weight"));

            onFx(() -> {
                LabModel.shared().release();
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertNull(onFx(generation::lab));
            assertNull(onFx(practice::lab));
            assertEquals(List.of(LORA), holders(key), "the pages' lease returned, LoRA's kept");
        } finally {
            onFx(() -> {
                LabModel.shared().set(null);
                return null;
            });
        }
        assertEquals(List.of(), holders(key), "nothing held after the last holder");
    }
}
