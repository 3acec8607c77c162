package br.lncc.llm.notebooks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The figures of the notebook programs, written as PNG files with JFreeChart (plain AWT, works
 * headless), in the spirit of the notebooks' matplotlib figures: viridis heatmaps with a colour
 * bar, labelled scatter plots, line and bar charts. At 100 px per matplotlib inch.
 */
public final class NotebookPlots {
    private static final int DPI = 100;

    /** matplotlib's default colour cycle. */
    private static final Color[] TAB10 = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    private NotebookPlots() {}

    /** A point with a label, as {@code plt.text(x + 0.02, y + 0.02, label)}. */
    public record Label(double x, double y, String text) {}

    /** An arrow from one labelled point to another; alpha is the attention weight (N1.07). */
    public record Arrow(double x0, double y0, double x1, double y1, double alpha) {}

    public static void scatter(Path file, String title, List<Label> points, List<Arrow> arrows, double widthIn,
                               double heightIn) throws IOException {
        var series = new XYSeries("tokens", false);
        for (Label p : points) series.add(p.x(), p.y());
        var plot = new XYPlot(new XYSeriesCollection(series), new NumberAxis("PC1"), new NumberAxis("PC2"),
                new XYLineAndShapeRenderer(false, true));
        plot.getRenderer().setSeriesPaint(0, new Color(31, 119, 180));
        plot.getRenderer().setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        double minX = points.stream().mapToDouble(Label::x).min().orElse(0) - 0.3;
        double maxX = points.stream().mapToDouble(Label::x).max().orElse(0) + 0.6;
        double minY = points.stream().mapToDouble(Label::y).min().orElse(0) - 0.3;
        double maxY = points.stream().mapToDouble(Label::y).max().orElse(0) + 0.3;
        var grey = new BasicStroke(0.5f);
        plot.addAnnotation(new XYLineAnnotation(minX, 0, maxX, 0, grey, Color.GRAY));
        plot.addAnnotation(new XYLineAnnotation(0, minY, 0, maxY, grey, Color.GRAY));
        for (Arrow a : arrows) {
            var color = new Color(0, 0, 0, (float) Math.max(0.05, Math.min(1, a.alpha())));
            plot.addAnnotation(new XYLineAnnotation(a.x0(), a.y0(), a.x1(), a.y1(), new BasicStroke(1.2f), color));
            plot.addAnnotation(new org.jfree.chart.annotations.XYPointerAnnotation("", a.x1(), a.y1(),
                    Math.atan2(-(a.y0() - a.y1()), a.x0() - a.x1())) {{
                    setArrowPaint(color);
                    setTipRadius(0);
                    setBaseRadius(0);
                    setArrowLength(8);
                }});
        }
        for (Label p : points) {
            var text = new XYTextAnnotation(p.text(), p.x() + 0.02, p.y() + 0.02);
            text.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            text.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(text);
        }
        ((NumberAxis) plot.getDomainAxis()).setRange(minX, maxX);
        save(file, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false), widthIn, heightIn);
    }

    /** Row i = query (top to bottom), column j = key; {@code labels} null hides the ticks. */
    public static JFreeChart heatmapChart(String title, double[][] m, List<String> labels, String xLabel,
                                          String yLabel, String barLabel) {
        int n = m.length, k = m[0].length;
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        var xs = new double[n * k];
        var ys = new double[n * k];
        var zs = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                int t = i * k + j;
                xs[t] = j;
                ys[t] = n - 1 - i;
                zs[t] = m[i][j];
                min = Math.min(min, m[i][j]);
                max = Math.max(max, m[i][j]);
            }
        }
        var data = new DefaultXYZDataset();
        data.addSeries("m", new double[][] {xs, ys, zs});
        NumberAxis xAxis, yAxis;
        if (labels != null) {
            xAxis = new SymbolAxis(xLabel, labels.toArray(new String[0]));
            xAxis.setVerticalTickLabels(true);
            String[] reversed = new String[labels.size()];
            for (int i = 0; i < n; i++) reversed[i] = labels.get(n - 1 - i);
            yAxis = new SymbolAxis(yLabel, reversed);
        } else {
            xAxis = new NumberAxis(xLabel);
            yAxis = new NumberAxis(yLabel);
            xAxis.setTickLabelsVisible(false);
            yAxis.setTickLabelsVisible(false);
        }
        xAxis.setRange(-0.5, k - 0.5);
        yAxis.setRange(-0.5, n - 0.5);
        var renderer = new XYBlockRenderer();
        double lo = min, hi = max > min ? max : min + 1;
        var scale = new ViridisScale(lo, hi);
        renderer.setPaintScale(scale);
        var plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        var chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
        var legend = new PaintScaleLegend(scale, new NumberAxis(barLabel));
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    public static void heatmap(Path file, JFreeChart chart, double widthIn, double heightIn) throws IOException {
        save(file, chart, widthIn, heightIn);
    }

    /** Several charts side by side in one image (matplotlib subplots in one row). */
    public static void sideBySide(Path file, List<JFreeChart> charts, double widthIn, double heightIn) throws IOException {
        int w = (int) (widthIn * DPI), h = (int) (heightIn * DPI);
        var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int each = w / charts.size();
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, new java.awt.geom.Rectangle2D.Double(i * each, 0, each, h));
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** One line with circle markers per series; x = 0..n−1. */
    public static void lines(Path file, String title, String xLabel, String yLabel, List<String> names,
                             List<double[]> series, double widthIn, double heightIn) throws IOException {
        var data = new XYSeriesCollection();
        for (int s = 0; s < series.size(); s++) {
            var line = new XYSeries(names.get(s));
            for (int i = 0; i < series.get(s).length; i++) line.add(i, series.get(s)[i]);
            data.addSeries(line);
        }
        var xAxis = new NumberAxis(xLabel);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        var renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < series.size(); s++) {
            renderer.setSeriesPaint(s, TAB10[s % TAB10.length]);
            renderer.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
            renderer.setSeriesStroke(s, new BasicStroke(1.8f));
        }
        xAxis.setRange(-0.1, Math.max(1, series.get(0).length - 1) + 0.1);
        var plot = new XYPlot(data, xAxis, new NumberAxis(yLabel), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xcccccc));
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        save(file, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), widthIn, heightIn);
    }

    public static void bars(Path file, String title, String xLabel, String yLabel, double[] values,
                            double widthIn, double heightIn) throws IOException {
        var data = new DefaultCategoryDataset();
        for (int i = 0; i < values.length; i++) data.addValue(values[i], "load", Integer.toString(i));
        var plot = new CategoryPlot(data, new org.jfree.chart.axis.CategoryAxis(xLabel), new NumberAxis(yLabel),
                new BarRenderer());
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        ((BarRenderer) plot.getRenderer()).setSeriesPaint(0, new Color(31, 119, 180));
        ((BarRenderer) plot.getRenderer()).setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        ((BarRenderer) plot.getRenderer()).setShadowVisible(false);
        save(file, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false), widthIn, heightIn);
    }

    private static void save(Path file, JFreeChart chart, double widthIn, double heightIn) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, (int) (widthIn * DPI), (int) (heightIn * DPI));
    }

    /** matplotlib's default colormap, interpolated between eleven of its samples. */
    static final class ViridisScale implements PaintScale {
        private static final int[][] STOPS = {
            {68, 1, 84}, {72, 36, 117}, {65, 68, 135}, {53, 95, 141}, {42, 120, 142}, {33, 145, 140},
            {34, 168, 132}, {68, 191, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37}};
        private final double lower, upper;

        ViridisScale(double lower, double upper) {
            this.lower = lower;
            this.upper = upper;
        }

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public java.awt.Paint getPaint(double value) {
            double t = Math.max(0, Math.min(1, (value - lower) / (upper - lower)));
            double pos = t * (STOPS.length - 1);
            int i = Math.min((int) pos, STOPS.length - 2);
            double f = pos - i;
            int[] a = STOPS[i], b = STOPS[i + 1];
            return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                    (int) Math.round(a[2] + f * (b[2] - a[2])));
        }
    }

}
