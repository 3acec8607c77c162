package br.lncc.llm.train;

import br.lncc.llm.text.CompanionException;

/**
 * Why a pre-training run cannot start or go on, as a message key of {@code text/pretrain*.properties}
 * and its arguments: the page shows it in the chosen language, the CLI in its {@code --lang}.
 */
public final class PretrainException extends CompanionException {
    public PretrainException(String key, Object... args) {
        super(key, args, "");
    }

    public PretrainException(Throwable cause, String key, Object... args) {
        super(key, args, String.valueOf(cause), cause);
    }
}
