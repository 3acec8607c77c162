package br.lncc.llm.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.ui.task.ErrorDialog;
import br.lncc.llm.ui.widget.BuiltInTexts;
import java.util.Locale;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import br.lncc.llm.ui.lessons.PageHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JavaFX's built-in words and the numbers on screen follow the app's language, not the JVM's. */
class BuiltInTextsTest {

    @BeforeAll
    static void toolkit() throws Exception {
        PageHarness.toolkit();
    }

    @Test
    void emptyTablesAndListsSayItInTheAppsLanguageEvenInAHiddenTab() throws Exception {
        var i18n = new I18n(I18n.PT_BR);
        var table = new TableView<String>();
        var list = new ListView<String>();
        var tabs = new TabPane(new Tab("a", new VBox()), new Tab("b", new VBox(table, list)));
        BuiltInTexts.localize(tabs, i18n);
        assertTrue(((Label) table.getPlaceholder()).getText().startsWith("Ainda vazia"));
        assertEquals("Nada por aqui ainda.", ((Label) list.getPlaceholder()).getText());
        i18n.setLocale(I18n.ENGLISH);
        assertTrue(((Label) table.getPlaceholder()).getText().startsWith("Empty for now"), "follows a language switch");
        var own = new Label("mine");
        var other = new TableView<String>();
        other.setPlaceholder(own);
        BuiltInTexts.localize(other, i18n);
        assertEquals(own, other.getPlaceholder(), "a page's own placeholder stays");
    }

    @Test
    void aDecimalSpinnerWritesItsValueAgainInTheNewLanguage() throws Exception {
        var i18n = I18n.app();
        var before = i18n.getLocale();
        try {
            var spinner = PageHarness.fx(() -> {
                i18n.setLocale(I18n.PT_BR);
                var s = new javafx.scene.control.Spinner<Double>(0.0, 1.0, 0.32, 0.01);
                s.getValueFactory().setConverter(new javafx.util.StringConverter<>() {
                    @Override
                    public String toString(Double v) {
                        return v == null ? "" : I18n.display("%.2f", v);
                    }

                    @Override
                    public Double fromString(String text) {
                        return I18n.parseNumber(text);
                    }
                });
                s.getEditor().setText(s.getValueFactory().getConverter().toString(s.getValue()));
                BuiltInTexts.localize(s, i18n);
                return s;
            });
            assertEquals("0,32", PageHarness.fx(() -> spinner.getEditor().getText()));
            PageHarness.fx(() -> {
                i18n.setLocale(I18n.ENGLISH);
                return null;
            });
            assertEquals("0.32", PageHarness.fx(() -> spinner.getEditor().getText()), "the value follows the switch");
        } finally {
            PageHarness.fx(() -> {
                i18n.setLocale(before);
                return null;
            });
        }
    }

    @Test
    void aDecimalNumberFieldTakesTheNewLanguagesSeparatorAndOtherFieldsKeepTheirText() throws Exception {
        // Seen on 6.1 in English: "Learning rate 1,5e-03", written by the size preset in pt-BR.
        var i18n = new I18n(I18n.PT_BR);
        var fields = PageHarness.fx(() -> {
            var box = new javafx.scene.layout.VBox();
            for (String t : new String[] {"1,5e-03", "0,7", "1337", "O Brasil é 0,5", "1 0,5"}) {
                box.getChildren().add(new javafx.scene.control.TextField(t));
            }
            BuiltInTexts.localize(box, i18n);
            return box.getChildren();
        });
        PageHarness.fx(() -> {
            i18n.setLocale(I18n.ENGLISH);
            return null;
        });
        assertEquals(java.util.List.of("1.5e-03", "0.7", "1337", "O Brasil é 0,5", "1 0,5"), PageHarness.fx(() -> fields.stream()
                .map(n -> ((javafx.scene.control.TextField) n).getText()).toList()), "only plain decimal numbers change");
        PageHarness.fx(() -> {
            i18n.setLocale(I18n.PT_BR);
            return null;
        });
        assertEquals("1,5e-03", PageHarness.fx(() -> ((javafx.scene.control.TextField) fields.get(0)).getText()));
        assertEquals(0.0015, I18n.parseNumber("1.5e-03"), 1e-12, "the same value in either language");
    }

