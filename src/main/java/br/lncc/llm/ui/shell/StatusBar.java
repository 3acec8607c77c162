package br.lncc.llm.ui.shell;

import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.task.TaskArea;
import br.lncc.llm.ui.task.TaskRunner;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Bottom bar: the last one-line message (left), the models in memory and the running background jobs (right). */
final class StatusBar extends HBox {
    private final Label message = new Label();
    /** A plain message fades after this long, so "BERT: done" does not linger on unrelated pages. */
    private final javafx.animation.PauseTransition expiry = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(12));
    private boolean warning;

    StatusBar() {
        setId("status-bar");
        getStyleClass().add("status-bar");
        message.setId("status-message");
        message.setMaxWidth(Double.MAX_VALUE);
        // At presenter scale a running task's area takes much of the row: the message wraps onto a
        // second line (the bar grows) instead of being cut with "…"; the tooltip repeats it whole.
        message.setWrapText(true);
        message.setMinWidth(120);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox.setHgrow(message, Priority.ALWAYS);
        setAlignment(Pos.CENTER_LEFT);
        getChildren().add(message);
    }

    void attach(TaskRunner tasks, I18n i18n) {
        getChildren().addAll(br.lncc.llm.ui.models.MemoryInUse.line(i18n, br.lncc.llm.session.ModelSessions.app()),
                new TaskArea(tasks, i18n));
    }

    void show(String text) {
        warning = false;
        message.getStyleClass().remove("status-warning");
        message.setText(text);
        message.setTooltip(text == null || text.isBlank() ? null : new Tooltip(text));
        expiry.setOnFinished(e -> {
            if (!warning) message.setText("");
        });
        expiry.playFromStart();
    }

    /** Replaces the message by {@code now} if it still is {@code before} (a text in the previous language). */
    void relabel(String before, String now) {
        if (!before.equals(message.getText())) return;
        message.setText(now);
        if (!warning && message.getTooltip() != null) message.getTooltip().setText(now);
    }

    /** A problem the user should notice (settings not saved...): highlighted, detail in a tooltip; it stays. */
    void warn(String text, String detail) {
        show(text);
        expiry.stop();
        warning = true;
        message.getStyleClass().add("status-warning");
        if (detail != null) message.setTooltip(new Tooltip(detail));
    }

    /** Another page opened: a plain message belonged to the last one; a warning stays. */
    void pageChanged() {
        if (warning) return;
        expiry.stop();
        message.setText("");
    }

    String text() {
        return message.getText();
    }

    Label messageLabel() {
        return message;
    }
}
