package br.lncc.llm.ui.widget;

import javafx.scene.paint.Color;

/**
 * Maps a value in [0, 1] to a colour by linear interpolation between evenly spaced stops.
 * VIRIDIS uses matplotlib's viridis at nine points (perceptually uniform, readable in grey);
 * HIGH_CONTRAST goes black → blue → yellow → white for projectors and the high-contrast theme.
 */
public enum Colormap {
    VIRIDIS("#440154", "#472c7a", "#3b518b", "#2c718e", "#21908d", "#27ad81", "#5cc863", "#aadc32", "#fde725"),
    HIGH_CONTRAST("#000000", "#1f3fff", "#ffd400", "#ffffff");

    private final Color[] stops;

    Colormap(String... hex) {
        stops = new Color[hex.length];
        for (int i = 0; i < hex.length; i++) stops[i] = Color.web(hex[i]);
    }

    /** t outside [0, 1] is clamped; NaN is grey so a missing value never looks like a real one. */
    public Color at(double t) {
        if (Double.isNaN(t)) return Color.GRAY;
        double x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min((int) x, stops.length - 2);
        return stops[i].interpolate(stops[i + 1], x - i);
    }

    /** Black or white, whichever reads better on top of {@code background}. */
    public static Color textOn(Color background) {
        double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen() + 0.0722 * background.getBlue();
        return luminance > 0.5 ? Color.BLACK : Color.WHITE;
    }
}
