package br.lncc.llm.ui.ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class Practice1ViewTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static PageContext context() {
        var i18n = new I18n(I18n.PT_BR);
        return new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null);
    }

    /**
     * Opened directly (4.8 never visited), 4.15 loads the course model into the app's shared lab and
     * says what it is. The lab is emptied afterwards: later test classes count the model's holders.
     */
    @Test
    void openedDirectlyItLoadsTheCourseModelAndSaysWhatItIs(@TempDir Path dir) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> LabModel.shared().set(null)).get(30, TimeUnit.SECONDS);
        var view = WaitForAsyncUtils.asyncFx(() -> new Practice1View(context(), dir.resolve("answers.json"))).get(30, TimeUnit.SECONDS);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (WaitForAsyncUtils.asyncFx(() -> LabModel.shared().get() == null).get(30, TimeUnit.SECONDS)) {
                assertTrue(System.nanoTime() < end, "the course model was not loaded");
                Thread.sleep(50);
            }
            assertTrue(LabModel.shared().get().courseModel());
            String line = WaitForAsyncUtils.asyncFx(() -> view.modelLine()).get(30, TimeUnit.SECONDS);
            assertTrue(line.contains("não é o GPT-2") && line.contains("parte C"), line);
        } finally {
            WaitForAsyncUtils.asyncFx(() -> LabModel.shared().set(null)).get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void emptyTheSharedLab() throws Exception {
        // The other tests' views start the same load: wait for it, then release the model.
        Thread.sleep(200);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end && WaitForAsyncUtils.asyncFx(() -> LabModel.shared().get() == null).get(30, TimeUnit.SECONDS)) {
            Thread.sleep(50);
        }
        WaitForAsyncUtils.asyncFx(() -> LabModel.shared().set(null)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void answersAreSavedAsTypedAndComeBackInANewView(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("answers.json");
        String md = WaitForAsyncUtils.asyncFx(() -> {
            var view = new Practice1View(context(), file);
            view.answer("D.1", "O top-p.");
            view.answer("D.2", "Aumentaria.");
            return view.markdown();
        }).get(30, TimeUnit.SECONDS);
        assertTrue(Files.readString(file).contains("Aumentaria."));
        assertTrue(md.contains("**D.1** Qual parâmetro") && md.contains("O top-p."), md);
        String again = WaitForAsyncUtils.asyncFx(() -> new Practice1View(context(), file).markdown()).get(30, TimeUnit.SECONDS);
        assertEquals(md.substring(md.indexOf("## ")), again.substring(again.indexOf("## ")));
    }

    @Test
    void corruptAnswersFileStartsBlankWithoutCrashing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("answers.json");
        Files.writeString(file, "{not json");
        String md = WaitForAsyncUtils.asyncFx(() -> new Practice1View(context(), file).markdown()).get(30, TimeUnit.SECONDS);
        assertTrue(md.contains("_(sem resposta)_"));
    }
}
