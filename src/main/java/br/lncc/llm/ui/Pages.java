package br.lncc.llm.ui;

/**
 * THE list of interactive pages: one line per page, in your area's block. Keys are the book's
 * section numbers (see book-toc.tsv), or ChapterPages.BENCHMARK / NOTEBOOKS.
 *
 * <pre>{@code
 * pages.register("2.5", ctx -> new Ch02AttentionView(ctx));
 * }</pre>
 *
 * Keep one line per registration inside your block so parallel edits merge cleanly.
 */
public final class Pages {
    private Pages() {}

    public static ChapterPages all() {
        var pages = new ChapterPages();

        // ---- lessons: Cap. 2 and 3 ----
        pages.register("2.2", ctx -> new br.lncc.llm.ui.ch02.Ch02TokenizationView(ctx, br.lncc.llm.ui.ch02.BertSession.app()).root());
        pages.register("2.3", ctx -> new br.lncc.llm.ui.ch02.Ch02EmbeddingsView(ctx, br.lncc.llm.ui.ch02.BertSession.app()).root());
        pages.register("2.4", ctx -> new br.lncc.llm.ui.ch02.Ch02EmbeddingsView(ctx, br.lncc.llm.ui.ch02.BertSession.app()).root());
        pages.register("2.4.7", ctx -> new br.lncc.llm.ui.ch02.Ch02PcaView(ctx, br.lncc.llm.ui.ch02.BertSession.app()).root());
        pages.register("2.5", ctx -> new br.lncc.llm.ui.ch02.Ch02AttentionView(ctx, br.lncc.llm.ui.ch02.BertSession.app()).root());
        pages.register("2.6", ctx -> new br.lncc.llm.ui.ch02.Ch02WorkedAttentionView(ctx).root());
        pages.register("2.7", ctx -> new br.lncc.llm.ui.ch02.Ch02MultiHeadView(ctx).root());
        pages.register("2.8", ctx -> new br.lncc.llm.ui.ch02.Ch02WorkedAttentionView(ctx).root());
        pages.register("2.9", ctx -> new br.lncc.llm.ui.ch02.Ch02FeedForwardNormView(ctx).root());
        pages.register("2.10", ctx -> new br.lncc.llm.ui.ch02.Ch02FeedForwardNormView(ctx).root());
        pages.register("3.3", ctx -> new br.lncc.llm.ui.ch03.Ch03RopeView(ctx).root());
        pages.register("3.4", ctx -> new br.lncc.llm.ui.ch03.Ch03RopeView(ctx).root());
        pages.register("3.5", ctx -> new br.lncc.llm.ui.ch03.Ch03RopeView(ctx).root());
        pages.register("3.6", ctx -> new br.lncc.llm.ui.ch03.Ch03RopeView(ctx).root());
        pages.register("3.7", ctx -> new br.lncc.llm.ui.ch03.Ch03ScalingView(ctx).root());
        pages.register("3.8", ctx -> new br.lncc.llm.ui.ch03.Ch03MoeView(ctx).root());

        // ---- gpt2: Cap. 4 and 5 ----
        pages.register("4.2", br.lncc.llm.ui.ch04.ArchitectureView::new);
        pages.register("4.3", br.lncc.llm.ui.ch04.ArchitectureView::new);
        pages.register("4.4", br.lncc.llm.ui.ch04.ArchitectureView::new);
        pages.register("4.5", br.lncc.llm.ui.ch04.ArchitectureView::new);
        pages.register("4.6", br.lncc.llm.ui.ch04.ArchitectureView::new);
        pages.register("4.7", br.lncc.llm.ui.ch04.ArchitectureView::new);
        pages.register("4.8", ctx -> new br.lncc.llm.ui.ch04.GenerationLabView(ctx, 0));
        pages.register("4.9", ctx -> new br.lncc.llm.ui.ch04.GenerationLabView(ctx, 0));
        pages.register("4.10", ctx -> new br.lncc.llm.ui.ch04.GenerationLabView(ctx, 0));
        pages.register("4.11", ctx -> new br.lncc.llm.ui.ch04.GenerationLabView(ctx, 2));
        pages.register("4.12", ctx -> new br.lncc.llm.ui.ch04.GenerationLabView(ctx, 1));
        pages.register("4.15", br.lncc.llm.ui.ch04.Practice1View::new);
        pages.register("5.5", ctx -> new br.lncc.llm.ui.ch05.PromptingView(ctx, 0));
        pages.register("5.6", ctx -> new br.lncc.llm.ui.ch05.PromptingView(ctx, 0));
        pages.register("5.7", ctx -> new br.lncc.llm.ui.ch05.PromptingView(ctx, 1));
        pages.register("5.8", ctx -> new br.lncc.llm.ui.ch05.PromptingView(ctx, 2));

        // ---- bert ----

        // ---- train: Cap. 6 and 7 ----
        pages.register("6.1", br.lncc.llm.ui.train.PretrainView::new);
        pages.register("6.2", br.lncc.llm.ui.train.PretrainView::new);
        pages.register("6.3", br.lncc.llm.ui.train.Ch06CrossEntropyView::new);
        pages.register("6.4", br.lncc.llm.ui.train.PretrainView::new);
        pages.register("6.5", br.lncc.llm.ui.train.Ch06QuantizationView::new);
        pages.register("6.6", br.lncc.llm.ui.train.Ch06QuantizationView::new);
        pages.register("7.4", br.lncc.llm.ui.train.Ch07ProofView::new);
        pages.register("7.5", ctx -> new br.lncc.llm.ui.train.TrainingLabView(ctx, null));
        pages.register("7.9", ctx -> new br.lncc.llm.ui.train.TrainingLabView(ctx, br.lncc.llm.train.TrainingMethod.SFT));
        pages.register("7.10", ctx -> new br.lncc.llm.ui.train.TrainingLabView(ctx, br.lncc.llm.train.TrainingMethod.LORA));
        pages.register("7.11", ctx -> new br.lncc.llm.ui.train.TrainingLabView(ctx, br.lncc.llm.train.TrainingMethod.QLORA));
        pages.register("8.2", br.lncc.llm.ui.train.Ch08DpoView::new);
        pages.register("8.3", br.lncc.llm.ui.train.Ch08RlView::new);
        pages.register("8.4", br.lncc.llm.ui.train.Ch08JudgeView::new);
        pages.register("8.5.4", br.lncc.llm.ui.train.Ch08JudgeView::new);

        // ---- stats: Benchmark ----
        pages.register(ChapterPages.BENCHMARK, ctx -> new br.lncc.llm.ui.bench.BenchmarkPage(ctx, br.lncc.llm.bench.ModelOpener.standard()));

        // ---- notebooks ----
        pages.register(ChapterPages.NOTEBOOKS, br.lncc.llm.ui.notebooks.NotebooksPage::new);

        // ---- serve: Cap. 9 ----
        pages.register("9", br.lncc.llm.ui.serve.Ch09ServeView::new);

        // ---- compress: Cap. 6.6 / 9.1.3 compression lab (seed 004) ----
        pages.register("9.1.3", ctx -> new br.lncc.llm.ui.compress.CompressionLabView(ctx).root());

        // ---- other ----
        pages.register("1", br.lncc.llm.ui.home.WelcomeView::new);

        return pages;
    }
}
