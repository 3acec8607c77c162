package br.lncc.llm.ui.widget;

import javafx.collections.ListChangeListener;
import javafx.scene.chart.XYChart;

/** Runs an update whenever a chart's series or any series' points change (and once now). */
final class ChartChanges {
    private ChartChanges() {}

    static <X, Y> void whenDataChanges(XYChart<X, Y> chart, Runnable update) {
        ListChangeListener<XYChart.Series<X, Y>> onSeries = c -> {
            while (c.next()) {
                for (var s : c.getAddedSubList()) s.getData().addListener((ListChangeListener<XYChart.Data<X, Y>>) d -> update.run());
            }
            update.run();
        };
        chart.dataProperty().addListener((o, a, b) -> {
            if (b != null) b.addListener(onSeries);
            update.run();
        });
        if (chart.getData() != null) {
            chart.getData().addListener(onSeries);
            for (var s : chart.getData()) s.getData().addListener((ListChangeListener<XYChart.Data<X, Y>>) d -> update.run());
        }
        update.run();
    }
}
