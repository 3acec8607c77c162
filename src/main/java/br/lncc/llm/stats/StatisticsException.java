package br.lncc.llm.stats;

import br.lncc.llm.text.InvalidInputException;

/** Input a statistical test cannot use; the message is a key of stats.properties (pt-BR and English). */
public final class StatisticsException extends InvalidInputException {
    public StatisticsException(String key, Object... args) {
        super(key, args);
    }
}
