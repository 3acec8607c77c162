package br.lncc.llm.stats;

/** Input a statistical test cannot use; the message is for the student, in Portuguese. */
public final class StatisticsException extends IllegalArgumentException {
    public StatisticsException(String message) {
        super(message);
    }
}
