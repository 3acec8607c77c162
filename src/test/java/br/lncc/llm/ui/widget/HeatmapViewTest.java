package br.lncc.llm.ui.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.Appearance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class HeatmapViewTest {
    // The book's 2×2 worked example (Cap. 2.8.6–2.8.8): A = softmax(QKᵀ/√2) for "teddy reads"
    // with QKᵀ = [[1, 1], [1, 2]]; the book prints A ≈ [[0.5, 0.5], [0.33, 0.67]].
    private static final double[][] A = attention();
    private static final List<String> TOKENS = List.of("teddy", "reads");

    private static double[][] attention() {
        double[][] qk = {{1, 1}, {1, 2}};
        double[][] a = new double[2][2];
        for (int r = 0; r < 2; r++) {
            double e0 = Math.exp(qk[r][0] / Math.sqrt(2));
            double e1 = Math.exp(qk[r][1] / Math.sqrt(2));
            a[r][0] = e0 / (e0 + e1);
            a[r][1] = e1 / (e0 + e1);
        }
        return a;
    }

    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private HeatmapView map;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void show() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            map = new HeatmapView();
            map.setData(A, TOKENS, TOKENS);
            map.setShowValues(true);
            stage = new Stage();
            stage.setScene(new Scene(new StackPane(map), 420, 320));
            stage.show();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void cellsAreColouredByTheColormapBetweenDataMinAndMax() throws Exception {
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> map.snapshot(null, null)).get(10, TimeUnit.SECONDS);
        assertEquals(0.33, A[1][0], 0.005); // the book's rounding
        assertEquals(0.67, A[1][1], 0.005);
        // Max (reads→reads) is viridis' yellow end, min (reads→teddy) its purple start, 0.5 the middle.
        assertColor(Colormap.VIRIDIS.at(1), pixelNearCellCorner(img, 1, 1));
        assertColor(Colormap.VIRIDIS.at(0), pixelNearCellCorner(img, 1, 0));
        assertColor(Colormap.VIRIDIS.at(0.5), pixelNearCellCorner(img, 0, 0));
    }

    @Test
    void highContrastThemeSwitchesTheColormap() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> Appearance.app().highContrastProperty().set(true)).get(5, TimeUnit.SECONDS);
        try {
            WritableImage img = WaitForAsyncUtils.asyncFx(() -> map.snapshot(null, null)).get(10, TimeUnit.SECONDS);
            assertEquals(Colormap.HIGH_CONTRAST, map.effectiveColormap());
            assertColor(Color.WHITE, pixelNearCellCorner(img, 1, 1));
            assertColor(Color.BLACK, pixelNearCellCorner(img, 1, 0));
        } finally {
            WaitForAsyncUtils.asyncFx(() -> Appearance.app().highContrastProperty().set(false)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void hoverShowsTheExactValueAndClickReportsTheRow() throws Exception {
        var clicked = new AtomicInteger(-1);
        map.setOnRowClicked(clicked::set);
        Point2D c = map.cellCenter(1, 0);
        robot.moveTo(map.localToScreen(c));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("reads → teddy: " + A[1][0], map.tooltip().getText());
        robot.clickOn(map.localToScreen(c));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, clicked.get());
        assertEquals(1, map.selectedRowProperty().get());
    }

    @Test
    void exportsPngAndCsv(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("attention.png");
        Path csv = dir.resolve("attention.csv");
        WaitForAsyncUtils.asyncFx(() -> {
            map.exportPng(png);
            map.exportCsv(csv);
            return null;
        }).get(10, TimeUnit.SECONDS);
        var image = ImageIO.read(png.toFile());
        assertEquals(Math.round(map.getWidth() * 2), image.getWidth(), 1);
        assertEquals(",teddy,reads\r\nteddy,0.5,0.5\r\nreads," + A[1][0] + "," + A[1][1] + "\r\n", Files.readString(csv));
    }

    @Test
    void csvQuotesLabelsWithCommas() {
        assertEquals("\"a,b\"", CsvTable.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvTable.cell("say \"hi\""));
        assertEquals("0.1", CsvTable.cell(0.1f));
    }

    private Color pixelNearCellCorner(WritableImage img, int row, int col) {
        // Sample near the cell's top-left corner, away from the number drawn in its centre.
        Point2D center = map.cellCenter(row, col);
        double cell = map.cellCenter(1, 1).getX() - map.cellCenter(0, 0).getX();
        return img.getPixelReader().getColor((int) (center.getX() - cell * 0.4), (int) (center.getY() - cell * 0.4));
    }

    private static void assertColor(Color expected, Color actual) {
        String msg = expected + " vs " + actual;
        assertEquals(expected.getRed(), actual.getRed(), 0.03, msg);
        assertEquals(expected.getGreen(), actual.getGreen(), 0.03, msg);
        assertEquals(expected.getBlue(), actual.getBlue(), 0.03, msg);
    }
}
