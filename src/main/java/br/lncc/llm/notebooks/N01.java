package br.lncc.llm.notebooks;

import br.lncc.llm.platform.AppDirs;
import br.lncc.llm.hub.EmbeddedModel;
import br.lncc.llm.model.Bert;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.TextTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Notebook N1 of the course ("Transformer core (BERT) and modern variants"), cell by cell:
 * prints what the Colab notebook prints and writes its figures as PNG files.
 *
 * <pre>java -cp "target/companion.jar:target/lib/*" br.lncc.llm.notebooks.N01 [--cpu-only] [figures-dir]</pre>
 * or {@code companion notebook N01}.
 */
public final class N01 {
    private N01() {}

    public static void main(String[] args) throws IOException {
        boolean cpuOnly = false;
        Path plots = defaultPlotDir();
        for (String a : args) {
            if (a.equals("--cpu-only")) cpuOnly = true;
            else plots = Path.of(a);
        }
        run(System.out, plots, cpuOnly);
    }

    public static Path defaultPlotDir() {
        return AppDirs.results().resolve("notebooks").resolve("N01");
    }

    public static void run(PrintStream out, Path plots, boolean cpuOnly) throws IOException {
        out.println("# Notebook N1 — Núcleo do Transformer (BERT) e variações modernas (RoPE, escala/temperatura, MoE)");
        out.println("# figuras em " + plots.toAbsolutePath());
        Path folder = EmbeddedModel.ensureUnpacked(new StderrProgress());
        try (Bert bert = Bert.load(folder); TextTokenizer tokenizer = TextTokenizer.fromFolder(folder)) {
            runBert(out, plots, bert, tokenizer);
        }
        runToys(out, plots, cpuOnly);
    }

    /** Part 1 only (N1.01–N1.10), on an already loaded BERT-base. */
    public static void runBert(PrintStream out, Path plots, Bert bert, TextTokenizer tokenizer) throws IOException {
        new N01Bert(out, plots, bert, tokenizer).run();
    }

    /** The first unpack of the embedded BERT takes a while: say so on stderr, keep stdout clean. */
    private static final class StderrProgress implements ProgressSink {
        private long lastPercent = -1;

        @Override
        public void update(long done, long total, String message) {
            long percent = total > 0 ? 100 * done / total : -1;
            if (percent != lastPercent && (percent < 0 || percent % 10 == 0)) {
                System.err.println("[N01] " + message + (percent >= 0 ? " " + percent + "%" : ""));
                lastPercent = percent;
            }
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    /** Part 2 only (N1.11–N1.22): needs no model. */
    public static void runToys(PrintStream out, Path plots, boolean cpuOnly) throws IOException {
        new N01Toys(out, plots, cpuOnly).run();
    }

    static void cell(PrintStream out, String id, String title) {
        out.println();
        out.println("── " + id + " · " + title + " " + "─".repeat(Math.max(3, 60 - id.length() - title.length())));
    }
}
