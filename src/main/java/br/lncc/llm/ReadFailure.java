package br.lncc.llm;

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

    public static String explain(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "o arquivo não está em UTF-8 (talvez Latin-1/Windows-1252, ou não seja texto): salve-o como UTF-8 e tente de novo";
        }
        if (e instanceof NoSuchFileException) return "o arquivo não existe";
        if (e instanceof AccessDeniedException) return "sem permissão de leitura";
        return String.valueOf(e.getMessage());
    }
}
