package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.lesson.ch07.LossScalingStudy;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 7.9: the book's first attempt, SFT in FP16, failed on gradient scaling. This pane measures
 * why: the real FP32 gradients of one step, scaled by 2ᵏ and rounded to FP16 — how many vanish,
 * how many keep only a few bits, when ∞ appears, and what a dynamic loss scaler does about it.
 */
final class LossScalingPane extends VBox {
    private static final int[] SCALES = {0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40};
    // Above the safe scale of typical gradients (max |g| ≈ 0.1–1 → 2^16–2^19), so the halving shows.
    private static final int SCALER_START = 24;

    /** The model and training rows the lab currently shows. */
    record Input(LabModelSource source, List<String> texts) {}

    private final I18n i18n;
    private final PageContext ctx;
    private final Supplier<Input> input;
    private final Button run = new Button();
    private final Label summary = new Label();
    private final Label scaler = new Label();
    private final GridPane table = new GridPane();
    private final LineChart<Number, Number> chart;

    LossScalingPane(PageContext ctx, Supplier<Input> input) {
        super(8);
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.input = input;
        setId("fp16-pane");
        var title = new Label();
        title.getStyleClass().add("page-heading");
        title.textProperty().bind(i18n.text("train.fp16.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("train.fp16.intro"));
        run.setId("fp16-run");
        run.textProperty().bind(i18n.text("train.fp16.run"));
        run.setOnAction(e -> start());
        summary.setId("fp16-summary");
        summary.setWrapText(true);
        scaler.setId("fp16-scaler");
        scaler.setWrapText(true);
        for (var l : new Label[] {summary, scaler}) {
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
        }
        table.setId("fp16-table");
        table.setHgap(14);
        table.setVgap(3);
        chart = Charts.lines("log₂ S", "%");
        chart.setCreateSymbols(true);
        br.lncc.llm.ui.widget.PresenterSize.prefHeight(chart, 240);
        var note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(i18n.text("train.fp16.note"));
        var chartBox = br.lncc.llm.ui.widget.EmptyChart.afterClicking(chart, i18n, run);
        var results = new HBox(18, br.lncc.llm.ui.widget.GridTable.keepCellsWhole(table), chartBox);
        HBox.setHgrow(chartBox, javafx.scene.layout.Priority.ALWAYS);
        chart.setMinWidth(200);
        // Nothing to draw before the first measurement.
        results.visibleProperty().bind(summary.textProperty().isNotEmpty());
        results.managedProperty().bind(results.visibleProperty());
        getChildren().addAll(title, intro, run, summary, results, scaler, note);
        i18n.localeProperty().addListener((o, a, b) -> {
            if (shown != null) draw(shown);
        });
    }

    private void start() {
        Input in;
        try {
            in = input.get();
        } catch (RuntimeException e) {
            i18n.show(summary.textProperty(), () -> i18n.get("train.invalid", i18n.error(e)));
            return;
        }
        run.setDisable(true);
        ctx.tasks().run(i18n.get("train.fp16.task", in.source().name()),
                sink -> LossScalingStudy.run(in.source(), in.texts(), SCALES, SCALER_START, sink), this::show, () -> run.setDisable(false));
    }

    private void show(LossScalingStudy.Result r) {
        shown = r;
        i18n.show(summary.textProperty(), () -> {
            var loc = i18n.getLocale();
            return i18n.get("train.fp16.summary", String.format(loc, "%,d", r.parameters()), String.format(loc, "%.4f", r.loss()),
                    String.format(loc, "%.3g", r.maxAbs()), String.format(loc, "%.3g", r.minAbs()), String.format(loc, "%,d", r.exactZeros()),
                    r.largestSafeLog2());
        });
        i18n.show(scaler.textProperty(), () -> i18n.get("train.fp16.scaler", SCALER_START, r.scaler().stream()
                .map(s -> i18n.get(s.skipped() ? "train.fp16.skip" : "train.fp16.take", s.attempt(), s.log2Scale(), s.overflow()))
                .collect(Collectors.joining(" → "))));
        draw(r);
    }

    /** The table and the chart in the language of the moment (headers, series names, decimal separator). */
    private void draw(LossScalingStudy.Result r) {
        var loc = i18n.getLocale();
        br.lncc.llm.ui.widget.GridTable.startWithHeader(table, i18n.get("train.fp16.columns"));
        var zero = new XYChart.Series<Number, Number>();
        zero.setName(i18n.get("train.fp16.zeroSeries"));
        var sub = new XYChart.Series<Number, Number>();
        sub.setName(i18n.get("train.fp16.subnormalSeries"));
        var inf = new XYChart.Series<Number, Number>();
        inf.setName(i18n.get("train.fp16.overflowSeries"));
        int row = 1;
        for (var s : r.rows()) {
            var cells = new Label[] {new Label("2^" + s.log2Scale()), new Label(pct(s.zeroFraction())), new Label(pct(s.subnormalFraction())),
                new Label(pct(s.overflowFraction())), new Label(s.overflow() > 0 ? "∞" : String.format(loc, "%.2e", s.relativeError()))};
            for (var c : cells) c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            table.addRow(row++, cells);
            zero.getData().add(new XYChart.Data<>(s.log2Scale(), 100 * s.zeroFraction()));
            sub.getData().add(new XYChart.Data<>(s.log2Scale(), 100 * s.subnormalFraction()));
            inf.getData().add(new XYChart.Data<>(s.log2Scale(), 100 * s.overflowFraction()));
        }
        chart.getData().setAll(List.of(zero, sub, inf));
    }

    /** The last result: drawn again, not computed again, when the language changes. */
    private LossScalingStudy.Result shown;

    private String pct(double f) {
        return String.format(i18n.getLocale(), "%.3f%%", 100 * f);
    }
}
