package br.lncc.llm.weights;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;

/**
 * Every failure of the weights layer: a message a student understands (names the file and the
 * problem) plus the technical detail for the details pane and the logs.
 */
public final class WeightsException extends CompanionException {
    public WeightsException(String key, Object[] args, String technicalDetail) {
        super(key, args, technicalDetail);
    }

    public WeightsException(Message message, String technicalDetail, Throwable cause) {
        super(message, technicalDetail, cause);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public WeightsException(String message, String detail) {
        super(message, detail, null);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public WeightsException(String message, String detail, Throwable cause) {
        super(message, detail, cause);
    }

    /** Same as {@link #technicalDetail()} (older name). */
    public String detail() {
        return technicalDetail();
    }

    @Override
    public String toString() {
        return detail().isEmpty() ? getMessage() : getMessage() + " [" + detail() + "]";
    }
}
