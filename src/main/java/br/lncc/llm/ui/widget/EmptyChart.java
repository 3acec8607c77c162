package br.lncc.llm.ui.widget;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * A chart that has nothing to draw yet says what will appear and how to get it, instead of
 * showing bare 0–110 axes that look like a broken result. The chart keeps its place in the page
 * (no jump when the first series arrives); only its axes are hidden until then.
 */
public final class EmptyChart {
    private EmptyChart() {}

    /** "The chart appears here once you click «Run»", in the current language, following the button's text. */
    public static <X, Y> StackPane afterClicking(XYChart<X, Y> chart, br.lncc.llm.ui.I18n i18n, javafx.scene.control.Labeled button) {
        return over(chart, javafx.beans.binding.Bindings.createStringBinding(
                () -> i18n.get("chart.empty", button.getText()), i18n.localeProperty(), button.textProperty()));
    }

    /** The chart in a stack with {@code message} shown while every series is empty. */
    public static <X, Y> StackPane over(XYChart<X, Y> chart, ObservableValue<String> message) {
        var label = new Label();
        label.textProperty().bind(message);
        label.setWrapText(true);
        label.setAlignment(Pos.CENTER);
        label.getStyleClass().add("chart-empty");
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMaxHeight(Double.MAX_VALUE);
        var stack = new StackPane(chart, label);
        stack.getStyleClass().add("chart-stack");
        Runnable update = () -> {
            boolean empty = chart.getData() == null || chart.getData().stream().allMatch(s -> s.getData().isEmpty());
            chart.setVisible(!empty);
            label.setVisible(empty);
        };
        ChartChanges.whenDataChanges(chart, update);
        return stack;
    }
}
