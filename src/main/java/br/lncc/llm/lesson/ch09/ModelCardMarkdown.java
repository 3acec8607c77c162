package br.lncc.llm.lesson.ch09;

import br.lncc.llm.text.Messages;
import java.util.Locale;
import java.util.stream.Collectors;

/** A {@link ModelCardLab.Facts} as a Markdown model card in pt-BR or English (keys in text/card*.properties). */
public final class ModelCardMarkdown {
    private ModelCardMarkdown() {}

    public static String render(ModelCardLab.Facts f, Locale locale) {
        var out = new StringBuilder();
        out.append("# ").append(t(locale, "card.title", f.id())).append("\n\n");
        out.append(t(locale, "card.generated", f.appVersion(), f.date().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                .append("\n\n## ").append(t(locale, "card.section.model")).append("\n\n| | |\n|---|---|\n");
        row(out, locale, "card.row.architecture", t(locale, "card.value.architecture", f.modelType(), f.layers(), f.heads(), f.width()));
        row(out, locale, "card.row.parameters", f.parameters() < 0 ? t(locale, "card.value.notMeasured") : String.format(locale, "%,d", f.parameters()));
        String dtypes = f.storedDtypes().entrySet().stream().map(e -> e.getKey() + " × " + e.getValue())
                .collect(Collectors.joining(", "));
        row(out, locale, "card.row.format", t(locale, "card.value.format", dtypes, num(locale, "%.1f", f.fileBytes() / 1e6)));
        row(out, locale, "card.row.tokenizer", t(locale, "card.value.tokenizer", f.tokenizerKind(), f.tokenizerSize()));
        row(out, locale, "card.row.context", t(locale, "card.value.context", f.context()));
        row(out, locale, "card.row.chat", t(locale, f.chatTemplate() ? "card.value.chatml" : "card.value.noChat"));
        row(out, locale, "card.row.license", orNotStated(locale, f.license()));
        row(out, locale, "card.row.source", f.source());
        row(out, locale, "card.row.datasets", orNotStated(locale, String.join(", ", f.datasets())));
        if (!f.baseModel().isEmpty()) row(out, locale, "card.row.baseModel", f.baseModel());

        out.append("\n## ").append(t(locale, "card.section.training")).append("\n\n");
        var p = f.provenance();
        if (p == null) {
            out.append(t(locale, "card.training.none")).append('\n');
        } else {
            if (!p.corpus().isEmpty()) {
                out.append(t(locale, "card.training.state", p.corpus(), orNotStated(locale, p.corpusLicense()), p.corpusSha256(),
                        p.steps(), p.tokens(), String.valueOf(p.seed()), num(locale, "%.4f", p.finalTrainLoss()),
                        num(locale, "%.4f", p.finalValLoss()))).append("\n\n");
            }
            if (!p.readmeRows().isEmpty()) {
                out.append(t(locale, "card.training.readme")).append("\n\n| | |\n|---|---|\n");
                p.readmeRows().forEach(r -> out.append(r).append('\n'));
            }
        }

        out.append("\n## ").append(t(locale, "card.section.measured")).append("\n\n");
        var m = f.measured();
        if (m == null) {
            out.append(t(locale, "card.measured.none")).append('\n');
        } else {
            out.append("| | |\n|---|---|\n");
            row(out, locale, "card.row.machine", m.machine());
            row(out, locale, "card.row.prefill", t(locale, "card.value.prefill", num(locale, "%.1f", m.prefillMs()), m.promptTokens()));
            row(out, locale, "card.row.decode", t(locale, "card.value.decode", num(locale, "%.1f", m.decodeTokensPerSecond()), m.newTokens()));
            row(out, locale, "card.row.memory", t(locale, "card.value.memory", num(locale, "%.1f", m.weightsMiB()),
                    m.residentMiB() < 0 ? "?" : num(locale, "%.0f", m.residentMiB())));
            row(out, locale, "card.row.perplexity", m.perplexityText() == null ? t(locale, "card.value.notMeasured")
                    : t(locale, "card.value.perplexity", num(locale, "%.2f", m.perplexity()), m.perplexityText(), m.perplexityTokens()));
            out.append('\n').append(t(locale, "card.measured.shared")).append('\n');
        }

        out.append("\n## ").append(t(locale, "card.section.evaluations")).append("\n\n");
        if (m == null) out.append(t(locale, "card.evaluations.text")).append('\n');
        else evaluations(out, locale, m);
        out.append("\n## ").append(t(locale, "card.section.limitations")).append("\n\n");
        out.append("- ").append(t(locale, "card.limit.context", f.context())).append('\n');
        if (!f.chatTemplate()) out.append("- ").append(t(locale, "card.limit.noChat")).append('\n');
        if (p != null) out.append("- ").append(t(locale, "card.limit.ours")).append('\n');
        out.append("- ").append(t(locale, "card.limit.cpu")).append('\n');
        out.append("- ").append(t(locale, "card.limit.general")).append('\n');
        return out.toString();
    }

    /** Cap. 4 variability and the judge's position bias, as measured here (the fields the issue names). */
    private static void evaluations(StringBuilder out, Locale l, ModelCardLab.Measured m) {
        var v = m.variability();
        if (v != null) {
            out.append("### ").append(t(l, "card.eval.variability")).append("\n\n")
                    .append(t(l, "card.eval.variability.text", String.valueOf(v.seed()), v.newTokens(), v.prompt())).append("\n\n");
            out.append("| τ | top-p | rep-4 | distinct-2 | ").append(t(l, "card.eval.variability.differ")).append(" |\n|---|---|---|---|---|\n");
            for (var c : v.cells()) {
                out.append("| ").append(num(l, "%.1f", c.temperature())).append(" | ").append(num(l, "%.1f", c.topP())).append(" | ")
                        .append(num(l, "%.3f", c.rep4())).append(" | ").append(num(l, "%.3f", c.distinct2())).append(" | ")
                        .append(t(l, c.samplesDiffer() ? "card.eval.yes" : "card.eval.no")).append(" |\n");
            }
            out.append('\n');
        }
        var j = m.judgeBias();
        if (j != null) {
            out.append("### ").append(t(l, "card.eval.judge")).append("\n\n");
            if (j.notMeasured() != null) {
                out.append(Messages.render(l, j.notMeasured())).append("\n\n");
            } else {
                out.append(t(l, "card.eval.judge.text", j.trials(), String.join(", ", j.wordings()), num(l, "%.1f", 100 * j.firstPosition()),
                        num(l, "%.1f", 100 * j.low()), num(l, "%.1f", 100 * j.high()), num(l, "%.3g", j.pValue()),
                        num(l, "%.1f", 100 * j.positionFlips()), num(l, "%.1f", 100 * j.accuracy()), num(l, "%.3f", j.meanLabelMass())))
                        .append("\n\n");
            }
        }
        if (m.perplexityText() == null) out.append(t(l, "card.eval.perplexityHint")).append('\n');
    }

    private static String orNotStated(Locale l, String v) {
        return v == null || v.isBlank() ? t(l, "card.value.notStated") : v;
    }

    private static void row(StringBuilder out, Locale l, String key, String value) {
        out.append("| ").append(t(l, key)).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String num(Locale l, String format, double v) {
        return Double.isNaN(v) ? "—" : String.format(l, format, v);
    }

    private static String t(Locale l, String key, Object... args) {
        // Numbers are formatted before they get here: MessageFormat would group "1,024" into "1.024" inconsistently.
        Object[] a = new Object[args.length];
        for (int i = 0; i < args.length; i++) a[i] = args[i] instanceof Number n && !(args[i] instanceof Double) ? String.valueOf(n) : args[i];
        return Messages.render(l, key, a);
    }
}
