package br.lncc.llm.text;

import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Why a text file the student gave us could not be read, in words they can act on. Java's own
 * messages are cryptic here: a Latin-1 or binary file read as UTF-8 fails with "Input length = 1".
 */
public final class ReadFailure {
    private ReadFailure() {}

    /** The reason as a message (key + arguments), for an exception or a view to render. */
    public static Message reason(IOException e) {
        if (e instanceof CharacterCodingException) return Message.of("io.read.notUtf8");
        if (e instanceof NoSuchFileException) return Message.of("io.read.missing");
        if (e instanceof AccessDeniedException) return Message.of("io.read.denied");
        return Message.literal(String.valueOf(e.getMessage()));
    }

    /** The reason in pt-BR (older callers that build a Portuguese sentence around it). */
    public static String explain(IOException e) {
        return Messages.render(Messages.PT_BR, reason(e));
    }
}
