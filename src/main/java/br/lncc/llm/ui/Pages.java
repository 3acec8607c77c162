package br.lncc.llm.ui;

import br.lncc.llm.bench.ModelOpener;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.ui.bench.BenchmarkPage;
import br.lncc.llm.ui.ch02.BertSession;
import br.lncc.llm.ui.ch02.Ch02AttentionView;
import br.lncc.llm.ui.ch02.Ch02EmbeddingsView;
import br.lncc.llm.ui.ch02.Ch02FeedForwardNormView;
import br.lncc.llm.ui.ch02.Ch02MultiHeadView;
import br.lncc.llm.ui.ch02.Ch02PcaView;
import br.lncc.llm.ui.ch02.Ch02TokenizationView;
import br.lncc.llm.ui.ch02.Ch02WorkedAttentionView;
import br.lncc.llm.ui.ch03.Ch03MoeView;
import br.lncc.llm.ui.ch03.Ch03RopeView;
import br.lncc.llm.ui.ch03.Ch03ScalingView;
import br.lncc.llm.ui.ch04.ArchitectureView;
import br.lncc.llm.ui.ch04.GenerationLabView;
import br.lncc.llm.ui.ch04.Practice1View;
import br.lncc.llm.ui.ch05.PromptingView;
import br.lncc.llm.ui.compress.CompressionLabView;
import br.lncc.llm.ui.home.WelcomeView;
import br.lncc.llm.ui.notebooks.NotebooksPage;
import br.lncc.llm.ui.serve.Ch09ServeView;
import br.lncc.llm.ui.train.Ch06CrossEntropyView;
import br.lncc.llm.ui.train.Ch06QuantizationView;
import br.lncc.llm.ui.train.Ch07ProofView;
import br.lncc.llm.ui.train.Ch08DpoView;
import br.lncc.llm.ui.train.Ch08JudgeView;
import br.lncc.llm.ui.train.Ch08RlView;
import br.lncc.llm.ui.train.PretrainView;
import br.lncc.llm.ui.train.TrainingLabView;

/**
 * THE list of interactive pages: one line per page, in your area's block. Keys are the book's
 * section numbers (see book-toc.tsv), or ChapterPages.BENCHMARK / NOTEBOOKS.
 *
 * <pre>{@code
 * pages.register("2.5", ctx -> new Ch02AttentionView(ctx));
 * }</pre>
 *
 * Keep one line per registration inside your block so parallel edits merge cleanly; import the
 * view (no fully-qualified names in the lines).
 */
public final class Pages {
    private Pages() {}

    public static ChapterPages all() {
        var pages = new ChapterPages();

        // ---- lessons: Cap. 2 and 3 ----
        pages.register("2.2", ctx -> new Ch02TokenizationView(ctx, BertSession.app()).root());
        pages.register("2.3", ctx -> new Ch02EmbeddingsView(ctx, BertSession.app()).root());
        pages.register("2.4", ctx -> new Ch02EmbeddingsView(ctx, BertSession.app()).root());
        pages.register("2.4.7", ctx -> new Ch02PcaView(ctx, BertSession.app()).root());
        pages.register("2.5", ctx -> new Ch02AttentionView(ctx, BertSession.app()).root());
        pages.register("2.6", ctx -> new Ch02WorkedAttentionView(ctx).root());
        pages.register("2.7", ctx -> new Ch02MultiHeadView(ctx).root());
        pages.register("2.8", ctx -> new Ch02WorkedAttentionView(ctx).root());
        pages.register("2.9", ctx -> new Ch02FeedForwardNormView(ctx).root());
        pages.register("2.10", ctx -> new Ch02FeedForwardNormView(ctx).root());
        pages.register("3.3", ctx -> new Ch03RopeView(ctx).root());
        pages.register("3.4", ctx -> new Ch03RopeView(ctx).root());
        pages.register("3.5", ctx -> new Ch03RopeView(ctx).root());
        pages.register("3.6", ctx -> new Ch03RopeView(ctx).root());
        pages.register("3.7", ctx -> new Ch03ScalingView(ctx).root());
        pages.register("3.8", ctx -> new Ch03MoeView(ctx).root());

        // ---- gpt2: Cap. 4 and 5 ----
        pages.register("4.2", ArchitectureView::new);
        pages.register("4.3", ArchitectureView::new);
        pages.register("4.4", ArchitectureView::new);
        pages.register("4.5", ArchitectureView::new);
        pages.register("4.6", ArchitectureView::new);
        pages.register("4.7", ArchitectureView::new);
        pages.register("4.8", ctx -> new GenerationLabView(ctx, 0));
        pages.register("4.9", ctx -> new GenerationLabView(ctx, 0));
        pages.register("4.10", ctx -> new GenerationLabView(ctx, 0));
        pages.register("4.11", ctx -> new GenerationLabView(ctx, 2));
        pages.register("4.12", ctx -> new GenerationLabView(ctx, 1));
        pages.register("4.15", Practice1View::new);
        pages.register("5.5", ctx -> new PromptingView(ctx, 0));
        pages.register("5.6", ctx -> new PromptingView(ctx, 0));
        pages.register("5.7", ctx -> new PromptingView(ctx, 1));
        pages.register("5.8", ctx -> new PromptingView(ctx, 2));

        // ---- train: Cap. 6 and 7 ----
        pages.register("6.1", PretrainView::new);
        pages.register("6.2", PretrainView::new);
        pages.register("6.3", Ch06CrossEntropyView::new);
        pages.register("6.4", PretrainView::new);
        pages.register("6.5", Ch06QuantizationView::new);
        pages.register("6.6", Ch06QuantizationView::new);
        pages.register("7.4", Ch07ProofView::new);
        pages.register("7.5", ctx -> new TrainingLabView(ctx, null));
        pages.register("7.9", ctx -> new TrainingLabView(ctx, TrainingMethod.SFT));
        pages.register("7.10", ctx -> new TrainingLabView(ctx, TrainingMethod.LORA));
        pages.register("7.11", ctx -> new TrainingLabView(ctx, TrainingMethod.QLORA));
        pages.register("8.2", Ch08DpoView::new);
        pages.register("8.3", Ch08RlView::new);
        pages.register("8.4", Ch08JudgeView::new);
        pages.register("8.5.4", Ch08JudgeView::new);

        // ---- stats: Benchmark ----
        pages.register(ChapterPages.BENCHMARK, ctx -> new BenchmarkPage(ctx, ModelOpener.standard()));

        // ---- notebooks ----
        pages.register(ChapterPages.NOTEBOOKS, NotebooksPage::new);

        // ---- serve: Cap. 9 ----
        pages.register("9", Ch09ServeView::new);

        // ---- compress: Cap. 6.6 / 9.1.3 compression lab (seed 004) ----
        pages.register("9.1.3", ctx -> new CompressionLabView(ctx).root());

        // ---- other ----
        pages.register("1", WelcomeView::new);

        return pages;
    }
}
