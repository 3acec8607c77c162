package br.lncc.llm.ui.ch02;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 2.4.7: token labels of points that sit together in PC space do not cover each other, and the plot fits its pane. */
class PcaCanvasTest {
    private static Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        stage = br.lncc.llm.ui.lessons.PageHarness.toolkit();
    }

    @Test
    void labelsOfClusteredPointsAreSpreadAndThePlotIsNoWiderThanItsPane() throws Exception {
        // Five tokens almost on one spot (like "a", "is", "." in the book's sentence) and one far away.
        double[][] points = {{0.50, 0.10}, {0.51, 0.11}, {0.50, 0.12}, {0.52, 0.10}, {0.51, 0.09}, {-2, 0.8}};
        var labels = List.of("1:a", "5:is", "9:.", "7:a", "10:[SEP]", "0:[CLS]");
        var canvas = new PcaCanvas(820, 560);
        var box = new VBox(canvas);
        var list = br.lncc.llm.ui.lessons.PageHarness.fx(() -> {
            stage.setScene(new Scene(new VBox(), 100, 100)); // the scene's own size only counts on a fresh scene
            stage.setWidth(600);
            stage.setHeight(700);
            stage.setScene(new Scene(box));
            stage.show();
            canvas.setData(points, labels, List.of(), "PC1", "PC2");
            box.applyCss();
            box.layout();
            return canvas.labelBoxes();
        });
        assertEquals(6, list.size());
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                assertEquals(0, PcaCanvas.intersection(list.get(i), list.get(j)), 0.5,
                        labels.get(i) + " " + list.get(i) + " overlaps " + labels.get(j) + " " + list.get(j));
            }
        }
        double pane = box.getWidth();
        assertTrue(canvas.getCanvasWidth() <= pane, "plot " + canvas.getCanvasWidth() + " px in a " + pane + " px pane");
    }
}
