package br.lncc.llm.weights;

/**
 * Every failure of the weights layer: a message a student understands (Portuguese, names the file
 * and the problem) plus the technical detail for the details pane and the logs.
 */
public final class WeightsException extends RuntimeException {
    private final String detail;

    public WeightsException(String message, String detail) {
        super(message);
        this.detail = detail == null ? "" : detail;
    }

    public WeightsException(String message, String detail, Throwable cause) {
        super(message, cause);
        this.detail = detail == null ? "" : detail;
    }

    /** Technical detail (offsets, sizes, parser messages), in English. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? getMessage() : getMessage() + " [" + detail + "]";
    }
}
