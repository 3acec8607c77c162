package br.lncc.llm.bench;

/** A benchmark that cannot start or continue; the message says why in Portuguese. */
public final class BenchmarkException extends RuntimeException {
    public BenchmarkException(String message) {
        super(message);
    }

    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
