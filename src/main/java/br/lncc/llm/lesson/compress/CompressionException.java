package br.lncc.llm.lesson.compress;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Bad input or an unsupported model in the compression lab, as a message key plus arguments
 * ({@code messages*.properties} next to this class, pt-BR default and English) and a technical
 * detail for the details pane. {@link #getMessage()} is the pt-BR text (the CLI prints it).
 */
public final class CompressionException extends RuntimeException {
    private final String key;
    private final Object[] args;
    private final String detail;

    public CompressionException(String key, String detail, Object... args) {
        super(key);
        this.key = key;
        this.args = args.clone();
        this.detail = detail == null ? "" : detail;
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }

    public String detail() {
        return detail;
    }

    /** The message in {@code locale} (pt-BR when the locale has no bundle). */
    public String localized(Locale locale) {
        try {
            // No fallback to the JVM's default locale: pt-BR is the bundle without a suffix.
            ResourceBundle b = ResourceBundle.getBundle("br.lncc.llm.lesson.compress.messages", locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            return new MessageFormat(b.getString(key), locale).format(args);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    @Override
    public String getMessage() {
        return localized(Locale.forLanguageTag("pt-BR"));
    }
}