    @Test
    void aComboNamesItsChosenEntryAgainAfterALanguageSwitch() throws Exception {
        var i18n = new I18n(I18n.PT_BR);
        var combo = PageHarness.fx(() -> {
            var c = new javafx.scene.control.ComboBox<String>(javafx.collections.FXCollections.observableArrayList("empty"));
            c.setConverter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(String key) {
                    return key == null ? "" : i18n.get("table." + key);
                }

                @Override
                public String fromString(String s) {
                    return null;
                }
            });
            c.getSelectionModel().select(0);
            var stage = new javafx.stage.Stage();
            stage.setScene(new javafx.scene.Scene(new VBox(c), 600, 100));
            stage.show();
            BuiltInTexts.localize(c, i18n);
            return c;
        });
        java.util.concurrent.Callable<String> shown = () -> {
            combo.applyCss();
            combo.layout();
            var skin = (javafx.scene.control.skin.ComboBoxListViewSkin<?>) combo.getSkin();
            return ((javafx.scene.control.ListCell<?>) skin.getDisplayNode()).getText();
        };
        assertTrue(PageHarness.fx(shown).startsWith("Ainda vazia"), PageHarness.fx(shown));
        PageHarness.fx(() -> {
            i18n.setLocale(I18n.ENGLISH);
            return null;
        });
        assertTrue(PageHarness.fx(shown).startsWith("Empty for now"), "the chosen entry follows the switch: " + PageHarness.fx(shown));
        PageHarness.fx(() -> {
            combo.getScene().getWindow().hide();
            return null;
        });
    }

    @Test
    void theErrorDialogsDetailsLinkSpeaksTheAppsLanguage() throws Exception {
        for (var lang : new Locale[] {I18n.PT_BR, I18n.ENGLISH}) {
            var i18n = new I18n(lang);
            String[] texts = PageHarness.fx(() -> {
                var alert = ErrorDialog.show(null, i18n, "header", new IllegalStateException("boom"));
                var link = (Hyperlink) alert.getDialogPane().lookup(".details-button");
                String closed = link.getText();
                alert.getDialogPane().setExpanded(true);
                String open = link.getText();
                alert.close();
                return new String[] {closed, open};
            });
            if (lang == I18n.ENGLISH) {
                assertEquals("Show details", texts[0]);
                assertEquals("Hide details", texts[1]);
            } else {
                assertEquals("Mostrar detalhes", texts[0]);
                assertEquals("Ocultar detalhes", texts[1]);
            }
        }
    }

    @Test
    void numbersTypedWithEitherSeparatorReadTheSame() {
        assertEquals(0.7, I18n.parseNumber("0,7"), 0);
        assertEquals(0.7, I18n.parseNumber(" 0.7 "), 0);
        assertEquals(-1.5, I18n.parseNumber("−1,5"), 0);
        assertEquals(1234.5, I18n.parseNumber("1.234,5"), 0);
        assertEquals(1234.5, I18n.parseNumber("1,234.5"), 0);
        assertEquals(3e-4, I18n.parseNumber("3e-4"), 0);
        assertThrows(NumberFormatException.class, () -> I18n.parseNumber("1,2,3"));
        assertThrows(NumberFormatException.class, () -> I18n.parseNumber("abc"));
        assertThrows(NumberFormatException.class, () -> I18n.parseNumber(""));
    }

    @Test
    void numbersOnScreenUseTheAppsDecimalSeparator() {
        Locale before = I18n.app().getLocale();
        try {
            I18n.app().setLocale(I18n.PT_BR);
            assertEquals("0,50", I18n.display("%.2f", 0.5));
            I18n.app().setLocale(I18n.ENGLISH);
            assertEquals("0.50", I18n.display("%.2f", 0.5));
            assertFalse(I18n.display("%.3e", 1.5e-7).contains(","));
        } finally {
            I18n.app().setLocale(before);
        }
    }
}
