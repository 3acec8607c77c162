package br.lncc.llm.ui.bench;

import br.lncc.llm.bench.energy.EnergyAnalysis;
import br.lncc.llm.bench.energy.EnergyAnalysis.Metric;
import br.lncc.llm.bench.energy.EnergyReport;
import br.lncc.llm.bench.energy.QueryRecord;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.widget.ChartExport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Analysis of one or more energy runs: summary per model, boxplots of latency, energy and output
 * tokens, power per query, and the statistics table; CSV/JSON export here, PNG on each chart's
 * right-click menu.
 */
final class EnergyAnalysisView extends VBox {
    private final PageContext ctx;
    private final I18n i18n;
    private final TableView<EnergyReport> summary = new TableView<>();
    private final TableView<EnergyAnalysis.Row> tests = new TableView<>();
    private final GridPane charts = new GridPane();
    private final Label empty = new Label();
    private List<EnergyReport> reports = List.of();

    EnergyAnalysisView(PageContext ctx) {
        super(8);
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("energy-analysis");
        // The charts are drawn with their titles in the language of the moment: draw them again on a
        // switch (seen in pt-BR after a run in English: "Latency per query", "Model").
        i18n.localeProperty().addListener((o, a, b) -> {
            if (!reports.isEmpty()) show(reports);
        });
        empty.textProperty().bind(i18n.text("bench.energy.noResults"));
        empty.setWrapText(true);
        summary.setId("energy-summary");
        summary.getColumns().addAll(List.of(
                col("bench.col.model", r -> r.model()),
                col("bench.col.queries", r -> String.valueOf(r.totalQueries())),
                col("bench.col.energyKwh", r -> br.lncc.llm.ui.I18n.display("%.3e", r.totalEnergyKwh())),
                col("bench.col.co2Kg", r -> br.lncc.llm.ui.I18n.display("%.3e", r.totalEmissionsKg())),
                col("bench.col.timePerQuery", r -> br.lncc.llm.ui.I18n.display("%.3f", r.avgTimeSPerQuery())),
                col("bench.col.method", r -> r.energyMeasured() ? i18n.get("bench.energy.measuredShort") : i18n.get("bench.energy.estimatedShort")),
                col("bench.col.complete", r -> r.complete() ? "✓" : i18n.get("bench.partial"))));
        tests.setId("energy-tests");
        tests.getColumns().addAll(List.of(
                testCol("bench.col.test", EnergyAnalysis.Row::test),
                testCol("bench.col.variables", EnergyAnalysis.Row::variables),
                testCol("bench.col.groups", EnergyAnalysis.Row::groups),
                testCol("bench.col.statistic", r -> r.error() == null ? Forms.number(r.statistic()) : "—"),
                testCol("bench.col.pvalue", r -> r.error() == null ? Forms.number(r.pvalue()) : r.error()),
                testCol("bench.col.method", EnergyAnalysis.Row::method)));
        charts.setHgap(8);
        charts.setVgap(8);
        var csv = new Button();
        csv.textProperty().bind(i18n.text("export.csv"));
        csv.setOnAction(e -> Forms.saveDialog(ctx.owner(), i18n, "energy-queries.csv", "CSV", "*.csv").ifPresent(f -> save(f, EnergyAnalysis.csv(reports))));
        var json = new Button();
        json.textProperty().bind(i18n.text("bench.exportJson"));
        json.setOnAction(e -> Forms.saveDialog(ctx.owner(), i18n, "energy-runs.json", "JSON", "*.json").ifPresent(f -> {
            try {
                save(f, new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(reports));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                ctx.status().accept(ex.getMessage());
            }
        }));
        var pngHint = new Label();
        pngHint.textProperty().bind(i18n.text("bench.pngHint"));
        var statsTitle = Forms.label(i18n, "bench.energy.statsTitle");
        statsTitle.getStyleClass().add("page-heading");
        summary.setPlaceholder(Forms.label(i18n, "bench.empty"));
        br.lncc.llm.ui.widget.FittedTable.fit(summary);
        br.lncc.llm.ui.widget.FittedTable.fit(tests);
        tests.setPlaceholder(Forms.label(i18n, "bench.empty"));
        getChildren().addAll(empty, summary, charts, statsTitle, tests, Forms.flow(csv, json, pngHint));
        show(List.of());
    }

