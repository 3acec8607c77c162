package br.lncc.llm.train;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Why a pre-training run cannot start or go on, as a message key and its arguments: the UI shows
 * the key's text in the chosen language (bundle {@code ui/i18n/pretrain*.properties}), the CLI
 * the default locale's; {@link #getMessage()} is the pt-BR text unless the JVM's locale is English.
 */
public final class PretrainException extends RuntimeException {
    static final String BUNDLE = "br.lncc.llm.ui.i18n.pretrain";

    private final String key;
    private final transient Object[] args;

    public PretrainException(String key, Object... args) {
        super(key);
        this.key = key;
        this.args = args.clone();
    }

    public PretrainException(Throwable cause, String key, Object... args) {
        super(key, cause);
        this.key = key;
        this.args = args.clone();
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }

    /** The text in {@code locale} (pt-BR unless English is asked). */
    public String message(Locale locale) {
        Locale l = "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.forLanguageTag("pt-BR");
        try {
            var bundle = ResourceBundle.getBundle(BUNDLE, l,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            return new MessageFormat(bundle.getString(key), l).format(args);
        } catch (MissingResourceException e) {
            return key + " " + java.util.Arrays.toString(args);
        }
    }

    @Override
    public String getMessage() {
        return message(Locale.getDefault());
    }
}
