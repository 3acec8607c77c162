package br.lncc.llm.train;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;

/** A training run that cannot start or cannot go on (bad data, diverging loss, wrong adapter). */
public final class TrainingException extends CompanionException {
    public TrainingException(String key, Object[] args, String technicalDetail) {
        super(key, args, technicalDetail);
    }

    public TrainingException(Message message, String technicalDetail, Throwable cause) {
        super(message, technicalDetail, cause);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public TrainingException(String message) {
        super(message, (String) null, null);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public TrainingException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
