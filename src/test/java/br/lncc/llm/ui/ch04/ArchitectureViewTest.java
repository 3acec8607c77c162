package br.lncc.llm.ui.ch04;

import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.task.TaskRunner;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class ArchitectureViewTest {

    @Test
    void pageRendersDiagramsMasksAndTrees() throws Exception {
        FxToolkit.registerPrimaryStage();
        var img = WaitForAsyncUtils.asyncFx(() -> {
            var i18n = new I18n(I18n.PT_BR);
            var view = new ArchitectureView(new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null));
            var stage = shown(view);
            var shot = view.snapshot(null, null);
            stage.hide();
            return shot;
        }).get(60, TimeUnit.SECONDS);
        assertTrue(img.getWidth() > 1000 && img.getHeight() > 800);
        if (System.getProperty("shot") != null) {
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", new java.io.File(System.getProperty("shot")));
        }
    }

    @Test
    void theDiagramTitlesSpeakThePagesLanguage() throws Exception {
        FxToolkit.registerPrimaryStage();
        var titles = WaitForAsyncUtils.asyncFx(() -> {
            var i18n = new I18n(I18n.PT_BR);
            var view = new ArchitectureView(new PageContext(i18n, new TaskRunner(i18n, () -> null, s -> {}), null, s -> {}, null));
            var stage = shown(view);
            var out = new java.util.ArrayList<String>();
            out.add(headings(view));
            i18n.setLocale(I18n.ENGLISH);
            out.add(headings(view));
            stage.hide();
            return out;
        }).get(60, TimeUnit.SECONDS);
        assertTrue(titles.get(0).contains("Transformer genérico"), titles.get(0));
        assertTrue(titles.get(1).contains("Generic Transformer") && !titles.get(1).contains("genérico"), titles.get(1));
    }

    private static Stage shown(ArchitectureView view) {
        var stage = new Stage();
        stage.setScene(new Scene(view, 1300, 900));
        stage.show();
        return stage;
    }

    private static String headings(ArchitectureView view) {
        return view.lookupAll(".page-heading").stream().map(n -> ((javafx.scene.control.Label) n).getText())
                .collect(java.util.stream.Collectors.joining(" | "));
    }
}
