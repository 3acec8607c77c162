package br.lncc.llm.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.lessons.PageHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Status messages belong to their page: a plain one goes when another page opens; a warning stays. */
class StatusBarTest {

    @BeforeAll
    static void toolkit() throws Exception {
        PageHarness.toolkit();
    }

    @Test
    void aPlainMessageIsClearedByTheNextPageAndAWarningIsNot() throws Exception {
        assertEquals("", PageHarness.fx(() -> {
            var bar = new StatusBar();
            bar.show("BERT-base: analisando a frase: concluído");
            bar.pageChanged();
            return bar.text();
        }));
        assertEquals("settings not saved", PageHarness.fx(() -> {
            var bar = new StatusBar();
            bar.warn("settings not saved", null);
            bar.pageChanged();
            return bar.text();
        }));
    }

    @Test
    void aLongMessageBesideARunningTaskWrapsAtPresenterScaleAndItsTooltipHoldsItWhole() throws Exception {
        String text = "Pré-treino: medindo a qualidade do modelo (60 amostras a τ = 0,2, 0,8 e 1,5) — pode levar um minuto";
        var result = PageHarness.fx(() -> {
            var bar = new StatusBar();
            // Stand-in for the task area a running job puts on the right (title, progress, ETA, Cancel).
            var task = new javafx.scene.layout.Region();
            task.setMinWidth(420);
            task.setPrefWidth(420);
            bar.getChildren().add(task);
            var root = new javafx.scene.layout.VBox(bar);
            root.setStyle("-fx-font-size: 19.5px;"); // 1.5 × 13 px
            var stage = new javafx.stage.Stage();
            stage.setScene(new javafx.scene.Scene(root, 900, 200));
            stage.show();
            bar.show(text);
            root.applyCss();
            root.layout();
            var cut = Truncation.truncated(bar);
            String tip = bar.messageLabel().getTooltip() == null ? null : bar.messageLabel().getTooltip().getText();
            double height = bar.messageLabel().getHeight();
            double line = bar.messageLabel().getFont().getSize();
            stage.close();
            return new Object[] {cut, tip, height, line};
        });
        assertEquals(java.util.List.of(), result[0], "the message is not cut with an ellipsis");
        assertEquals(text, result[1], "the tooltip holds the whole message");
        assertTrue((double) result[2] > 1.8 * (double) result[3], "it wraps onto a second line: " + result[2]);
    }
}
