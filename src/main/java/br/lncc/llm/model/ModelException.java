package br.lncc.llm.model;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;

/**
 * Something about a model's files or its input is wrong. The message is for the student (a key
 * rendered in pt-BR or English, names the file or field); the cause and the technical detail are
 * for the details pane.
 */
public class ModelException extends CompanionException {
    public ModelException(String key, Object[] args, String technicalDetail) {
        super(key, args, technicalDetail);
    }

    public ModelException(Message message, String technicalDetail, Throwable cause) {
        super(message, technicalDetail, cause);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public ModelException(String message, Throwable cause) {
        super(message, null, cause);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public ModelException(String message) {
        super(message, (String) null, null);
    }
}
