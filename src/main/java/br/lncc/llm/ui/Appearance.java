package br.lncc.llm.ui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * Presenter-mode state that widgets follow without being told: the font scale and whether the
 * high-contrast theme is on (HeatmapView then switches to its high-contrast colormap). The main
 * window owns the values and persists them; widgets only listen.
 */
public final class Appearance {
    private static final Appearance APP = new Appearance();

    private final DoubleProperty fontScale = new SimpleDoubleProperty(1.0);
    private final BooleanProperty highContrast = new SimpleBooleanProperty(false);

    public static Appearance app() {
        return APP;
    }

    public DoubleProperty fontScaleProperty() {
        return fontScale;
    }

    public BooleanProperty highContrastProperty() {
        return highContrast;
    }

    public boolean isHighContrast() {
        return highContrast.get();
    }
}
