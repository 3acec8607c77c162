package br.lncc.llm.notebooks;

import br.lncc.llm.lesson.ch03.LogitScale;
import br.lncc.llm.lesson.ch03.MixtureOfExperts;
import br.lncc.llm.lesson.ch03.MoeRouting;
import br.lncc.llm.lesson.ch03.NotebookN1Weights;
import br.lncc.llm.lesson.ch03.Rope;
import br.lncc.llm.lesson.ch03.Rotation2d;
import br.lncc.llm.lesson.ch03.SoftmaxRegimes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Notebook N1, part 2 (cells N1.11–N1.22): RoPE, scaling/temperature and MoE on the toy
 * matrices, printed as the notebook prints them. The numbers come from {@code lesson.ch03}.
 */
final class N01Toys {
    private final PrintStream out;
    private final Path plots;
    private final boolean cpuOnly;

    /**
     * @param cpuOnly false (default) reproduces the recorded Colab run, whose √d_k table drew on
     *                the GPU generator and left the CPU one for the FFN and MoE; true reproduces
     *                a machine without a GPU, where the table consumes the CPU generator first
     */
    N01Toys(PrintStream out, Path plots, boolean cpuOnly) {
        this.out = out;
        this.plots = plots;
        this.cpuOnly = cpuOnly;
    }

    void run() throws IOException {
        N01.cell(out, "N1.11", "Parte 2: setup");
        out.println("Device: cpu");

        N01.cell(out, "N1.12", "Mini-corpus de continuidade");
        out.println("['teddy', 'bear', 'reads']");
        out.println(TorchText.tensor(Rope.toyX(), false));

        N01.cell(out, "N1.13", "Rotação 2D explícita");
        Rotation2d r = Rotation2d.notebook();
        out.println("x:");
        out.println(TorchText.tensor(r.input(), false));
        out.println("theta: " + r.theta());
        out.println("x rotacionado:");
        out.println(TorchText.tensor(r.rotated(), false));

        N01.cell(out, "N1.14", "RoPE geral (base 10000)");
        Rope.Logits logits = Rope.logits(Rope.toyX(), Rope.toyPositions(), Rope.BOOK_BASE);
        out.println("Q:");
        out.println(TorchText.tensor(Rope.toyX(), false));
        out.println("Q com RoPE:");
        out.println(TorchText.tensor(logits.rotation().rotated(), false));

        N01.cell(out, "N1.15", "Logits com e sem RoPE");
        out.println("Logits sem RoPE:");
        out.println(TorchText.tensor(logits.plain(), false));
        out.println("Logits com RoPE:");
        out.println(TorchText.tensor(logits.withRope(), false));
        NotebookPlots.sideBySide(plots.resolve("N1.15-logits-rope.png"), List.of(
                NotebookPlots.heatmapChart("QKᵀ / √d — sem RoPE", logits.plain(), null, "", "", ""),
                NotebookPlots.heatmapChart("QKᵀ / √d — com RoPE", logits.withRope(), null, "", "", "")), 10, 4);

        N01.cell(out, "N1.16", "Softmax estável");
        out.println("[BASE] Logits reais: " + TorchText.pythonList(SoftmaxRegimes.BASE_ROW));

        N01.cell(out, "N1.17", "Varredura de escala");
        for (var regime : SoftmaxRegimes.scaleSweep(SoftmaxRegimes.BASE_ROW, SoftmaxRegimes.NOTEBOOK_SCALES)) {
            out.printf(Locale.ROOT, "[scale=%s] softmax=%s  entropy=%.4f%n", regime.parameter(),
                    TorchText.numpyFloat32(regime.probabilities()), regime.entropy());
        }

        N01.cell(out, "N1.18", "Varredura de temperatura");
        var sweep = SoftmaxRegimes.temperatureSweep(SoftmaxRegimes.BASE_ROW, SoftmaxRegimes.NOTEBOOK_TEMPERATURES);
        var names = new ArrayList<String>();
        var series = new ArrayList<double[]>();
        for (var regime : sweep) {
            out.printf(Locale.ROOT, "[tau=%s] softmax=%s  entropy=%.4f%n", regime.parameter(),
                    TorchText.numpyFloat32(regime.probabilities()), regime.entropy());
            names.add("tau=" + regime.parameter());
            series.add(regime.probabilities());
        }
        NotebookPlots.lines(plots.resolve("N1.18-temperatura.png"), "Temperatura controla a concentração da atenção",
                "token observado", "probabilidade", names, series, 7, 4);

        N01.cell(out, "N1.19", "Por que dividir por √d");
        NotebookN1Weights weights = cpuOnly ? NotebookN1Weights.cpuOnlyRun() : NotebookN1Weights.recordedRun();
        List<LogitScale.StdRow> table = cpuOnly ? weights.stdTable() : LogitScale.stdTable(0);
        for (var row : table) {
            out.printf(Locale.ROOT, "dk=%4d  std(raw)=%.3f  std(scaled)=%.3f%n", row.dk(), row.stdRaw(), row.stdScaled());
        }
        out.println("# nota: gerador de CPU do torch com seed 0; o livro mostra a execução em GPU (T4),"
                + " cujo gerador é outro. O fato portátil: std(scaled) ≈ 1 para todo dk.");

        N01.cell(out, "N1.20", "FFN denso (baseline)");
        out.println("[FFN DENSO] saída:");
        out.println(TorchText.tensor(weights.dense().apply(Rope.toyX()), false));

        N01.cell(out, "N1.21", "MoE toy (4 experts, top-1)");
        MoeRouting routing = MixtureOfExperts.of(weights).notebookRouting(Rope.toyX());
        out.println(TorchText.tensor(routing.output(), false));
        out.println("[MoE] expert por token: " + TorchText.pythonList(routing.expertPerToken()));
        var load = new double[routing.expertCount()];
        for (int e = 0; e < load.length; e++) load[e] = routing.load()[e];
        out.println("[MoE] load por expert: " + TorchText.pythonList(load));

        N01.cell(out, "N1.22", "Gráfico de carga");
        NotebookPlots.bars(plots.resolve("N1.22-moe-load.png"), "MoE Routing — tokens por expert", "expert", "tokens",
                load, 6, 4);
        out.println("# figura: " + plots.resolve("N1.22-moe-load.png") + " (o notebook mostra esta figura duas vezes)");
    }
}
