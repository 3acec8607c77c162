package br.lncc.llm.ui.ch03;

import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.MatrixText;
import br.lncc.llm.lesson.ch03.LogitScale;
import br.lncc.llm.lesson.ch03.SoftmaxRegimes;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.MatrixField;
import br.lncc.llm.ui.lessons.NumberTable;
import br.lncc.llm.ui.lessons.PageLayout;
import br.lncc.llm.ui.widget.ChartExport;
import br.lncc.llm.ui.widget.CsvTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 3.7: why logits are divided by √d_k (the seeded std table) and how a scale s or a
 * temperature τ = 1/s moves the softmax between diffuse and concentrated, with a live τ slider,
 * the N1.18 line plot and entropy as a function of τ.
 */
public final class Ch03ScalingView {
    private final I18n i18n;
    private final PageLayout layout;
    private final Spinner<Integer> seed = new Spinner<>(0, 1_000_000, 0);
    private final NumberTable stdTable = new NumberTable();
    private final MatrixField logitsField = new MatrixField("logits", 1, -1);
    private final NumberTable sweepTable = new NumberTable();
    private final Slider tau = new Slider(0.05, 4, 1);
    private final Label live = new Label();
    private final LineChart<Number, Number> distribution = new LineChart<>(new NumberAxis(), new NumberAxis(0, 1, 0.1));
    private final LineChart<Number, Number> entropy = new LineChart<>(new NumberAxis(0, 4, 0.5), new NumberAxis());
    private final ObjectProperty<SoftmaxRegimes.Regime> current = new SimpleObjectProperty<>();
    private double[] logits = SoftmaxRegimes.BASE_ROW.clone();

    public Ch03ScalingView(PageContext ctx) {
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.scaling.title", "lessons.scaling.intro");

        layout.heading("lessons.scaling.stdHeading");
        seed.setEditable(true);
        seed.setPrefWidth(110);
        seed.setId("scaling-seed");
        stdTable.setId("scaling-std");
        layout.add(new HBox(12, label("lessons.scaling.seed"), seed), br.lncc.llm.ui.widget.SideScroll.of(stdTable));
        layout.add(layout.note("lessons.scaling.noteGpu"));
        layout.add(layout.note("lessons.scaling.noteSqrt"));

        layout.heading("lessons.scaling.softmaxHeading");
        logitsField.setId("scaling-logits");
        layout.add(new VBox(4, label("lessons.scaling.logits"), logitsField), br.lncc.llm.ui.widget.SideScroll.of(sweepTable));
        layout.add(layout.note("lessons.scaling.noteTau"));

        layout.heading("lessons.scaling.liveHeading");
        tau.setShowTickLabels(true);
        tau.setShowTickMarks(true);
        tau.setMajorTickUnit(0.5);
        tau.setPrefWidth(420);
        tau.setId("scaling-tau");
        live.setId("scaling-live");
        live.getStyleClass().add("big-number");
        live.setWrapText(true);
        distribution.setId("scaling-distribution");
        distribution.setAnimated(false);
        distribution.setCreateSymbols(true);
        // Sized in em (theme.css) so title and axis labels still fit at presenter scale.
        distribution.getStyleClass().add("em-chart-wide");
        ((NumberAxis) distribution.getXAxis()).setLabel(i18n.get("lessons.scaling.xToken"));
        ((NumberAxis) distribution.getYAxis()).setLabel(i18n.get("lessons.scaling.yProb"));
        distribution.titleProperty().bind(i18n.text("lessons.scaling.chartTitle"));
        entropy.setAnimated(false);
        entropy.setCreateSymbols(false);
        entropy.setLegendVisible(false);
        entropy.getStyleClass().add("em-chart");
        ((NumberAxis) entropy.getXAxis()).setLabel("τ");
        ((NumberAxis) entropy.getYAxis()).setLabel(i18n.get("lessons.scaling.yEntropy"));
        ChartExport.installMenu(distribution, this::distributionCsv, () -> "temperatura-softmax", i18n, ctx.status());
        ChartExport.installMenu(entropy, this::entropyCsv, () -> "entropia-vs-tau", i18n, ctx.status());
        layout.add(new HBox(12, label("lessons.scaling.tau"), tau), live, besideOrBelow(distribution, entropy));
        layout.add(layout.note("lessons.scaling.noteEntropy"));

        seed.valueProperty().addListener((o, a, b) -> drawStd());
        logitsField.setMatrix(new double[][] {logits});
        logitsField.setOnValid(m -> {
            logits = m[0];
            drawSweeps();
        });
        tau.valueProperty().addListener((o, a, b) -> drawLive());
        i18n.localeProperty().addListener((o, a, b) -> {
            drawStd();
            drawSweeps();
        });
        drawStd();
        drawSweeps();
    }

