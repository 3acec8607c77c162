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
 *
 * <p>It takes the width of its page (never wider: 2.4.7's plot used to run past the pane), keeps a
 * 3:2 shape, and draws its text in the presenter font size. Token labels are placed where they
 * do not cover another label or point ("the" and "a" sit close together in PC space); a label
 * that had to move away from its point gets a thin leader line.
 */
final class PcaCanvas extends javafx.scene.layout.Region {
    private static final double ASPECT = 560.0 / 820.0;
    private final Canvas canvas = new Canvas();
    private final double prefW;
    private double margin = 50;
    private final List<javafx.geometry.Rectangle2D> labelBoxes = new java.util.ArrayList<>();
    private double[][] points = new double[0][2];
    private List<String> labels = List.of();
    private List<AttentionInspector.Arrow> arrows = List.of();
    private String xLabel = "PC1";
    private String yLabel = "PC2";
    private String emptyMessage = "";

    PcaCanvas(double width, double height) {
        this.prefW = width;
        canvas.setManaged(false);
        getChildren().add(canvas);
        br.lncc.llm.ui.Appearance.app().fontScaleProperty().addListener((o, a, b) -> requestLayout());
        br.lncc.llm.ui.Appearance.app().highContrastProperty().addListener((o, a, b) -> draw());
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        return prefW * scale();
    }

    @Override
    protected double computeMinWidth(double height) {
        return 320;
    }

    @Override
    protected double computePrefHeight(double width) {
        return (width > 0 ? width : computePrefWidth(-1)) * ASPECT;
    }

    @Override
    protected double computeMaxWidth(double height) {
        return computePrefWidth(height) * 1.15;
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computeMaxHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private static double scale() {
        return br.lncc.llm.ui.Appearance.app().fontScaleProperty().get();
    }

    /** What the empty plot says before the first sentence was analysed. */
    void setEmptyMessage(String message) {
        emptyMessage = message == null ? "" : message;
        draw();
    }

    /** Where the token labels were drawn (plot coordinates): none overlaps another. */
    List<javafx.geometry.Rectangle2D> labelBoxes() {
        return List.copyOf(labelBoxes);
    }

    double getCanvasWidth() {
        return canvas.getWidth();
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
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        boolean hc = br.lncc.llm.ui.Appearance.app().isHighContrast();
        Color paper = hc ? Color.BLACK : Color.WHITE;
        Color ink = hc ? Color.WHITE : Color.gray(0.1);
        Color muted = hc ? Color.gray(0.85) : Color.gray(0.3);
        Color dot = hc ? Color.web("#ffd400") : Color.web("#1f77b4");
        g.setFill(paper);
        g.fillRect(0, 0, w, h);
        labelBoxes.clear();
        Font font = Font.font(Font.getDefault().getFamily(), Font.getDefault().getSize() * 0.85 * scale());
        if (w <= 0 || h <= 0) return;
        if (points.length == 0) {
            g.setStroke(muted);
            g.setLineDashes(6, 4);
            g.strokeRect(1, 1, w - 2, h - 2);
            g.setLineDashes();
            g.setFill(muted);
            g.setFont(Font.font(font.getFamily(), javafx.scene.text.FontPosture.ITALIC, font.getSize() * 1.15));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(emptyMessage, w / 2, h / 2, w - 20);
            return;
        }
        double em = font.getSize();
        double MARGIN = margin = Math.max(50, em * 4.2);
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
        g.setFont(font);
        g.setStroke(hc ? Color.gray(0.3) : Color.gray(0.9));
        g.setFill(muted);
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
        g.setStroke(hc ? Color.gray(0.7) : Color.gray(0.55));
        g.setLineWidth(0.8);
        g.strokeLine(m.x(x0), m.y(0), m.x(x1), m.y(0));
        g.strokeLine(m.x(0), m.y(y0), m.x(0), m.y(y1));
        g.setLineWidth(1);
        g.setStroke(muted);
        g.strokeRect(MARGIN, 12, w - 12 - MARGIN, h - MARGIN - 12);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(xLabel, (MARGIN + w) / 2, h - 6);
        g.save();
        g.translate(em * 1.3, (h - MARGIN) / 2);
        g.rotate(-90);
        g.fillText(yLabel, 0, em * 0.7);
        g.restore();
        for (var a : arrows) {
            double ax = m.x(points[a.from()][0]), ay = m.y(points[a.from()][1]);
            double bx = m.x(points[a.to()][0]), by = m.y(points[a.to()][1]);
            double alpha = Math.max(0.08, Math.min(1, a.weight()));
            var c = hc ? Color.color(1, 1, 1, alpha) : Color.color(0, 0, 0, alpha);
            g.setStroke(c);
            g.setFill(c);
            g.setLineWidth(1.5);
            g.strokeLine(ax, ay, bx, by);
            double angle = Math.atan2(by - ay, bx - ax);
            g.fillPolygon(new double[] {bx, bx - 9 * Math.cos(angle - 0.35), bx - 9 * Math.cos(angle + 0.35)},
                    new double[] {by, by - 9 * Math.sin(angle - 0.35), by - 9 * Math.sin(angle + 0.35)}, 3);
        }
        g.setLineWidth(1);
        double r = Math.max(4.5, em * 0.4);
        double[][] px = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            px[i] = new double[] {m.x(points[i][0]), m.y(points[i][1])};
            g.setFill(dot);
            g.fillOval(px[i][0] - r, px[i][1] - r, 2 * r, 2 * r);
        }
        var plot = new javafx.geometry.Rectangle2D(MARGIN, 12, w - 12 - MARGIN, h - MARGIN - 12);
        var text = new javafx.scene.text.Text();
        text.setFont(font);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (int i = 0; i < points.length; i++) {
            text.setText(labels.get(i));
            double tw = text.getLayoutBounds().getWidth(), th = text.getLayoutBounds().getHeight();
            var box = place(px, i, tw, th, r, plot);
            labelBoxes.add(box);
            double cx = box.getMinX() + box.getWidth() / 2, cy = box.getMinY() + box.getHeight() / 2;
            if (Math.hypot(cx - px[i][0], cy - px[i][1]) > r + tw / 2 + th * 1.2) {
                // Moved away from its point: a leader line says whose label it is.
                g.setStroke(muted);
                g.setLineWidth(0.7);
                double lx = Math.max(box.getMinX(), Math.min(px[i][0], box.getMaxX()));
                double ly = Math.max(box.getMinY(), Math.min(px[i][1], box.getMaxY()));
                g.strokeLine(px[i][0], px[i][1], lx, ly);
            }
            g.setFill(ink);
            g.fillText(labels.get(i), box.getMinX(), box.getMinY());
        }
    }

    /**
     * The first of a ring of candidate spots around point {@code i}, at growing distances, whose
     * box stays in the plot and covers no label placed before nor any point; if every spot is
     * taken, the one that overlaps least.
     */
    private javafx.geometry.Rectangle2D place(double[][] px, int i, double tw, double th, double r,
                                              javafx.geometry.Rectangle2D plot) {
        double x = px[i][0], y = px[i][1];
        javafx.geometry.Rectangle2D best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (double d : new double[] {1, 1.8, 2.8, 4.2, 6}) {
            double gap = r + 2 + (d - 1) * th;
            double[][] spots = {
                    {x + gap, y - th - gap * 0.3}, {x + gap, y + gap * 0.3}, {x - gap - tw, y - th - gap * 0.3},
                    {x - gap - tw, y + gap * 0.3}, {x - tw / 2, y - gap - th}, {x - tw / 2, y + gap},
                    {x + gap, y - th / 2}, {x - gap - tw, y - th / 2}};
            for (double[] s : spots) {
                var box = new javafx.geometry.Rectangle2D(s[0], s[1], tw, th);
                double cost = overlap(box, px, r) + (plot.contains(box) ? 0 : 1e6) + d;
                if (cost < bestCost) {
                    bestCost = cost;
                    best = box;
                }
                if (cost <= d) return box;
            }
        }
        return best;
    }

    private double overlap(javafx.geometry.Rectangle2D box, double[][] px, double r) {
        double area = 0;
        for (var other : labelBoxes) area += intersection(box, other);
        for (double[] p : px) area += intersection(box, new javafx.geometry.Rectangle2D(p[0] - r, p[1] - r, 2 * r, 2 * r));
        return area;
    }

    static double intersection(javafx.geometry.Rectangle2D a, javafx.geometry.Rectangle2D b) {
        double w = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
        double h = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
        return w > 0 && h > 0 ? w * h : 0;
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
        return br.lncc.llm.ui.I18n.display(Math.abs(v) >= 10 ? "%.0f" : "%.1f", v);
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
