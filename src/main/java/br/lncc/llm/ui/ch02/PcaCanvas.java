package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.ch02.AttentionInspector;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Scatter of labelled points with grey zero lines, a grid and optional attention arrows whose
 * opacity is the attention weight (N1.07). Draws what it is given; computes nothing.
 */
final class PcaCanvas extends Canvas {
    private static final double MARGIN = 50;
    private double[][] points = new double[0][2];
    private List<String> labels = List.of();
    private List<AttentionInspector.Arrow> arrows = List.of();
    private String xLabel = "PC1";
    private String yLabel = "PC2";

    PcaCanvas(double width, double height) {
        super(width, height);
    }

    void setData(double[][] points, List<String> labels, List<AttentionInspector.Arrow> arrows, String xLabel,
                 String yLabel) {
        this.points = points;
        this.labels = labels;
        this.arrows = arrows;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        draw();
    }

    private void draw() {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth(), h = getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (points.length == 0) return;
        double minX = 0, maxX = 0, minY = 0, maxY = 0;
        for (double[] p : points) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double padX = (maxX - minX) * 0.08 + 1e-9, padY = (maxY - minY) * 0.08 + 1e-9;
        double x0 = minX - padX, x1 = maxX + padX * 2.5, y0 = minY - padY, y1 = maxY + padY;
        Mapper m = new Mapper(x0, x1, y0, y1, MARGIN, w - 12, h - MARGIN, 12);
        g.setFont(Font.font(11));
        g.setStroke(Color.gray(0.9));
        g.setFill(Color.gray(0.3));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (double t : ticks(x0, x1)) {
            g.strokeLine(m.x(t), m.y(y0), m.x(t), m.y(y1));
            g.fillText(fmt(t), m.x(t), h - MARGIN + 4);
        }
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double t : ticks(y0, y1)) {
            g.strokeLine(m.x(x0), m.y(t), m.x(x1), m.y(t));
            g.fillText(fmt(t), MARGIN - 4, m.y(t));
        }
        g.setStroke(Color.gray(0.55));
        g.setLineWidth(0.8);
        g.strokeLine(m.x(x0), m.y(0), m.x(x1), m.y(0));
        g.strokeLine(m.x(0), m.y(y0), m.x(0), m.y(y1));
        g.setLineWidth(1);
        g.setStroke(Color.gray(0.3));
        g.strokeRect(MARGIN, 12, w - 12 - MARGIN, h - MARGIN - 12);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(xLabel, (MARGIN + w) / 2, h - 6);
        g.save();
        g.translate(14, (h - MARGIN) / 2);
        g.rotate(-90);
        g.fillText(yLabel, 0, 8);
        g.restore();
        for (var a : arrows) {
            double ax = m.x(points[a.from()][0]), ay = m.y(points[a.from()][1]);
            double bx = m.x(points[a.to()][0]), by = m.y(points[a.to()][1]);
            var c = Color.color(0, 0, 0, Math.max(0.08, Math.min(1, a.weight())));
            g.setStroke(c);
            g.setFill(c);
            g.setLineWidth(1.5);
            g.strokeLine(ax, ay, bx, by);
            double angle = Math.atan2(by - ay, bx - ax);
            g.fillPolygon(new double[] {bx, bx - 9 * Math.cos(angle - 0.35), bx - 9 * Math.cos(angle + 0.35)},
                    new double[] {by, by - 9 * Math.sin(angle - 0.35), by - 9 * Math.sin(angle + 0.35)}, 3);
        }
        g.setLineWidth(1);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        for (int i = 0; i < points.length; i++) {
            double px = m.x(points[i][0]), py = m.y(points[i][1]);
            g.setFill(Color.web("#1f77b4"));
            g.fillOval(px - 4.5, py - 4.5, 9, 9);
            g.setFill(Color.gray(0.1));
            g.fillText(labels.get(i), px + 5, py - 3);
        }
    }

    private static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag >= 5 ? 5 * mag : raw / mag >= 2 ? 2 * mag : mag;
        int first = (int) Math.ceil(lo / step), last = (int) Math.floor(hi / step);
        var out = new double[Math.max(0, last - first + 1)];
        for (int i = 0; i < out.length; i++) out[i] = (first + i) * step;
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.0f" : "%.1f", v);
    }

    private record Mapper(double x0, double x1, double y0, double y1, double left, double right, double bottom, double top) {
        double x(double v) {
            return left + (v - x0) / (x1 - x0) * (right - left);
        }

        double y(double v) {
            return bottom - (v - y0) / (y1 - y0) * (bottom - top);
        }
    }
}