    void show(List<EnergyReport> runs) {
        reports = List.copyOf(runs);
        boolean any = !reports.isEmpty();
        empty.setVisible(!any);
        empty.setManaged(!any);
        summary.setItems(FXCollections.observableArrayList(reports));
        tests.setItems(FXCollections.observableArrayList(any ? EnergyAnalysis.tests(reports) : List.of()));
        charts.getChildren().clear();
        if (!any) return;
        charts.add(viewer(box(i18n.get("bench.chart.latency"), "s", Metric.DURATION_S), "latency"), 0, 0);
        charts.add(viewer(box(i18n.get("bench.chart.energy"), "kWh", Metric.ENERGY_KWH), "energy"), 1, 0);
        charts.add(viewer(box(i18n.get("bench.chart.tokens"), "tokens", Metric.TOKENS_OUTPUT), "tokens"), 0, 1);
        charts.add(viewer(power(), "power"), 1, 1);
    }

    List<EnergyReport> reports() {
        return reports;
    }

    private JFreeChart box(String title, String unit, Metric metric) {
        var data = new DefaultBoxAndWhiskerCategoryDataset();
        for (EnergyReport r : reports) {
            List<Double> values = new ArrayList<>();
            for (double v : EnergyAnalysis.values(r, metric)) values.add(v);
            data.add(values, metric.field, r.model());
        }
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(title, i18n.get("bench.col.model"), unit, data, false);
        chart.setBackgroundPaint(java.awt.Color.WHITE);
        var plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        // JFreeChart scales the mean marker and outlier circles with the box width: keep boxes
        // narrow and draw the mean as the seed's boxplots do (median line only)
        var renderer = (org.jfree.chart.renderer.category.BoxAndWhiskerRenderer) plot.getRenderer();
        renderer.setMeanVisible(false);
        renderer.setMaximumBarWidth(0.12);
        renderer.setSeriesPaint(0, new java.awt.Color(0x4C, 0x72, 0xB0));
        renderer.setUseOutlinePaintForWhiskers(true);
        renderer.setDefaultOutlinePaint(java.awt.Color.DARK_GRAY);
        if (metric == Metric.TOKENS_OUTPUT) {
            var axis = (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis();
            axis.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
            axis.setAutoRangeMinimumSize(4);
        }
        return chart;
    }

    private JFreeChart power() {
        var series = new XYSeriesCollection();
        for (EnergyReport r : reports) {
            var s = new XYSeries(r.model());
            for (QueryRecord q : r.queryHistory()) s.add(q.timestamp(), q.powerW());
            series.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(i18n.get("bench.chart.power"), i18n.get("bench.chart.queryOrder"), "W",
                series, PlotOrientation.VERTICAL, true, true, false);
        chart.setBackgroundPaint(java.awt.Color.WHITE);
        chart.getXYPlot().setBackgroundPaint(java.awt.Color.WHITE);
        chart.getXYPlot().setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        chart.getXYPlot().setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        return chart;
    }

    private ChartViewer viewer(JFreeChart chart, String name) {
        var v = new ChartViewer(chart);
        br.lncc.llm.ui.widget.PresenterSize.pref(v, 460, 280);
        v.setMinSize(300, 220);
        ChartExport.installMenu(v, null, () -> "energy-" + name, i18n, ctx.status());
        return v;
    }

    private void save(java.nio.file.Path f, String text) {
        try {
            Forms.writeText(f, text);
            ctx.status().accept(i18n.get("export.saved", f));
        } catch (java.io.IOException ex) {
            ctx.status().accept(i18n.get("export.failed", f) + ": " + ex.getMessage());
        }
    }

    private TableColumn<EnergyReport, String> col(String key, java.util.function.Function<EnergyReport, String> value) {
        var c = new TableColumn<EnergyReport, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }

    private TableColumn<EnergyAnalysis.Row, String> testCol(String key, java.util.function.Function<EnergyAnalysis.Row, String> value) {
        var c = new TableColumn<EnergyAnalysis.Row, String>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }
}
