package br.lncc.llm.ui.task;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.ui.I18n;
import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The error dialog: the message a student understands on top, the technical details (cause
 * chain and stack trace) in an expandable, selectable text area with a copy button, so they can
 * paste it into an issue.
 */
public final class ErrorDialog {
    private ErrorDialog() {}

    public static Alert show(Window owner, I18n i18n, String header, Throwable error) {
        var alert = new Alert(Alert.AlertType.ERROR);
        // JavaFX writes "Show Details" / "Hide Details" in the JVM's language: use the app's.
        var pane = new LocalizedDialogPane(i18n);
        pane.getStyleClass().setAll(alert.getDialogPane().getStyleClass());
        pane.getButtonTypes().setAll(alert.getDialogPane().getButtonTypes());
        alert.setDialogPane(pane);
        if (owner != null) alert.initOwner(owner);
        alert.setTitle(i18n.get("error.title"));
        alert.setHeaderText(header);
        alert.setContentText(message(error, i18n));

        var details = new TextArea(details(error));
        details.setId("error-details");
        details.setEditable(false);
        details.setWrapText(false);
        details.setPrefRowCount(14);
        VBox.setVgrow(details, Priority.ALWAYS);
        var copy = new Button(i18n.get("error.copy"));
        copy.setId("error-copy");
        copy.setOnAction(e -> {
            var content = new ClipboardContent();
            content.putString(details.getText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        var box = new VBox(6, details, copy);
        alert.getDialogPane().setExpandableContent(box);
        alert.getDialogPane().setId("error-dialog");
        alert.setResizable(true);
        alert.show();
        return alert;
    }

    /** A dialog pane whose details link says "Mostrar/Ocultar detalhes" (or English) as the app speaks. */
    static final class LocalizedDialogPane extends javafx.scene.control.DialogPane {
        private final I18n i18n;

        LocalizedDialogPane(I18n i18n) {
            this.i18n = i18n;
        }

        @Override
        protected javafx.scene.Node createDetailsButton() {
            javafx.scene.Node node = super.createDetailsButton();
            if (node instanceof javafx.scene.control.Labeled link) {
                // Added after JavaFX's own listener, so this text wins on every toggle.
                Runnable text = () -> link.setText(i18n.get(isExpanded() ? "builtin.details.hide" : "builtin.details.show"));
                expandedProperty().addListener(o -> text.run());
                i18n.localeProperty().addListener(o -> text.run());
                text.run();
            }
            return node;
        }
    }

    /** The messages of the cause chain, outermost first, without repeats (pt-BR). */
    static String message(Throwable error) {
        return message(error, new I18n(I18n.PT_BR));
    }

    /**
     * The messages of the cause chain, outermost first, without repeats; our own exceptions in
     * the app's language, others as Java wrote them.
     */
    static String message(Throwable error, I18n i18n) {
        var sb = new StringBuilder();
        String last = null;
        for (Throwable c = error; c != null; c = c.getCause()) {
            String m = c instanceof CompanionException || c instanceof br.lncc.llm.text.InvalidInputException ? i18n.error(c) : c.getMessage();
            if (m == null || m.isBlank() || m.equals(last) || (last != null && last.contains(m))) continue;
            if (sb.length() > 0) sb.append("\n");
            sb.append(m);
            last = m;
        }
        return sb.length() > 0 ? sb.toString() : error.getClass().getSimpleName();
    }

    static String details(Throwable error) {
        var sw = new StringWriter();
        var out = new PrintWriter(sw);
        out.println(System.getProperty("java.version") + " / " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof CompanionException ce && !ce.technicalDetail().isEmpty()) {
                out.println(c.getClass().getSimpleName() + ": " + ce.technicalDetail());
            }
        }
        error.printStackTrace(out);
        return sw.toString();
    }
}
