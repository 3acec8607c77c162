package br.lncc.llm.ui.widget;

import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.util.StringConverter;

import br.lncc.llm.ui.I18n;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Accordion;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TreeTableView;

/**
 * JavaFX's own words ("No content in table", "No content in List") come from its resources in the
 * JVM's language, whatever the app speaks. Every table and list of a page without a placeholder of
 * its own gets one that follows the app's language (and says how to fill it). Walks into tabs,
 * scroll panes, split panes and titled panes, whose contents are not children until shown.
 */
public final class BuiltInTexts {
    private BuiltInTexts() {}

    public static void localize(Node node, I18n i18n) {
        if (node == null) return;
        if (node instanceof TableView<?> t && t.getPlaceholder() == null && !t.placeholderProperty().isBound()) t.setPlaceholder(placeholder(i18n, "table.empty"));
        if (node instanceof TreeTableView<?> t && t.getPlaceholder() == null && !t.placeholderProperty().isBound()) t.setPlaceholder(placeholder(i18n, "table.empty"));
        if (node instanceof ListView<?> l && l.getPlaceholder() == null && !l.placeholderProperty().isBound()) l.setPlaceholder(placeholder(i18n, "builtin.list.empty"));
        if (node instanceof ComboBox<?> c) renameOnSwitch(c, i18n);
        if (node instanceof ChoiceBox<?> c) renameOnSwitch(c, i18n);
        if (node instanceof javafx.scene.control.Spinner<?> s) rewriteOnSwitch(s, i18n);
        if (node instanceof javafx.scene.control.TextField f) rewriteDecimalOnSwitch(f, i18n);
        if (node instanceof ScrollPane sp) localize(sp.getContent(), i18n);
        if (node instanceof TabPane tp) for (Tab tab : tp.getTabs()) localize(tab.getContent(), i18n);
        if (node instanceof SplitPane sp) for (Node item : sp.getItems()) localize(item, i18n);
        if (node instanceof TitledPane tp) localize(tp.getContent(), i18n);
        if (node instanceof Accordion a) for (TitledPane p : a.getPanes()) localize(p, i18n);
        if (node instanceof Parent p) for (Node child : p.getChildrenUnmodifiable()) localize(child, i18n);
    }

    /**
     * A combo whose converter names entries through the bundle ("Modelo do curso…") shows the
     * chosen entry in the old language until the value changes: a fresh converter (the same
     * names, asked again) makes it draw the entry again on every language switch (#19).
     */
    private static <T> void renameOnSwitch(ComboBox<T> combo, I18n i18n) {
        if (combo.getProperties().putIfAbsent(BuiltInTexts.class, Boolean.TRUE) != null) return;
        i18n.localeProperty().addListener((o, a, b) -> {
            combo.setConverter(Renamed.of(combo.getConverter())); // the popup's entries
            // The chosen entry's cell is not redrawn by a new converter (seen in the real window):
            // write its text again, as the skin would.
            if (!combo.isEditable() && combo.getValue() != null
                    && combo.getSkin() instanceof javafx.scene.control.skin.ComboBoxListViewSkin<?> skin
                    && skin.getDisplayNode() instanceof javafx.scene.control.ListCell<?> cell) {
                cell.setText(combo.getConverter().toString(combo.getValue()));
            }
        });
    }

    /**
     * A spinner's editor keeps the text it was last given ("0,32") until its value changes, so a
     * decimal spinner kept the other language's separator after a switch (seen on 9.1.3 in English):
     * write the value again through its converter, which formats in the app's language.
     */
    private static <T> void rewriteOnSwitch(javafx.scene.control.Spinner<T> spinner, I18n i18n) {
        if (spinner.getProperties().putIfAbsent(BuiltInTexts.class, Boolean.TRUE) != null) return;
        i18n.localeProperty().addListener((o, a, b) -> {
            var factory = spinner.getValueFactory();
            if (factory == null || factory.getConverter() == null || spinner.getValue() == null) return;
            spinner.getEditor().setText(factory.getConverter().toString(spinner.getValue()));
        });
    }

    /** A plain decimal number: one separator between digits, an optional exponent ("1,5e-03", "0.7"). */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("([-\u2212]?\\d+)[.,](\\d+([eE][-+]?\\d+)?)");

    /**
     * A number field keeps the text it was given ("1,5e-03", written by 6.1's size preset in
     * pt-BR) after a switch to English (seen in the real window). A field holding a plain decimal
     * number gets the new language's separator; the value is the same either way, as
     * {@link I18n#parseNumber} reads a single comma or dot as the decimal separator. Anything else
     * (integers, prompts, matrices) is left as typed; spinners rewrite their own editor.
     */
    private static void rewriteDecimalOnSwitch(javafx.scene.control.TextField field, I18n i18n) {
        if (field.getProperties().putIfAbsent(BuiltInTexts.class, Boolean.TRUE) != null) return;
        i18n.localeProperty().addListener((o, a, b) -> {
            if (field.getParent() instanceof javafx.scene.control.Spinner<?> || field.textProperty().isBound()) return;
            var m = DECIMAL.matcher(field.getText() == null ? "" : field.getText().strip());
            if (!m.matches()) return;
            char separator = java.text.DecimalFormatSymbols.getInstance(b).getDecimalSeparator();
            String text = m.group(1) + separator + m.group(2);
            if (!text.equals(field.getText())) field.setText(text);
        });
    }

    private static <T> void renameOnSwitch(ChoiceBox<T> choice, I18n i18n) {
        if (choice.getProperties().putIfAbsent(BuiltInTexts.class, Boolean.TRUE) != null) return;
        i18n.localeProperty().addListener((o, a, b) -> {
            if (choice.getConverter() != null) choice.setConverter(Renamed.of(choice.getConverter()));
        });
    }

    /** The page's own converter, in a new object so the control sees a change. */
    private static final class Renamed<T> extends StringConverter<T> {
        private final StringConverter<T> inner;

        private Renamed(StringConverter<T> inner) {
            this.inner = inner;
        }

        static <T> StringConverter<T> of(StringConverter<T> converter) {
            return new Renamed<>(converter instanceof Renamed<T> r ? r.inner : converter);
        }

        @Override
        public String toString(T value) {
            return inner == null ? (value == null ? "" : value.toString()) : inner.toString(value);
        }

        @Override
        public T fromString(String text) {
            return inner == null ? null : inner.fromString(text);
        }
    }

    private static Label placeholder(I18n i18n, String key) {
        var l = new Label();
        l.getStyleClass().add("table-placeholder");
        l.setWrapText(true);
        l.textProperty().bind(i18n.text(key));
        return l;
    }
}
