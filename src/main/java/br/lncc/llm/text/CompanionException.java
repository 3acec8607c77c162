package br.lncc.llm.text;

import java.util.Locale;

/**
 * The one base of every failure the student should read: a {@link Message} (key + arguments,
 * rendered in pt-BR or English by whoever shows it) plus a technical detail (offsets, sizes,
 * parser messages, in English) for the error dialog's details pane and the logs.
 *
 * <p>Each layer keeps its own subclass ({@code WeightsException}, {@code ModelException},
 * {@code HubException}, …) so callers can still tell where it came from. {@link #getMessage()}
 * is the pt-BR text (logs, older tests); views and the CLI call {@link #message(Locale)}.
 */
public class CompanionException extends RuntimeException {
    private final Message message;
    private final String technicalDetail;

    public CompanionException(String key, Object[] args, String technicalDetail) {
        this(new Message(key, args), technicalDetail, null);
    }

    public CompanionException(String key, Object[] args, String technicalDetail, Throwable cause) {
        this(new Message(key, args), technicalDetail, cause);
    }

    public CompanionException(Message message, String technicalDetail, Throwable cause) {
        super(Messages.render(Messages.PT_BR, message), cause);
        this.message = message;
        this.technicalDetail = technicalDetail == null ? "" : technicalDetail;
    }

    /**
     * A finished (legacy, Portuguese) text: kept while the layers move to keys, so nothing breaks
     * in the meantime. New code passes a key.
     */
    protected CompanionException(String literalMessage, String technicalDetail, Throwable cause) {
        this(Message.literal(literalMessage), technicalDetail, cause);
    }

    public final Message text() {
        return message;
    }

    public final String key() {
        return message.key();
    }

    public final Object[] args() {
        return message.args();
    }

    /** Technical detail for the details pane (English, may be empty, never null). */
    public final String technicalDetail() {
        return technicalDetail;
    }

    /** The student's message in {@code locale} (pt-BR or English). */
    public final String message(Locale locale) {
        return Messages.render(locale, message);
    }

    @Override
    public String toString() {
        return technicalDetail.isEmpty() ? getClass().getName() + ": " + getMessage()
                : getClass().getName() + ": " + getMessage() + " [" + technicalDetail + "]";
    }
}
