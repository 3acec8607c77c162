package br.lncc.llm.ui.models;

import br.lncc.llm.session.Holding;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.task.ProgressText;
import java.util.List;

/** The words of {@link MemoryInUse} (kept apart from the Label so tests need no FX toolkit). */
final class MemoryText {
    private MemoryText() {}

    /** The one-line summary. */
    static String summary(I18n i18n, List<Holding> held) {
        if (held.isEmpty()) return i18n.get("memory.none");
        long bytes = held.stream().mapToLong(h -> Math.max(0, h.estimatedBytes())).sum();
        return i18n.get("memory.line", held.size(), ProgressText.bytes(bytes, i18n.getLocale()));
    }

    /** One line per model: "gpt2 · FP32 — ≈ 475 MB — 4.8–4.12, 8.4". */
    static String perModel(I18n i18n, List<Holding> held) {
        if (held.isEmpty()) return i18n.get("memory.none");
        var sb = new StringBuilder();
        for (Holding h : held) {
            if (sb.length() > 0) sb.append('\n');
            String size = h.loading() ? i18n.get("memory.loading")
                    : h.estimatedBytes() < 0 ? i18n.get("memory.unknown")
                    : "≈ " + ProgressText.bytes(h.estimatedBytes(), i18n.getLocale());
            sb.append(i18n.get("memory.entry", h.key().toString(), size, String.join(", ", h.holders())));
        }
        return sb.toString();
    }
}
