package br.lncc.llm.bench;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;

/** A benchmark that cannot start or continue; the message says why. */
public final class BenchmarkException extends CompanionException {
    public BenchmarkException(String key, Object[] args, String technicalDetail) {
        super(key, args, technicalDetail);
    }

    public BenchmarkException(Message message, String technicalDetail, Throwable cause) {
        super(message, technicalDetail, cause);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public BenchmarkException(String message) {
        super(message, (String) null, null);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public BenchmarkException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
