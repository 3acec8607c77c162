package br.lncc.llm.model;

/**
 * Something about a model's files or its input is wrong. The message is for the student
 * (Portuguese, names the file or field); the cause carries the technical detail.
 */
public class ModelException extends RuntimeException {
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelException(String message) {
        super(message);
    }
}
