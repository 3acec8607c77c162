package br.lncc.llm.tokenize;

/** A tokenizer could not be loaded or used; the message is for the student, the cause for the details pane. */
public final class TokenizerException extends RuntimeException {

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
