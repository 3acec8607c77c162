package br.lncc.llm.lesson.ch09;

import br.lncc.llm.text.Messages;
import java.util.Locale;

/** An {@link ExperimentRecord} as Markdown a person reads, with the 8.6 checklist (keys in text/record*.properties). */
public final class ExperimentRecordMarkdown {
    private ExperimentRecordMarkdown() {}

    public static String render(ExperimentRecord r, Locale l) {
        var out = new StringBuilder();
        out.append("# ").append(r.title()).append("\n\n");
        out.append(t(l, "record.header", r.section(), r.date(), r.appVersion())).append("\n\n");
        out.append("## ").append(t(l, "record.section.checklist")).append("\n\n");
        for (var c : r.checklist()) {
            out.append("- [").append(c.present() ? 'x' : ' ').append("] ").append(t(l, c.key()))
                    .append(c.present() ? "" : " — " + t(l, "record.missing")).append('\n');
        }
        out.append("\n## ").append(t(l, "record.section.setup")).append("\n\n| | |\n|---|---|\n");
        row(out, t(l, "record.model"), r.modelId());
        row(out, t(l, "record.precision"), r.precision());
        row(out, t(l, "record.seed"), r.seed() != null ? String.valueOf(r.seed())
                : t(l, r.deterministic() ? "record.deterministic" : "record.none"));
        row(out, t(l, "record.machine"), r.machine());
        r.modelFileSha256().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> row(out, "SHA-256 " + e.getKey(), "`" + e.getValue() + "`"));
        if (!r.settings().isEmpty()) {
            out.append("\n## ").append(t(l, "record.section.settings")).append("\n\n| | | |\n|---|---|---|\n");
            for (var s : r.settings()) out.append("| ").append(s.name()).append(" | ").append(s.value()).append(" | ").append(s.source()).append(" |\n");
        }
        out.append("\n## ").append(t(l, "record.section.prompts")).append("\n\n");
        for (int i = 0; i < r.prompts().size(); i++) out.append(i + 1).append(".\n\n```text\n").append(r.prompts().get(i)).append("\n```\n\n");
        if (r.judgePrompt() != null) out.append(t(l, "record.judgePrompt")).append("\n\n```text\n").append(r.judgePrompt()).append("\n```\n\n");
        out.append("## ").append(t(l, "record.section.outputs")).append("\n\n");
        for (var o : r.outputs()) {
            out.append("**").append(o.prompt() + 1).append(" · ").append(o.condition()).append("**\n\n```text\n").append(o.text()).append("\n```\n\n");
        }
        if (!r.metrics().isEmpty()) {
            out.append("## ").append(t(l, "record.section.metrics")).append("\n\n| | |\n|---|---|\n");
            r.metrics().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> row(out, e.getKey(), String.format(Locale.ROOT, "%.6g", e.getValue())));
        }
        if (r.notes() != null && !r.notes().isBlank()) out.append("\n").append(r.notes()).append('\n');
        return out.toString();
    }

    private static void row(StringBuilder out, String k, String v) {
        out.append("| ").append(k).append(" | ").append(v == null ? "—" : v.replace("|", "\\|")).append(" |\n");
    }

    private static String t(Locale l, String key, Object... args) {
        return Messages.render(l, key, args);
    }
}
