package br.lncc.llm.ui.train;

import java.util.function.ToDoubleFunction;
import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/** Line charts of per-step curves (loss, margin, probability), built the same way everywhere. */
final class Charts {
    private Charts() {}

    /** Axis labels from message keys, following the language (a key that is not one is shown as is: "loss"). */
    static LineChart<Number, Number> lines(br.lncc.llm.ui.I18n i18n, String xKey, String yKey) {
        var chart = lines("", "");
        chart.getXAxis().labelProperty().bind(i18n.has(xKey) ? i18n.text(xKey) : new javafx.beans.property.SimpleStringProperty(xKey));
        chart.getYAxis().labelProperty().bind(i18n.has(yKey) ? i18n.text(yKey) : new javafx.beans.property.SimpleStringProperty(yKey));
        return chart;
    }

    static LineChart<Number, Number> lines(String xLabel, String yLabel) {
        var x = new NumberAxis();
        x.setLabel(xLabel);
        x.setForceZeroInRange(false);
        var y = new NumberAxis();
        y.setLabel(yLabel);
        y.setForceZeroInRange(false);
        var chart = new LineChart<>(x, y);
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        // Height in em (theme.css): the vertical axis label is cut when the chart is squeezed, and
        // at presenter scale that label is longer.
        chart.getStyleClass().add("em-line-chart");
        // Steps and layers are counted: no "step 2.5" ticks on a short run.
        br.lncc.llm.ui.widget.DiscreteAxis.follow(chart, x, true);
        return chart;
    }

    /** A series of f(step) for steps drawn at most every {@code stride} points (long runs stay light). */
    static <T> XYChart.Series<Number, Number> series(String name, List<T> steps, ToDoubleFunction<T> x, ToDoubleFunction<T> f) {
        var s = new XYChart.Series<Number, Number>();
        s.setName(name);
        int stride = Math.max(1, steps.size() / 400);
        for (int i = 0; i < steps.size(); i += stride) {
            T t = steps.get(i);
            s.getData().add(new XYChart.Data<>(x.applyAsDouble(t), f.applyAsDouble(t)));
        }
        return s;
    }
}
