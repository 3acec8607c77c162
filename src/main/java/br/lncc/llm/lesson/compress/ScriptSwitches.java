package br.lncc.llm.lesson.compress;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Set;

/**
 * The seed's code-switching symptom made countable (Cap. 6.6): letters of a generated text whose
 * Unicode script does not occur in the prompt — CJK in a Portuguese answer, Cyrillic in an English
 * one. Digits, punctuation and symbols (script COMMON) and combining marks (INHERITED) never count.
 */
public final class ScriptSwitches {
    private ScriptSwitches() {}

    /** Scripts of the prompt's letters; Latin when the prompt has none (a prompt of digits). */
    public static Set<UnicodeScript> scriptsOf(String prompt) {
        Set<UnicodeScript> s = EnumSet.noneOf(UnicodeScript.class);
        prompt.codePoints().forEach(cp -> {
            UnicodeScript script = UnicodeScript.of(cp);
            if (counts(script)) s.add(script);
        });
        if (s.isEmpty()) s.add(UnicodeScript.LATIN);
        return s;
    }

    /** How many code points of {@code output} are in a script the prompt does not use. */
    public static int count(String prompt, String output) {
        Set<UnicodeScript> allowed = scriptsOf(prompt);
        return (int) output.codePoints().filter(cp -> {
            UnicodeScript script = UnicodeScript.of(cp);
            return counts(script) && !allowed.contains(script);
        }).count();
    }

    private static boolean counts(UnicodeScript s) {
        return s != UnicodeScript.COMMON && s != UnicodeScript.INHERITED && s != UnicodeScript.UNKNOWN;
    }
}
