package br.lncc.llm.ui.widget;

import br.lncc.llm.generate.StepDistribution;
import br.lncc.llm.ui.Appearance;
import java.util.List;
import java.util.function.LongFunction;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.geometry.VPos;

/**
 * The next-token distribution of one step (Cap. 4.9–4.10), one row per candidate token, most
 * probable first: grey = softmax(logits), blue = after temperature, orange = the kept set
 * renormalised (0 when cut), and a dashed line where the nucleus ends. Nothing is computed here:
 * the bars are the {@link StepDistribution} the sampler produced.
 */
public final class DistributionChart extends Region {
    private static final Color BEFORE = Color.web("#9e9e9e");
    private static final Color AFTER = Color.web("#2a6fb0");
    private static final Color KEPT = Color.web("#e07b00");
    private static final Color CUT = Color.web("#c62828");

    private final Canvas canvas = new Canvas();
    private final Text fontProbe = new Text("0");
    private StepDistribution data;
    private List<String> labels = List.of();
    private String keptLegend = "top-p";
    private String cutFormat = "%d / %.3f";

    public DistributionChart() {
        getStyleClass().add("distribution-chart");
        fontProbe.getStyleClass().add("heatmap-label");
        fontProbe.setManaged(false);
        fontProbe.setVisible(false);
        canvas.setManaged(false);
        getChildren().addAll(canvas, fontProbe);
        fontProbe.fontProperty().addListener((o, a, b) -> redraw());
        Appearance.app().highContrastProperty().addListener((o, a, b) -> redraw());
        setMinSize(260, 200);
        PresenterSize.pref(this, 460, 420);
    }

    /**
     * Text of the chart in the current language: the kept-set legend and the cut-line caption,
     * a format with the nucleus size (%d) and its mass (%.3f).
     */
    public void setCaptions(String keptLegend, String cutFormat) {
        this.keptLegend = keptLegend;
        this.cutFormat = cutFormat;
        redraw();
    }

    /** Shows a step; {@code label} turns a token id into its text. */
    public void setData(StepDistribution d, LongFunction<String> label) {
        this.data = d;
        this.labels = d == null ? List.of() : java.util.Arrays.stream(d.ids()).mapToObj(id -> label.apply(id)).toList();
        redraw();
    }

    public StepDistribution data() {
        return data;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        boolean dark = Appearance.app().isHighContrast();
        Color ink = dark ? Color.WHITE : Color.web("#222222");
        g.setFill(dark ? Color.BLACK : Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (data == null || w < 50 || h < 50) return;
        Font font = fontProbe.getFont();
        g.setFont(font);
        double fs = font.getSize();
        int n = data.ids().length;
        String afterLegend = br.lncc.llm.ui.I18n.display("softmax(z/τ), τ=%.2f", data.temperature());
        // A narrow pane (or presenter fonts) puts the third entry on a second legend line, not past the edge.
        double firstLine = 4 + legendWidth("softmax(z)", font, fs) + legendWidth(afterLegend, font, fs);
        boolean twoLines = firstLine + legendWidth(keptLegend, font, fs) > w;
        double legendH = fs * (twoLines ? 3.4 : 1.8);
        double rowH = Math.max(fs * 1.2, (h - legendH - 4) / Math.max(1, n));
        double labelW = Math.min(w * 0.35, fs * 9);
        double valueW = fs * 4.2;
        double barX = labelW + 6;
        double barW = Math.max(10, w - barX - valueW - 6);
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.max(data.probsBefore()[i], Math.max(data.probsAfterTemperature()[i], data.probsKept()[i])));
        }
        if (max <= 0) max = 1;
        // legend
        double lx = 4;
        lx = legend(g, lx, 0, fs, BEFORE, "softmax(z)", ink);
        lx = legend(g, lx, 0, fs, AFTER, afterLegend, ink);
        if (twoLines) legend(g, 4, fs * 1.6, fs, KEPT, keptLegend, ink);
        else legend(g, lx, 0, fs, KEPT, keptLegend, ink);
        g.setTextBaseline(VPos.CENTER);
        int lastKept = -1;
        for (int i = 0; i < n; i++) {
            double y = legendH + i * rowH;
            double third = (rowH - 3) / 3;
            g.setFill(data.ids()[i] == data.chosenId() ? AFTER.deriveColor(0, 1, 1, 0.15) : Color.TRANSPARENT);
            g.fillRect(0, y, w, rowH);
            g.setFill(ink);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(clip(labels.get(i), 14), labelW, y + rowH / 2);
            bar(g, barX, y + 1, barW * data.probsBefore()[i] / max, third, BEFORE);
            bar(g, barX, y + 1 + third, barW * data.probsAfterTemperature()[i] / max, third, AFTER);
            bar(g, barX, y + 1 + 2 * third, barW * data.probsKept()[i] / max, third, KEPT);
            g.setFill(ink);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(br.lncc.llm.ui.I18n.display("%.3f", data.probsAfterTemperature()[i]), barX + barW + 4, y + rowH / 2);
            if (data.probsKept()[i] > 0) lastKept = i;
        }
        if (lastKept >= 0 && lastKept < n - 1) {
            double y = legendH + (lastKept + 1) * rowH;
            g.setStroke(CUT);
            g.setLineWidth(2);
            g.setLineDashes(6, 4);
            g.strokeLine(0, y, w, y);
            g.setLineDashes();
            g.setFill(CUT);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(br.lncc.llm.ui.I18n.display(cutFormat, data.nucleusSize(), data.keptMass()),
                    w - 4, y - fs * 0.6);
        }
    }

    private static double legend(GraphicsContext g, double x, double y, double fs, Color c, String text, Color ink) {
        g.setFill(c);
        g.fillRect(x, y + fs * 0.4, fs, fs * 0.8);
        g.setFill(ink);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, x + fs * 1.3, y + fs * 0.8);
        return x + legendWidth(text, g.getFont(), fs);
    }

    /** The width one legend entry takes: its swatch, its text and the gap after it. */
    private static double legendWidth(String text, Font font, double fs) {
        Text t = new Text(text);
        t.setFont(font);
        return fs * 1.3 + t.getLayoutBounds().getWidth() + fs;
    }

    private static void bar(GraphicsContext g, double x, double y, double width, double height, Color c) {
        g.setFill(c);
        g.fillRect(x, y, Math.max(0, width), Math.max(1, height - 1));
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
