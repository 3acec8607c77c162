package br.lncc.llm.lesson.compress;

import br.lncc.llm.text.CompanionException;

/**
 * Bad input or an unsupported model in the compression lab: a key of
 * {@code text/compress*.properties} plus arguments, and a technical detail.
 */
public final class CompressionException extends CompanionException {
    public CompressionException(String key, String detail, Object... args) {
        super(key, args, detail);
    }
}
