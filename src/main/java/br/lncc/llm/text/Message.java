package br.lncc.llm.text;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A user-visible text below the UI, kept as a bundle key plus its arguments so the UI renders it
 * in the language the student chose (pt-BR or English) and the CLI in the one {@code --lang}
 * asked for. Arguments are formatted by {@link java.text.MessageFormat}; an argument that is
 * itself a {@code Message} (e.g. the reason inside "could not read {0}: {1}") is rendered in
 * the same language.
 *
 * <p>{@link #literal(String)} wraps a finished text (legacy Portuguese literals, or text that
 * comes from outside: a file name, a server's answer) so that every message has one type.
 */
public record Message(String key, Object[] args) {
    /** The key of a literal: its only argument is the finished text, in no bundle. */
    public static final String LITERAL = "literal";

    public Message {
        Objects.requireNonNull(key, "key");
        args = args == null ? new Object[0] : args.clone();
    }

    public static Message of(String key, Object... args) {
        return new Message(key, args);
    }

    /** A finished text that is not translated (legacy literal, or text from outside). */
    public static Message literal(String text) {
        return new Message(LITERAL, new Object[] {text == null ? "" : text});
    }

    public boolean isLiteral() {
        return LITERAL.equals(key);
    }

    @Override
    public Object[] args() {
        return args.clone();
    }

    /** This message in {@code locale} (see {@link Messages#render(Locale, Message)}). */
    public String render(Locale locale) {
        return Messages.render(locale, this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && key.equals(m.key) && Arrays.equals(args, m.args);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return isLiteral() ? String.valueOf(args[0]) : key + Arrays.toString(args);
    }
}
