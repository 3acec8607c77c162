package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch06.RandomLogitsLoss;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 6.3: the "Loss simulada (pré-treinamento)" with the sizes the book leaves out made
 * editable, and where the book's 10.09 falls against ln V + σ²/2.
 */
public final class Ch06CrossEntropyView extends ScrollPane {
    private final I18n i18n;
    private final PageContext ctx;
    private final TextField batch;
    private final TextField seq;
    private final TextField vocab;
    private final TextField std;
    private final TextField seed;
    private final Label summary = new Label();
    private final BarChart<String, Number> histogram;
    private final Button run = new Button();

    public Ch06CrossEntropyView(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("ch06-cross-entropy");
        var page = new VBox(12);
        page.getStyleClass().add("page");
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(i18n.text("train.ce.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("train.ce.intro"));
        var d = RandomLogitsLoss.Inputs.gpt2Default();
        var form = new Form(i18n);
        batch = form.add("train.ce.batch", "ce-batch", "" + d.batchSize());
        seq = form.add("train.ce.seq", "ce-seq", "" + d.seqLen());
        vocab = form.add("train.ce.vocab", "ce-vocab", "" + d.vocabSize());
        std = form.add("train.ce.std", "ce-std", "1.0");
        seed = form.add("train.ce.seed", "ce-seed", "" + d.seed());
        run.setId("ce-run");
        run.textProperty().bind(i18n.text("train.ce.run"));
        run.setOnAction(e -> start());
        summary.setId("ce-summary");
        summary.setWrapText(true);
        summary.visibleProperty().bind(summary.textProperty().isNotEmpty());
        summary.managedProperty().bind(summary.visibleProperty());
        summary.getStyleClass().add("page-statement");
        var x = new CategoryAxis();
        x.setId("ce-axis-loss");
        x.labelProperty().bind(i18n.text("train.ce.axis.loss"));
        var y = new NumberAxis();
        y.setId("ce-axis-count");
        y.labelProperty().bind(i18n.text("train.ce.axis.count"));
        histogram = new BarChart<>(x, y);
        // Bars count tokens: whole ticks only (the axis said 2.5 and 22.5 tokens).
        br.lncc.llm.ui.widget.DiscreteAxis.follow(histogram, y, false);
        histogram.setLegendVisible(false);
        histogram.setAnimated(false);
        histogram.setBarGap(0);
        histogram.setCategoryGap(1);
        br.lncc.llm.ui.widget.PresenterSize.prefHeight(histogram, 300);
        var why = new Label();
        why.setWrapText(true);
        why.textProperty().bind(i18n.text("train.ce.why"));
        page.getChildren().addAll(title, intro, Form.withAction(form, run), summary, br.lncc.llm.ui.widget.EmptyChart.afterClicking(histogram, i18n, run), why);
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch07ProofView.class.getResource("train.css").toExternalForm());
        i18n.localeProperty().addListener((o, a, b) -> {
            if (shown != null) drawHistogram(shown);
        });
    }

    /** The last result: drawn again, not computed again, when the language changes. */
    private RandomLogitsLoss.Result shown;

    private void start() {
        RandomLogitsLoss.Inputs in;
        try {
            in = new RandomLogitsLoss.Inputs(
                    Form.integer(batch, "batch"),
                    Form.integer(seq, "seq"),
                    Form.integer(vocab, "V"),
                    Form.number(std, "σ"),
                    Form.integer(seed, "seed"));
        } catch (IllegalArgumentException e) {
            i18n.show(summary.textProperty(), () -> i18n.get("train.invalid", i18n.error(e)));
            return;
        }
        run.setDisable(true);
        ctx.tasks().run(i18n.get("train.ce.task"), sink -> RandomLogitsLoss.compute(in, sink), this::show, () -> run.setDisable(false));
    }

    private void show(RandomLogitsLoss.Result r) {
        shown = r;
        i18n.show(summary.textProperty(), () -> i18n.get("train.ce.summary",
                String.format(i18n.getLocale(), "%.4f", r.meanLoss()),
                String.format(i18n.getLocale(), "%.4f", r.uniformLoss()),
                String.format(i18n.getLocale(), "%.4f", r.expectedLoss()),
                String.format(i18n.getLocale(), "%.4f", r.standardError()),
                String.format(i18n.getLocale(), "%.1f", r.bookZScore()),
                String.format(i18n.getLocale(), "%,.0f", r.vocabExpectingBookLoss()),
                r.inputs().tokens()));
        drawHistogram(r);
    }

    /** The bins' names are numbers in the language of the moment ("11,37" / "11.37"). */
    private void drawHistogram(RandomLogitsLoss.Result r) {
        double[] losses = r.tokenLosses();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double l : losses) {
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        int bins = 24;
        double width = Math.max(1e-9, (max - min) / bins);
        int[] counts = new int[bins];
        for (double l : losses) counts[Math.min(bins - 1, (int) ((l - min) / width))]++;
        var series = new XYChart.Series<String, Number>();
        for (int b = 0; b < bins; b++) series.getData().add(new XYChart.Data<>(String.format(i18n.getLocale(), "%.2f", min + (b + 0.5) * width), counts[b]));
        histogram.getData().setAll(java.util.List.of(series));
    }
}
