package br.lncc.llm.bench.sentiment;

import java.util.Locale;

/** The seed notebook's prompts and answer parsing, character for character. */
public final class SentimentPrompts {
    private SentimentPrompts() {}

    public static final String MARKER = "Sentimento:";

    public static String base(String text) {
        return "Classifique o sentimento como positivo ou negativo.\nTexto: " + text;
    }

    public static String normal(String text) {
        return base(text) + "\n" + MARKER;
    }

    /** The whole instruction and text twice, separated by a blank line, then the answer cue. */
    public static String repeated(String text) {
        return base(text) + "\n\n" + base(text) + "\n" + MARKER;
    }

    /**
     * The notebook decodes prompt + continuation and keeps what follows the last "Sentimento:",
     * stripped and lower-cased.
     */
    public static String prediction(String prompt, String continuation) {
        String full = prompt + continuation;
        return full.substring(full.lastIndexOf(MARKER) + MARKER.length()).strip().toLowerCase(Locale.ROOT);
    }

    /** Correct when the label word occurs in the prediction, as the notebook's {@code label in pred}. */
    public static boolean correct(String label, String prediction) {
        return prediction.contains(label);
    }
}
