package br.lncc.llm.serve;

import java.util.List;

/**
 * OpenAI's {@code stop}: strings that end the answer and are not part of it. Tokens do not line
 * up with the strings ("\n\n" may arrive inside one token, or split across two), so the check
 * runs on the decoded text; while streaming, the tail that could still become a stop string is
 * held back until it is decided.
 */
record StopStrings(List<String> values) {

    StopStrings {
        values = List.copyOf(values);
    }

    /** Where the earliest stop string starts in {@code text}, or -1. */
    int firstMatch(String text) {
        int best = -1;
        for (String s : values) {
            int i = text.indexOf(s);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        return best;
    }

    /** How many characters at the end of {@code text} are the beginning of some stop string. */
    int undecidedTail(String text) {
        int longest = 0;
        for (String s : values) {
            for (int k = Math.min(s.length() - 1, text.length()); k > longest; k--) {
                if (text.endsWith(s.substring(0, k))) {
                    longest = k;
                    break;
                }
            }
        }
        return longest;
    }
}
