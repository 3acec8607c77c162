package br.lncc.llm.text;

import java.util.Locale;

/**
 * A value the student typed that a computation cannot use (a negative count, top-p 0, temperature
 * NaN). Still an {@link IllegalArgumentException}, so the pages that catch one keep working and
 * {@link #getMessage()} stays the pt-BR text; the CLI prints {@link #message(Locale)} in the
 * language of {@code --lang} (issue 18: every refused setting in pt-BR and English).
 */
public class InvalidInputException extends IllegalArgumentException {
    private final Message message;

    public InvalidInputException(String key, Object... args) {
        super(Messages.render(Messages.PT_BR, key, args));
        this.message = new Message(key, args);
    }

    public final Message text() {
        return message;
    }

    public final String message(Locale locale) {
        return Messages.render(locale, message);
    }
}
