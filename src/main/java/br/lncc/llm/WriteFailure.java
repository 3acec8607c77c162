package br.lncc.llm;

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

    public static String explain(IOException e) {
        String where = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : "";
        if (e instanceof FileAlreadyExistsException) return where + " é um arquivo, não uma pasta: escolha outra pasta de resultados";
        if (e instanceof AccessDeniedException) return "sem permissão de escrita em " + where;
        if (e instanceof NoSuchFileException) return "não foi possível criar " + where + " (a pasta acima dela existe e aceita escrita?)";
        return String.valueOf(e.getMessage());
    }
}
