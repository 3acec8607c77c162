package br.lncc.llm.lesson.ch03;

import br.lncc.llm.lesson.FeedForward;
import br.lncc.llm.lesson.Linear;
import br.lncc.llm.lesson.TorchCpuRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * The random weights of notebook N1's part 2 (N1.19–N1.21), drawn exactly as the notebook
 * draws them: {@code torch.manual_seed(0)}; the √d_k table's randn; the dense FFN (Linear 4→16,
 * GELU, Linear 16→4); then the MoE gate (Linear 4→4) and four experts of the FFN's shape.
 *
 * <p>On Colab the table's randn ran on the GPU, whose generator is separate, so the FFN and
 * MoE came from the untouched CPU generator: {@link #recordedRun()} reproduces the recorded
 * outputs and the book's load [0, 2, 0, 1]. On a CPU-only machine the table consumes the CPU
 * generator first: {@link #cpuOnlyRun()} gives what such a run prints (load [0, 2, 1, 0]).
 *
 * @param dense   the dense FFN baseline
 * @param gate    the router W_g, b_g
 * @param experts the four experts
 * @param stdTable the √d_k table when drawn from the CPU generator, else empty
 */
public record NotebookN1Weights(
        FeedForward dense, Linear gate, List<FeedForward> experts, List<LogitScale.StdRow> stdTable) {

    public static final int D_MODEL = 4;
    public static final int D_FF = 16;
    public static final int EXPERTS = 4;

    public static NotebookN1Weights recordedRun() {
        return draw(0, false);
    }

    public static NotebookN1Weights cpuOnlyRun() {
        return draw(0, true);
    }

    /** Any seed, for demos; {@code tableOnCpu} says whether the std table consumed draws first. */
    public static NotebookN1Weights draw(long seed, boolean tableOnCpu) {
        var random = new TorchCpuRandom(seed);
        List<LogitScale.StdRow> table =
                tableOnCpu ? LogitScale.stdTable(random, LogitScale.NOTEBOOK_ROWS, LogitScale.NOTEBOOK_DKS) : List.of();
        FeedForward dense = FeedForward.initLikeTorch(random, D_MODEL, D_FF);
        Linear gate = random.linear(D_MODEL, EXPERTS);
        var experts = new ArrayList<FeedForward>();
        for (int e = 0; e < EXPERTS; e++) experts.add(FeedForward.initLikeTorch(random, D_MODEL, D_FF));
        return new NotebookN1Weights(dense, gate, List.copyOf(experts), table);
    }
}
