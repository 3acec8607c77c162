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
            var stage = new Stage();
            stage.setScene(new Scene(view, 1300, 900));
            stage.show();
            var shot = view.snapshot(null, null);
            stage.hide();
            return shot;
        }).get(60, TimeUnit.SECONDS);
        assertTrue(img.getWidth() > 1000 && img.getHeight() > 800);
        if (System.getProperty("shot") != null) {
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", new java.io.File(System.getProperty("shot")));
        }
    }
}
