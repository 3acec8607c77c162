package br.lncc.llm.session;

import java.util.List;

/**
 * One loaded model as the status bar and the model manager show it: what it is, who holds it
 * (one entry per open lease, e.g. "4.8 Geração", "7.10 Juiz"), and how much memory its weights
 * take (estimated from parameter counts and format; -1 when the loader could not say).
 *
 * @param loading true while the first holder is still reading the weights
 */
public record Holding(SessionKey key, String type, List<String> holders, long estimatedBytes, boolean loading) {
    public Holding {
        holders = List.copyOf(holders);
    }
}
