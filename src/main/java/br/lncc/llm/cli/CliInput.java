package br.lncc.llm.cli;

import br.lncc.llm.model.ModelException;
import br.lncc.llm.text.CompanionException;

/**
 * Range checks of option values, each naming its option and the value given, in the CLI's language
 * (issue 18, item 13): a command checks its numbers before loading a model or sizing an array.
 */
final class CliInput {
    private CliInput() {}

    static void atLeast(String option, long value, long min) {
        if (value < min) throw refused("cliinput.atLeast", option, min, value);
    }

    static void between(String option, long value, long min, long max) {
        if (value < min || value > max) throw refused("cliinput.between", option, min, max, value);
    }

    /** A finite number above 0 (NaN and ±Infinity are refused too). */
    static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw refused("cliinput.positive", option, String.valueOf(value));
    }

    /** {@code --text} with something in it (blank text has no tokens to show). */
    static void requireText(String text) {
        if (text == null || text.isBlank()) throw new ModelException("cli.text.empty", new Object[0], "--text");
    }

    private static CompanionException refused(String key, Object... args) {
        return new CompanionException(key, args, "");
    }
}
