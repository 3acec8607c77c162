package br.lncc.llm.ui.lessons;

import br.lncc.llm.ui.I18n;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A short explanation in our own words; the key's ".title" twin, when present, heads it. */
public final class NoteBox {
    private NoteBox() {}

    public static VBox of(I18n i18n, String key) {
        var box = new VBox(4);
        box.getStyleClass().add("lesson-note");
        if (i18n.has(key + ".title")) {
            var title = new Label();
            title.getStyleClass().add("lesson-note-title");
            title.setWrapText(true);
            title.textProperty().bind(i18n.text(key + ".title"));
            box.getChildren().add(title);
        }
        var body = new Label();
        body.setWrapText(true);
        body.textProperty().bind(i18n.text(key));
        box.getChildren().add(body);
        return box;
    }
}
