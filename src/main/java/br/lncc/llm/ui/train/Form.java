package br.lncc.llm.ui.train;

import br.lncc.llm.ui.I18n;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** A two-column grid of labelled inputs, read as numbers with a message naming the bad field. */
final class Form extends GridPane {
    private static final String LABEL = "form.label";
    private final I18n i18n;
    private int row;

    Form(I18n i18n) {
        this.i18n = i18n;
        setHgap(8);
        setVgap(4);
    }

    TextField add(String labelKey, String id, String initial) {
        var label = new Label();
        label.textProperty().bind(i18n.text(labelKey));
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var field = new TextField(initial);
        field.setId(id);
        // A prompt shows whole ("The weather today is", not "The weather toc"); numbers stay narrow.
        field.setPrefColumnCount(Math.max(8, Math.min(30, initial == null ? 0 : initial.length() + 2)));
        // The error names what the student sees ("Passos"), not our internal name ("steps").
        field.getProperties().put(LABEL, label);
        addRow(row++, label, field);
        return field;
    }

    /**
     * The form with its run button beside it; when the page is narrow (presenter fonts) the button
     * moves below the form instead of being cut to "Comparar for…".
     */
    static javafx.scene.layout.FlowPane withAction(Form form, javafx.scene.control.Button action) {
        action.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var row = new javafx.scene.layout.FlowPane(24, 8, form, action);
        row.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        return row;
    }

    /** The field as a double; "0,5" and "−1" are accepted as students type them. */
    static double number(TextField f, String what) {
        try {
            return I18n.parseNumber(f.getText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(I18n.app().get("train.form.notNumber", shownName(f, what), f.getText()));
        }
    }

    static int integer(TextField f, String what) {
        double v = number(f, what);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(I18n.app().get("train.form.notInteger", shownName(f, what), f.getText()));
        }
        return (int) v;
    }

    private static String shownName(TextField f, String what) {
        return f.getProperties().get(LABEL) instanceof Label l && !l.getText().isBlank() ? l.getText() : what;
    }
}