    /**
     * The two charts side by side when the page is wide enough, one under the other otherwise; a
     * chart wider than the page (43em at presenter scale) scrolls sideways instead of widening the
     * page, which cut the introduction and the notes at its right edge.
     */
    private static Node besideOrBelow(Node... charts) {
        var flow = new javafx.scene.layout.FlowPane(16, 12, charts);
        var scroll = br.lncc.llm.ui.widget.SideScroll.of(flow);
        flow.prefWrapLengthProperty().bind(scroll.widthProperty().subtract(4));
        return scroll;
    }

    public Node root() {
        return layout.root();
    }

    public ObjectProperty<SoftmaxRegimes.Regime> currentProperty() {
        return current;
    }

    Slider tauSlider() {
        return tau;
    }

    LineChart<Number, Number> distributionChart() {
        return distribution;
    }

    private void drawStd() {
        List<LogitScale.StdRow> rows = LogitScale.stdTable(seed.getValue());
        List<LogitScale.StdRow> book = LogitScale.bookGpuTable();
        stdTable.setHeader(List.of("dk", "std(raw)", "std(raw/√dk)", i18n.get("lessons.scaling.bookRaw"),
                i18n.get("lessons.scaling.bookScaled")));
        var out = new ArrayList<List<Object>>();
        for (int i = 0; i < rows.size(); i++) {
            var r = rows.get(i);
            out.add(List.of(r.dk(), f(r.stdRaw(), 3), f(r.stdScaled(), 3), f(book.get(i).stdRaw(), 3),
                    f(book.get(i).stdScaled(), 3)));
        }
        stdTable.setRows(out);
    }

    private void drawSweeps() {
        var out = new ArrayList<List<Object>>();
        var scales = SoftmaxRegimes.scaleSweep(logits, SoftmaxRegimes.NOTEBOOK_SCALES);
        var temps = SoftmaxRegimes.temperatureSweep(logits, SoftmaxRegimes.NOTEBOOK_TEMPERATURES);
        sweepTable.setHeader(List.of("s", "τ = 1/s", "softmax(s·logits)", "H (nats)"));
        for (int i = 0; i < scales.size(); i++) {
            out.add(List.of(f(scales.get(i).parameter(), 2), f(temps.get(i).parameter(), 2),
                    MatrixText.formatRow(scales.get(i).probabilities(), 4, i18n.getLocale()), f(scales.get(i).entropy(), 4)));
        }
        sweepTable.setRows(out);
        var curve = new XYChart.Series<Number, Number>();
        for (var r : SoftmaxRegimes.temperatureCurve(logits, 0.05, 4, 80)) {
            curve.getData().add(new XYChart.Data<>(r.parameter(), r.entropy()));
        }
        entropy.getData().setAll(List.of(curve, new XYChart.Series<>()));
        drawLive();
    }

    private void drawLive() {
        try {
            current.set(SoftmaxRegimes.atTemperature(logits, tau.getValue()));
        } catch (LessonInputException e) {
            return;
        }
        var r = current.get();
        live.setText(i18n.get("lessons.scaling.live", f(r.parameter(), 2), f(r.factor(), 2),
                MatrixText.formatRow(r.probabilities(), 4, i18n.getLocale()), f(r.entropy(), 4)));
        var series = new ArrayList<XYChart.Series<Number, Number>>();
        for (var fixed : SoftmaxRegimes.temperatureSweep(logits, SoftmaxRegimes.NOTEBOOK_TEMPERATURES)) {
            series.add(line("tau=" + fixed.parameter(), fixed.probabilities()));
        }
        series.add(line(i18n.get("lessons.scaling.liveSeries", f(r.parameter(), 2)), r.probabilities()));
        distribution.getData().setAll(series);
        var point = new XYChart.Series<Number, Number>();
        point.getData().add(new XYChart.Data<>(r.parameter(), r.entropy()));
        if (entropy.getData().size() == 2) entropy.getData().set(1, point);
    }

    private static XYChart.Series<Number, Number> line(String name, double[] p) {
        var s = new XYChart.Series<Number, Number>();
        s.setName(name);
        for (int i = 0; i < p.length; i++) s.getData().add(new XYChart.Data<>(i, p[i]));
        return s;
    }

    private CsvTable distributionCsv() {
        var rows = new ArrayList<List<Object>>();
        for (var s : distribution.getData()) {
            for (var d : s.getData()) rows.add(List.of(s.getName(), d.getXValue(), d.getYValue()));
        }
        return new CsvTable(List.of("serie", "token", "probabilidade"), rows);
    }

    private CsvTable entropyCsv() {
        var rows = new ArrayList<List<Object>>();
        for (var r : SoftmaxRegimes.temperatureCurve(logits, 0.05, 4, 80)) rows.add(List.of(r.parameter(), r.entropy()));
        return new CsvTable(List.of("tau", "entropia"), rows);
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    private static String f(double v, int decimals) {
        return br.lncc.llm.ui.I18n.display("%." + decimals + "f", v);
    }
}
