package br.lncc.llm.lesson;

/**
 * Bad input to a worked example (a matrix that does not parse, a wrong shape, an empty
 * sentence). The message is for the student (Portuguese first); {@link #detail()} holds the
 * technical part for the details pane.
 */
public final class LessonInputException extends RuntimeException {
    private final String detail;

    public LessonInputException(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
