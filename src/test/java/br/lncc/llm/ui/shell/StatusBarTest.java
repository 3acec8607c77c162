package br.lncc.llm.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Status messages belong to their page: a plain one goes when another page opens; a warning stays. */
class StatusBarTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aPlainMessageIsClearedByTheNextPageAndAWarningIsNot() throws Exception {
        assertEquals("", fx(() -> {
            var bar = new StatusBar();
            bar.show("BERT-base: analisando a frase: concluído");
            bar.pageChanged();
            return bar.text();
        }));
        assertEquals("settings not saved", fx(() -> {
            var bar = new StatusBar();
            bar.warn("settings not saved", null);
            bar.pageChanged();
            return bar.text();
        }));
    }
}
