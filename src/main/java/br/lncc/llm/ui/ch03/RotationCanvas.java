package br.lncc.llm.ui.ch03;

import br.lncc.llm.lesson.ch03.Rotation2d;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * Draws the vectors of a {@link Rotation2d} before (grey) and after (blue) on a unit grid. The
 * picture and its labels grow with presenter mode (Ctrl+=), as the text around it does.
 */
final class RotationCanvas extends Canvas {
    private static final double BASE_SIZE = 280;
    private final javafx.beans.property.DoubleProperty fontScale = br.lncc.llm.ui.Appearance.app().fontScaleProperty();
    private Rotation2d last;
    // Held here, registered weakly: the page may be rebuilt, the app's scale lives on.
    private final javafx.beans.value.ChangeListener<Number> rescale = (o, a, b) -> draw(last);

    RotationCanvas() {
        super(BASE_SIZE, BASE_SIZE);
        setId("rope-rotation");
        fontScale.addListener(new javafx.beans.value.WeakChangeListener<>(rescale));
    }

    void draw(Rotation2d r) {
        last = r;
        double zoom = fontScale.get();
        double size = BASE_SIZE * zoom;
        setWidth(size);
        setHeight(size);
        if (r == null) return;
        GraphicsContext g = getGraphicsContext2D();
        g.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(), javafx.scene.text.Font.getDefault().getSize() * zoom));
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, size, size);
        double max = 1;
        for (double[] v : r.input()) max = Math.max(max, Math.hypot(v[0], v[1]));
        double scale = (size / 2 - 20 * zoom) / max;
        double cx = size / 2, cy = size / 2;
        g.setStroke(Color.gray(0.85));
        g.setLineWidth(1);
        for (int i = -4; i <= 4; i++) {
            double p = i * scale * max / 4;
            g.strokeLine(cx + p, 0, cx + p, size);
            g.strokeLine(0, cy + p, size, cy + p);
        }
        g.setStroke(Color.gray(0.4));
        g.strokeLine(0, cy, size, cy);
        g.strokeLine(cx, 0, cx, size);
        g.setStroke(Color.gray(0.7));
        g.setLineDashes(4, 4);
        for (double[] v : r.input()) {
            double radius = Math.hypot(v[0], v[1]) * scale;
            g.strokeOval(cx - radius, cy - radius, 2 * radius, 2 * radius);
        }
        g.setLineDashes();
        for (int i = 0; i < r.input().length; i++) {
            arrow(g, cx, cy, scale, zoom, r.input()[i], Color.gray(0.55), "x" + (i + 1));
            arrow(g, cx, cy, scale, zoom, r.rotated()[i], Color.web("#1f77b4"), "R(θ)x" + (i + 1));
        }
    }

    private static void arrow(GraphicsContext g, double cx, double cy, double scale, double zoom, double[] v, Color color, String label) {
        double x = cx + v[0] * scale, y = cy - v[1] * scale;
        g.setStroke(color);
        g.setFill(color);
        g.setLineWidth(2.2 * zoom);
        g.strokeLine(cx, cy, x, y);
        double angle = Math.atan2(y - cy, x - cx);
        double head = 9 * zoom;
        g.fillPolygon(new double[] {x, x - head * Math.cos(angle - 0.4), x - head * Math.cos(angle + 0.4)},
                new double[] {y, y - head * Math.sin(angle - 0.4), y - head * Math.sin(angle + 0.4)}, 3);
        g.fillText(label, x + 4 * zoom, y - 4 * zoom);
    }
}
