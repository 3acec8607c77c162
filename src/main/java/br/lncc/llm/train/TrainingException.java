package br.lncc.llm.train;

/** A training run that cannot start or cannot go on (bad data, diverging loss, wrong adapter). */
public final class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
