package br.lncc.llm.lesson;

import br.lncc.llm.text.CompanionException;
import br.lncc.llm.text.Message;

/**
 * Bad input to a worked example (a matrix that does not parse, a wrong shape, an empty
 * sentence). The message is for the student; {@link #detail()} holds the technical part for the
 * details pane.
 */
public final class LessonInputException extends CompanionException {
    public LessonInputException(String key, Object[] args, String technicalDetail) {
        super(key, args, technicalDetail);
    }

    public LessonInputException(Message message, String technicalDetail) {
        super(message, technicalDetail, null);
    }

    /** Legacy literal message (Portuguese); new code passes a key. */
    public LessonInputException(String message, String detail) {
        super(message, detail, null);
    }

    /** Same as {@link #technicalDetail()} (older name). */
    public String detail() {
        return technicalDetail();
    }
}
