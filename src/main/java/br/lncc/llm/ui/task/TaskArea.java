package br.lncc.llm.ui.task;

import br.lncc.llm.ui.I18n;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The status bar's list of running jobs: title, progress bar, detail, Cancel. */
public final class TaskArea extends VBox {

    public TaskArea(TaskRunner runner, I18n i18n) {
        setId("task-area");
        getStyleClass().add("task-area");
        setSpacing(2);
        runner.running().addListener((ListChangeListener<TaskHandle>) c -> rebuild(runner, i18n));
    }

    private void rebuild(TaskRunner runner, I18n i18n) {
        getChildren().clear();
        for (TaskHandle h : runner.running()) getChildren().add(row(h, i18n));
    }

    private static HBox row(TaskHandle h, I18n i18n) {
        var title = new Label(h.title());
        title.getStyleClass().add("task-title");
        var bar = new ProgressBar();
        bar.progressProperty().bind(h.progressProperty());
        bar.setPrefWidth(160);
        var detail = new Label();
        detail.getStyleClass().add("task-detail");
        detail.textProperty().bind(h.detailProperty());
        var cancel = new Button();
        cancel.getStyleClass().add("task-cancel");
        cancel.textProperty().bind(javafx.beans.binding.Bindings.when(h.cancellingProperty())
                .then(i18n.text("task.cancelling"))
                .otherwise(i18n.text("task.cancel")));
        cancel.disableProperty().bind(h.cancellingProperty());
        cancel.setOnAction(e -> h.cancel());
        // A long task title or detail may be shortened with "…" on a narrow window (the tooltips
        // hold them whole); Cancel never is: it is the one control a running task must offer.
        cancel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        bar.setMinWidth(60);
        var titleTip = new javafx.scene.control.Tooltip();
        titleTip.textProperty().bind(title.textProperty());
        title.setTooltip(titleTip);
        var detailTip = new javafx.scene.control.Tooltip();
        detailTip.textProperty().bind(detail.textProperty());
        detail.setTooltip(detailTip);
        var row = new HBox(8, title, bar, detail, cancel);
        row.setAlignment(Pos.CENTER_RIGHT);
        row.getStyleClass().add("task-row");
        return row;
    }
}
