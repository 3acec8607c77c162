package br.lncc.llm.ui.widget;

import br.lncc.llm.ui.Appearance;
import javafx.scene.layout.Region;

/**
 * Sizes given in pixels at 1.0× that grow with presenter mode (Ctrl+=), like the text does: a
 * heatmap or chart whose labels grow 1.5× but whose box stays put crowds its labels and cuts them.
 */
public final class PresenterSize {
    private PresenterSize() {}

    /** Preferred width and height that follow the font scale; a NaN keeps that side as computed. */
    public static <R extends Region> R pref(R region, double width, double height) {
        var scale = Appearance.app().fontScaleProperty();
        if (!Double.isNaN(width)) region.prefWidthProperty().bind(scale.multiply(width));
        if (!Double.isNaN(height)) region.prefHeightProperty().bind(scale.multiply(height));
        return region;
    }

    public static <R extends Region> R prefWidth(R region, double width) {
        return pref(region, width, Double.NaN);
    }

    public static <R extends Region> R prefHeight(R region, double height) {
        return pref(region, Double.NaN, height);
    }
}
