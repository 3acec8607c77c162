package br.lncc.llm.ui.ch03;

import static br.lncc.llm.ui.lessons.PageHarness.fx;
import static org.junit.jupiter.api.Assertions.*;

import br.lncc.llm.lesson.ch03.Rope;
import br.lncc.llm.ui.lessons.PageHarness;
import br.lncc.llm.ui.widget.HeatmapView;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.layout.StackPane;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RoPE logits heatmap of Cap. 3.5 rendered headless against a committed golden image. Text
 * antialiasing may differ between machines, so up to 2% of the pixels may differ by more than a
 * small amount; a wrong colour map, scale or layout changes far more than that.
 */
class RopeHeatmapGoldenTest {
    private static final String GOLDEN = "/br/lncc/llm/ui/ch03/rope-logits-golden.png";
    private final PageHarness harness = new PageHarness();

    @BeforeAll
    static void toolkit() throws Exception {
        PageHarness.toolkit();
    }

    @AfterEach
    void hide() throws Exception {
        harness.hide();
    }

    @Test
    void ropeLogitsHeatmapMatchesGoldenImage() throws Exception {
        var logits = Rope.logits(Rope.toyX(), Rope.toyPositions(), Rope.BOOK_BASE);
        var map = fx(() -> {
            var m = new HeatmapView();
            m.setShowValues(true);
            m.setValueFormat("%.4f");
            m.setData(logits.withRope(), Rope.TOY_TOKENS, Rope.TOY_TOKENS);
            return m;
        });
        harness.show(new StackPane(map), 360, 300);
        BufferedImage actual = SwingFXUtils.fromFXImage(fx(() -> map.snapshot(null, null)), null);
        Path out = Path.of("target", "lesson-shots", "rope-logits-actual.png");
        Files.createDirectories(out.getParent());
        ImageIO.write(actual, "png", out.toFile());
        BufferedImage golden;
        try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
            assertNotNull(in, "golden image missing; the actual rendering is in " + out);
            golden = ImageIO.read(in);
        }
        assertEquals(golden.getWidth(), actual.getWidth());
        assertEquals(golden.getHeight(), actual.getHeight());
        int differing = 0;
        for (int y = 0; y < golden.getHeight(); y++) {
            for (int x = 0; x < golden.getWidth(); x++) {
                int a = golden.getRGB(x, y), b = actual.getRGB(x, y);
                int d = Math.max(Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)),
                        Math.max(Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)), Math.abs((a & 255) - (b & 255))));
                if (d > 40) differing++;
            }
        }
        double share = differing / (double) (golden.getWidth() * golden.getHeight());
        assertTrue(share < 0.02, "pixels differing from the golden image: " + share + " (see " + out + ")");
    }
}
