package br.lncc.llm.notebooks;

import br.lncc.llm.AppDirs;
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
        runToys(out, plots, cpuOnly);
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
