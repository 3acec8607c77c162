package br.lncc.llm.ui.widget;

import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;

/**
 * A number axis for counted things (token position, step, layer, number of tokens routed to an
 * expert): ticks only at whole numbers, so "token 0.25" never appears. The range follows the data
 * like auto-ranging does, with a whole tick unit of 1, 2, 5, 10, 20, 50…
 */
public final class DiscreteAxis {
    private DiscreteAxis() {}

    /** Makes {@code axis} (the chart's x axis when {@code horizontal}, else its y) integer-valued. */
    public static <X, Y> void follow(XYChart<X, Y> chart, NumberAxis axis, boolean horizontal) {
        axis.setMinorTickVisible(false);
        axis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                double v = n.doubleValue();
                return Math.abs(v - Math.rint(v)) < 1e-9 ? String.valueOf((long) Math.rint(v)) : "";
            }

            @Override
            public Number fromString(String s) {
                return Long.parseLong(s.trim());
            }
        });
        Runnable update = () -> range(chart, axis, horizontal);
        ChartChanges.whenDataChanges(chart, update);
    }

    private static <X, Y> void range(XYChart<X, Y> chart, NumberAxis axis, boolean horizontal) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        if (chart.getData() != null) {
            for (var s : chart.getData()) {
                for (var d : s.getData()) {
                    Object v = horizontal ? d.getXValue() : d.getYValue();
                    if (v instanceof Number n) {
                        min = Math.min(min, n.doubleValue());
                        max = Math.max(max, n.doubleValue());
                    }
                }
            }
        }
        if (min > max) {
            axis.setAutoRanging(true);
            return;
        }
        if (axis.isForceZeroInRange()) {
            min = Math.min(min, 0);
            max = Math.max(max, 0);
        }
        double lo = Math.floor(min);
        double hi = Math.ceil(max);
        if (hi <= lo) hi = lo + 1;
        double unit = wholeUnit((hi - lo) / 8);
        axis.setAutoRanging(false);
        axis.setTickUnit(unit);
        axis.setLowerBound(Math.floor(lo / unit) * unit);
        axis.setUpperBound(Math.ceil(hi / unit) * unit);
    }

    /** The smallest of 1, 2, 5, 10, 20, 50… at least {@code raw}. */
    static double wholeUnit(double raw) {
        double unit = 1;
        while (true) {
            for (double m : new double[] {1, 2, 5}) {
                if (unit * m >= raw) return unit * m;
            }
            unit *= 10;
        }
    }
}
