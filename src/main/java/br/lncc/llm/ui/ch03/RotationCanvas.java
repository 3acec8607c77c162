package br.lncc.llm.ui.ch03;

import br.lncc.llm.lesson.ch03.Rotation2d;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** Draws the vectors of a {@link Rotation2d} before (grey) and after (blue) on a unit grid. */
final class RotationCanvas extends Canvas {
    private static final double SIZE = 280;

    RotationCanvas() {
        super(SIZE, SIZE);
    }

    void draw(Rotation2d r) {
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, SIZE, SIZE);
        double max = 1;
        for (double[] v : r.input()) max = Math.max(max, Math.hypot(v[0], v[1]));
        double scale = (SIZE / 2 - 20) / max;
        double cx = SIZE / 2, cy = SIZE / 2;
        g.setStroke(Color.gray(0.85));
        g.setLineWidth(1);
        for (int i = -4; i <= 4; i++) {
            double p = i * scale * max / 4;
            g.strokeLine(cx + p, 0, cx + p, SIZE);
            g.strokeLine(0, cy + p, SIZE, cy + p);
        }
        g.setStroke(Color.gray(0.4));
        g.strokeLine(0, cy, SIZE, cy);
        g.strokeLine(cx, 0, cx, SIZE);
        g.setStroke(Color.gray(0.7));
        g.setLineDashes(4, 4);
        for (double[] v : r.input()) {
            double radius = Math.hypot(v[0], v[1]) * scale;
            g.strokeOval(cx - radius, cy - radius, 2 * radius, 2 * radius);
        }
        g.setLineDashes();
        for (int i = 0; i < r.input().length; i++) {
            arrow(g, cx, cy, scale, r.input()[i], Color.gray(0.55), "x" + (i + 1));
            arrow(g, cx, cy, scale, r.rotated()[i], Color.web("#1f77b4"), "R(θ)x" + (i + 1));
        }
    }

    private static void arrow(GraphicsContext g, double cx, double cy, double scale, double[] v, Color color, String label) {
        double x = cx + v[0] * scale, y = cy - v[1] * scale;
        g.setStroke(color);
        g.setFill(color);
        g.setLineWidth(2.2);
        g.strokeLine(cx, cy, x, y);
        double angle = Math.atan2(y - cy, x - cx);
        double head = 9;
        g.fillPolygon(new double[] {x, x - head * Math.cos(angle - 0.4), x - head * Math.cos(angle + 0.4)},
                new double[] {y, y - head * Math.sin(angle - 0.4), y - head * Math.sin(angle + 0.4)}, 3);
        g.fillText(label, x + 4, y - 4);
    }
}
