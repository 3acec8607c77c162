package br.lncc.llm.ui;

import javafx.scene.control.Label;

/**
 * The warning shown beside a result computed on random weights (the project's tiny models): the
 * numbers are real arithmetic, but the model learned nothing, so they cannot answer the section's
 * question (4.15's questions, 4.12's rep-4 / distinct-2, 6.5's outputs…). Hidden otherwise.
 */
public final class RandomWeightsNote {
    private RandomWeightsNote() {}

    /** An empty, hidden warning label; {@link #show} fills it after each result. */
    public static Label create(String id) {
        var l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.getStyleClass().add("status-warning");
        l.setVisible(false);
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** Says "result of {model}, RANDOM WEIGHTS…" when {@code random}, and hides the label otherwise. */
    public static void show(Label note, I18n i18n, boolean random, String model) {
        i18n.show(note.textProperty(), () -> random ? i18n.get("random.result", model) : "");
        note.setVisible(random);
    }
}
