package br.lncc.llm.tokenize;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;

/** A tokenizer could not be loaded or used; the message is for the student, the cause for the details pane. */
public final class TokenizerException extends CompanionException {
    public TokenizerException(String key, Object[] args, String technicalDetail) {
        super(key, args, technicalDetail);
    }

    public TokenizerException(Message message, String technicalDetail, Throwable cause) {
        super(message, technicalDetail, cause);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public TokenizerException(String message) {
        super(message, (String) null, null);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public TokenizerException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
