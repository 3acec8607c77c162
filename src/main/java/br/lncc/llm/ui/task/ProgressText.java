package br.lncc.llm.ui.task;

import br.lncc.llm.ui.I18n;
import java.util.Locale;

/** Turns done/total/rate into the line the task area shows: "12,3 MB / 548 MB · 40% · faltam 1 min 5 s". */
public final class ProgressText {
    private ProgressText() {}

    static String format(I18n i18n, ProgressUnit unit, long done, long total, String message, double etaSeconds) {
        var sb = new StringBuilder();
        if (message != null && !message.isBlank()) sb.append(message);
        String amount = switch (unit) {
            case BYTES -> total > 0 ? bytes(done, i18n.getLocale()) + " / " + bytes(total, i18n.getLocale()) : bytes(done, i18n.getLocale());
            case STEPS -> total > 0 ? done + " / " + total : (done > 0 ? Long.toString(done) : "");
            case FRACTION -> "";
        };
        append(sb, amount);
        if (total > 0) append(sb, Math.round(100.0 * done / total) + "%");
        if (etaSeconds >= 0) append(sb, i18n.get("task.eta", duration(etaSeconds)));
        return sb.toString();
    }

    private static void append(StringBuilder sb, String part) {
        if (part.isEmpty()) return;
        if (sb.length() > 0) sb.append(" · ");
        sb.append(part);
    }

    /** "12 MB", "1,5 GB" in the given locale. */
    public static String bytes(long n, Locale locale) {
        if (n < 1024) return n + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(locale, v < 10 ? "%.1f %s" : "%.0f %s", v, units[i]);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
    }
}
