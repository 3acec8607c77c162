package br.lncc.llm.ui;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text of the UI, in pt-BR (default) or English, switchable while the app runs.
 *
 * <p><b>Where keys live (one bundle pair per area, chosen by the key's prefix).</b> A key is
 * {@code area.rest}, e.g. {@code lessons.attention.title}. It is looked up first in the area's
 * own bundle {@code br/lncc/llm/ui/i18n/<area>.properties} (pt-BR) and
 * {@code <area>_en.properties} (English), then in the shell's bundle
 * {@code br/lncc/llm/ui/messages.properties} / {@code messages_en.properties}, and last in the
 * bundles of the layers below ({@link Messages}, {@code br/lncc/llm/text/}). Each developer
 * therefore edits only their own two files and merges never conflict. Files are UTF-8 (Java 9+
 * reads properties bundles as UTF-8): write "ção", not "\u00e7\u00e3o". A test checks that every
 * pt-BR key has an English twin. Texts with placeholders ({0}) go through MessageFormat, where an
 * apostrophe must be written twice ("it''s {0}").
 *
 * <p><b>How views use it.</b> Bind, don't copy, so labels follow a language switch without a
 * restart: {@code label.textProperty().bind(i18n.text("lessons.attention.title"))}. For text
 * built on the fly use {@code i18n.get(key, args...)} (MessageFormat) inside a listener on
 * {@link #localeProperty()}.
 */
public final class I18n {
    public static final Locale PT_BR = Locale.forLanguageTag("pt-BR");
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final List<Locale> SUPPORTED = List.of(PT_BR, ENGLISH);

    private static final Logger log = LoggerFactory.getLogger(I18n.class);
    private static final String SHELL_BUNDLE = "br.lncc.llm.ui.messages";
    private static final String AREA_BUNDLES = "br.lncc.llm.ui.i18n.";
    // Without this, a machine whose default locale is English would serve messages_en for pt-BR.
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final I18n APP = new I18n(PT_BR);

    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>();

    public I18n(Locale initial) {
        locale.set(initial);
    }

    /** The app-wide instance every view shares (the language menu switches this one). */
    public static I18n app() {
        return APP;
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public Locale getLocale() {
        return locale.get();
    }

    public void setLocale(Locale l) {
        locale.set(l);
    }

    /** The text of {@code key} now; {@code args} fill {0}, {1}… as in MessageFormat. */
    public String get(String key, Object... args) {
        String pattern = lookup(key, locale.get());
        if (pattern == null) {
            log.warn("missing i18n key {} for {}", key, locale.get());
            return "!" + key + "!";
        }
        if (args.length == 0) return pattern;
        // A message or an exception from below the UI inside a UI sentence reads in the same language.
        Object[] shown = args.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] instanceof Message m) shown[i] = get(m);
            else if (shown[i] instanceof CompanionException c) shown[i] = c.message(locale.get());
        }
        return new MessageFormat(pattern, locale.get()).format(shown);
    }

    /**
     * {@link String#format} with the app's current language, so every number on screen uses one
     * decimal separator: "0,50" in pt-BR, "0.50" in English — never the JVM's default, and never a
     * mix of MessageFormat's "0,33" beside a Locale.ROOT "0.50".
     */
    public static String display(String pattern, Object... args) {
        return String.format(APP.getLocale(), pattern, args);
    }

    /**
     * A number typed by the student: "0,7" and "0.7" both read as 0.7 (a comma is a decimal comma
     * unless it groups thousands, "1,000.5"), so a pt-BR keyboard and a copied English value both
     * work. Throws {@link NumberFormatException} for anything else.
     */
    public static double parseNumber(String text) {
        String t = text == null ? "" : text.strip().replace('\u2212', '-');
        if (t.isEmpty()) throw new NumberFormatException("empty");
        boolean comma = t.indexOf(',') >= 0;
        boolean dot = t.indexOf('.') >= 0;
        if (comma && dot) {
            // Both: the last one is the decimal separator ("1.234,5" or "1,234.5").
            t = t.lastIndexOf(',') > t.lastIndexOf('.') ? t.replace(".", "").replace(',', '.') : t.replace(",", "");
        } else if (comma) {
            if (t.indexOf(',') != t.lastIndexOf(',')) throw new NumberFormatException(text);
            t = t.replace(',', '.');
        }
        double v = Double.parseDouble(t);
        if (!Double.isFinite(v)) throw new NumberFormatException(text);
        return v;
    }

    /** A message from below the UI (key + arguments) in the current language. */
    public String get(Message message) {
        return Messages.render(locale.get(), message);
    }

    /** The student's message of an exception from below the UI in the current language. */
    public String message(CompanionException e) {
        return e.message(locale.get());
    }

    /**
     * The student's message of any failure in the current language: our keyed exceptions
     * ({@link CompanionException}, {@link br.lncc.llm.text.InvalidInputException}) rendered here,
     * others as Java wrote them (issue 13: a setting refused below the UI reads in English too).
     */
    public String error(Throwable e) {
        if (e instanceof CompanionException c) return c.message(locale.get());
        if (e instanceof br.lncc.llm.text.InvalidInputException i) return i.message(locale.get());
        return String.valueOf(e.getMessage());
    }

    /** Text that follows the current language: bind a label's textProperty to it. */
    public StringBinding text(String key, Object... args) {
        return Bindings.createStringBinding(() -> get(key, args), locale);
    }

    /**
     * Shows a text made from a result (its numbers, names, counts) in the language of the moment:
     * {@code target} is bound to {@code text}, which runs again on every language switch, so a
     * result computed in Portuguese reads in English after the switch (#19). The supplier must
     * capture the result's data, not an already formatted string. Replaces any earlier binding;
     * use {@code show(target, () -> "")} to clear (a bound text cannot be set).
     */
    public void show(StringProperty target, Supplier<String> text) {
        target.unbind();
        target.bind(Bindings.createStringBinding(text::get, locale));
    }

    /** True when the key exists in some bundle (for optional text). */
    public boolean has(String key) {
        return lookup(key, locale.get()) != null;
    }

    private static String lookup(String key, Locale l) {
        int dot = key.indexOf('.');
        if (dot > 0) {
            String value = find(AREA_BUNDLES + key.substring(0, dot), key, l);
            if (value != null) return value;
        }
        String value = find(SHELL_BUNDLE, key, l);
        return value != null ? value : Messages.pattern(key, l).orElse(null);
    }

    private static String find(String baseName, String key, Locale l) {
        try {
            ResourceBundle b = ResourceBundle.getBundle(baseName, l, I18n.class.getClassLoader(), NO_FALLBACK);
            return b.containsKey(key) ? b.getString(key) : null;
        } catch (MissingResourceException e) {
            return null;
        }
    }
}
