package br.lncc.llm.ui.ch03;

import static br.lncc.llm.ui.lessons.PageHarness.fx;
import static org.junit.jupiter.api.Assertions.*;

import br.lncc.llm.ui.lessons.PageHarness;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Ch03PagesTest {
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
    void ropePageShowsBookLogitsAndIdenticalLogitsUnderShift() throws Exception {
        var view = fx(() -> new Ch03RopeView(harness.context()));
        harness.show(view.root(), 1200, 850);
        assertEquals(-0.1555842561, view.ropeMap().value(0, 1), 1e-9);
        assertEquals(0.3443907441, view.ropeMap().value(1, 2), 1e-9);
        assertEquals(0.5, view.plainMap().value(0, 1), 1e-12);
        @SuppressWarnings("unchecked")
        Spinner<Integer> shift = (Spinner<Integer>) view.root().lookup("#rope-shift");
        for (int k : new int[] {3, 1000}) {
            fx(() -> {
                shift.getValueFactory().setValue(k);
                return null;
            });
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(view.ropeMap().value(i, j), view.shiftedMap().value(i, j), 1e-9, "k=" + k);
                }
            }
            assertTrue(((Label) view.root().lookup("#rope-proof")).getText().contains("idênticos"));
        }
        harness.snapshot("3.4-rope");
        // The slider's 30° is read in both units, with the page's decimal separator
        assertEquals("θ = 30° = 0,5236 rad = 0,167·π", ((Label) view.root().lookup("#rope-angle-value")).getText());

        // The exercise: reads = [1, −1, 0, 0]; (0, 2) without RoPE becomes 1/2
        fx(() -> {
            ((Button) view.root().lookup("#rope-exercise")).fire();
            return null;
        });
        assertEquals(0.5, view.plainMap().value(0, 2), 1e-12);
        assertEquals((Math.cos(2) + Math.sin(2)) / 2, view.ropeMap().value(0, 2), 1e-9);

        // A non-numeric base: message, last result stays
        var before = view.resultProperty().get();
        fx(() -> {
            ((TextField) view.root().lookup("#rope-base")).setText("dez mil");
            return null;
        });
        assertSame(before, view.resultProperty().get());
    }

    @Test
    void theRotationPictureGrowsWithPresenterScale() throws Exception {
        var view = fx(() -> new Ch03RopeView(harness.context()));
        harness.show(view.root(), 1200, 850);
        var canvas = (javafx.scene.canvas.Canvas) view.root().lookup("#rope-rotation");
        double normal = canvas.getWidth();
        try {
            fx(() -> {
                br.lncc.llm.ui.Appearance.app().fontScaleProperty().set(1.5);
                return null;
            });
            assertEquals(1.5 * normal, canvas.getWidth(), 1e-9, "its labels grow with the text; the picture grows with them");
            assertEquals(canvas.getWidth(), canvas.getHeight(), 1e-9);
        } finally {
            fx(() -> {
                br.lncc.llm.ui.Appearance.app().fontScaleProperty().set(1.0);
                return null;
            });
        }
        assertEquals(normal, canvas.getWidth(), 1e-9);
    }

    @Test
    void temperatureSliderMovesEntropyAsTheNotebook() throws Exception {
        var view = fx(() -> new Ch03ScalingView(harness.context()));
        harness.show(view.root(), 1200, 850);
        assertEquals(0.9528075640, view.currentProperty().get().entropy(), 1e-9);
        fx(() -> {
            view.tauSlider().setValue(0.5);
            return null;
        });
        assertEquals(0.7138657580, view.currentProperty().get().entropy(), 1e-9);
        assertEquals(5, view.distributionChart().getData().size(), "4 notebook τ lines + the slider's");
        var std = (br.lncc.llm.ui.lessons.NumberTable) view.root().lookup("#scaling-std");
        assertEquals("3,388", std.text(0, 1));
        assertEquals("0,847", std.text(0, 2));
        harness.snapshot("3.7-scaling");
    }

    @Test
    void theScalingPageAtPresenterScaleIsNoWiderThanItsWindow() throws Exception {
        var view = fx(() -> new Ch03ScalingView(harness.context()));
        var page = (javafx.scene.control.ScrollPane) view.root();
        harness.showAtScale(page, 1.5, 800, 800);
        double[] widths = PageHarness.contentAndViewportWidth(page);
        // The 43em chart scrolls sideways on its own; the introduction and notes wrap in the window.
        assertTrue(widths[0] <= widths[1] + 1, "page content " + widths[0] + " px in a " + widths[1] + " px viewport");
    }

    @Test
    void moePageReproducesTheBookLoadAndConservesItForTopTwo() throws Exception {
        var view = fx(() -> new Ch03MoeView(harness.context()));
        harness.show(view.root(), 1200, 850);
        assertArrayEquals(new int[] {0, 2, 0, 1}, view.routingProperty().get().load());
        assertTrue(((Label) view.root().lookup("#moe-conservation")).getText().contains("Σ load = 3"));
        harness.snapshot("3.8-moe");
        fx(() -> {
            view.modeBox().setValue(Ch03MoeView.Mode.TOP2_RENORMALISED);
            return null;
        });
        assertEquals(6, view.routingProperty().get().loadSum());
    }
}
