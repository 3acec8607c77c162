package br.lncc.llm.text;

import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Why a results file could not be created, in words a student can act on. Java's own messages for
 * these cases are just the path ("/tmp/out: /tmp/out"), which reads like no explanation at all.
 */
public final class WriteFailure {
    private WriteFailure() {}

    /** The reason as a message (key + arguments), for an exception or a view to render. */
    public static Message reason(IOException e) {
        String where = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : "";
        if (e instanceof FileAlreadyExistsException) return Message.of("io.write.isFile", where);
        if (e instanceof AccessDeniedException) return Message.of("io.write.denied", where);
        if (e instanceof NoSuchFileException) return Message.of("io.write.cannotCreate", where);
        return Message.literal(String.valueOf(e.getMessage()));
    }

    /** The reason in pt-BR (older callers that build a Portuguese sentence around it). */
    public static String explain(IOException e) {
        return Messages.render(Messages.PT_BR, reason(e));
    }
}
