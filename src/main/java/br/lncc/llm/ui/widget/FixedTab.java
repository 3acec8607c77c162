package br.lncc.llm.ui.widget;

import br.lncc.llm.ui.I18n;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/** A page's tab: titled by a bundle key (follows the language switch), never closed by the student. */
public final class FixedTab {
    private FixedTab() {}

    public static Tab of(I18n i18n, String key, Node content) {
        var t = new Tab();
        t.textProperty().bind(i18n.text(key));
        t.setContent(content);
        t.setClosable(false);
        return t;
    }
}
