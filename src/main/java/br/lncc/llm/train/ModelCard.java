package br.lncc.llm.train;

import java.util.Locale;

/**
 * The README.md of a pre-trained model: what it was trained on (and under which licence), its
 * tokenizer and size, how long and how far it trained, on which machine, and what it writes.
 */
final class ModelCard {
    private ModelCard() {}

    static String text(Pretraining run, ModelQuality quality) {
        var p = run.prepared();
        var s = run.state();
        var sh = run.settings().shape();
        var sc = run.settings().schedule();
        var c = run.model().config();
        var out = new StringBuilder();
        String weightsLicense = weightsLicense(s.corpusLicense);
        out.append("---\n");
        if (!weightsLicense.isEmpty()) out.append("license: ").append(weightsLicense).append('\n');
        out.append("library_name: transformers\npipeline_tag: text-generation\ntags: [gpt2, llm-course-companion]\n---\n\n");
        out.append("# GPT-2 pre-trained from scratch by LLM Course Companion\n\n");
        out.append("A small GPT-2 (Cap. 6 of *Large Language Models: Da Teoria à Prática*) trained from random weights by the app's own\n"
                + "`companion pretrain` command. It is **not** OpenAI's GPT-2: it knows only its corpus.\n\n");
        out.append("| | |\n|---|---|\n");
        row(out, "Corpus", p.corpusName() + " (" + f("%,d", p.corpusChars()) + " characters, " + f("%,d", p.corpusBytes()) + " bytes UTF-8)");
        if (!s.corpusSource.isEmpty()) row(out, "Corpus source", s.corpusSource);
        row(out, "Corpus licence", s.corpusLicense.isEmpty() ? "not stated" : s.corpusLicense);
        row(out, "Licence of the weights", s.corpusLicense.isEmpty() ? "not stated (the corpus licence is not known)"
                : (weightsLicense.isEmpty() ? s.corpusLicense : weightsLicense)
                        + ", the corpus licence: the weights are computed from the corpus text alone (a derived work of it), so they are"
                        + " distributed under the licence of that text");
        row(out, "Corpus SHA-256", "`" + s.corpusSha256 + "`");
        row(out, "Split", f("%,d", p.trainTokens()) + " training / " + f("%,d", p.valTokens()) + " validation tokens (90 % / 10 %, in order)");
        row(out, "Tokenizer", p.tokenizerSpec() + " — " + (p.tokenizerSpec().equals("char") ? "one token per character" : "byte-level BPE trained on the corpus")
                + ", " + p.vocabSize() + " ids with `<|endoftext|>`, " + f("%.2f", p.compression()) + " UTF-8 bytes per token");
        row(out, "Architecture", "GPT-2: " + sh.layers() + " layers, " + sh.heads() + " heads, width " + sh.dim() + ", context "
                + sh.context() + ", tied embeddings, gelu_new, no dropout");
        row(out, "Parameters", f("%,d", c.uniqueParameters()) + " (float32, " + f("%.1f", c.uniqueParameters() * 4 / 1048576.0) + " MiB)");
        row(out, "Optimisation", "AdamW (β₁ 0.9, β₂ 0.99, weight decay 0.1 on matrices), lr " + sc.learningRate() + " with "
                + sc.warmupSteps() + " warm-up steps and cosine decay to lr/10, gradient norm clipped at 1, batch " + sc.batch()
                + " × " + sh.context() + " tokens, seed " + sc.seed());
        row(out, "Steps", f("%,d", s.step) + " of " + f("%,d", sc.steps()) + " (" + f("%,d", s.tokens) + " training tokens seen, "
                + f("%.2f", s.tokens / (double) Math.max(1, p.trainTokens())) + " epochs)");
        row(out, "Time", f("%.0f", s.seconds) + " s wall, " + f("%.0f", run.tokensPerSecond()) + " training tokens/s");
        row(out, "Machine", PretrainCheckpoint.machine());
        if (!s.evals.isEmpty()) {
            var last = s.evals.get(s.evals.size() - 1);
            row(out, "Final losses (nats/token)", "train " + f("%.4f", last.trainLoss()) + ", validation " + f("%.4f", last.valLoss())
                    + " (perplexity " + f("%.1f", last.valPerplexity()) + ")");
        }
        row(out, "Reference lines", "ln V = " + f("%.4f", p.lnVocab()) + " (uniform guess), unigram entropy = "
                + f("%.4f", p.unigramEntropy()) + " (a model that ignores context)");
        if (quality != null) {
            out.append("\n## What it writes (measured)\n\n");
            out.append("Samples of ").append(ModelQuality.SAMPLE_CHARS).append(" characters after fixed prompts taken from the corpus (")
                    .append(String.join(", ", p.prompts().stream().map(x -> "\"" + x + "\"").toList())).append("), seeded.\n\n");
            out.append("| τ | samples | words | words found in the corpus | repeated word trigrams |\n|---|---|---|---|---|\n");
            for (var t : quality.temperatures()) {
                out.append(f("| %.1f | %d | %d | %.1f %% | %.1f %% |%n", t.temperature(), t.samples(), t.words(),
                        100 * t.corpusWordShare(), 100 * t.repeatedTrigramShare()));
            }
            for (var t : quality.temperatures()) {
                out.append(f("%nτ = %.1f, after \"%s\":%n%n", t.temperature(), t.examplePrompt()));
                out.append("> ").append(t.example().replace("\n", "\n> ")).append("\n");
            }
        }
        out.append("\n## Use\n\n```python\nfrom transformers import GPT2LMHeadModel, PreTrainedTokenizerFast\n"
                + "model = GPT2LMHeadModel.from_pretrained(\"path/to/this/folder\")\n"
                + "tok = PreTrainedTokenizerFast.from_pretrained(\"path/to/this/folder\")\n```\n\n"
                + "`companion pretrain` also writes `checkpoint/` beside these files (AdamW's moments and the run's state), so that\n"
                + "`companion pretrain --resume` continues the run; a copy of the folder without `checkpoint/` is the finished model only.\n");
        return out.toString();
    }

    /**
     * The weights' licence for the front matter's {@code license:} field: the corpus licence's
     * identifier, i.e. its text before " (" when that is one SPDX-style word ("GFDL-1.2-only
     * (GNU Free Documentation License …)" → GFDL-1.2-only); empty when the corpus licence is not
     * stated or does not begin with such an identifier (the prose row still states it).
     */
    static String weightsLicense(String corpusLicense) {
        if (corpusLicense == null) return "";
        int cut = corpusLicense.indexOf(" (");
        String id = (cut > 0 ? corpusLicense.substring(0, cut) : corpusLicense).strip();
        return SPDX_ID.matcher(id).matches() ? id : "";
    }

    private static final java.util.regex.Pattern SPDX_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]*");

    private static void row(StringBuilder out, String k, String v) {
        out.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
