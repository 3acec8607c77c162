package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch08.ToyDpo;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Cap. 8.2: DPO on toy preference pairs, with β editable and the implicit rewards shown. */
public final class Ch08DpoView extends ScrollPane {
    private final I18n i18n;
    private final PageContext ctx;
    private final TextArea pairs = new TextArea();
    private final TextField heldOut;
    private final TextField beta;
    private final TextField lr;
    private final TextField steps;
    private final Label message = new Label();
    private final LineChart<Number, Number> lossChart;
    private final LineChart<Number, Number> marginChart;
    private final GridPane outcomes = new GridPane();
    private final Button run = new Button();

    public Ch08DpoView(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("ch08-dpo");
        var page = new VBox(12);
        page.getStyleClass().add("page");
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(i18n.text("train.dpo.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("train.dpo.intro"));
        var ex = ToyDpo.Inputs.example();
        var text = new StringBuilder();
        for (var p : ex.pairs()) text.append(p.prompt()).append(" | ").append(p.chosen()).append(" | ").append(p.rejected()).append('\n');
        pairs.setText(text.toString());
        pairs.setId("dpo-pairs");
        pairs.setPrefRowCount(5);
        var pairsLabel = new Label();
        pairsLabel.textProperty().bind(i18n.text("train.dpo.pairs"));
        var form = new Form(i18n);
        heldOut = form.add("train.dpo.heldOut", "dpo-heldout", ex.heldOutPrompts().get(0));
        beta = form.add("train.dpo.beta", "dpo-beta", "" + ex.beta());
        lr = form.add("train.lr", "dpo-lr", "" + ex.learningRate());
        steps = form.add("train.steps", "dpo-steps", "" + ex.steps());
        run.setId("dpo-run");
        run.textProperty().bind(i18n.text("train.run"));
        run.setOnAction(e -> start());
        message.setWrapText(true);
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.setId("dpo-message");
        lossChart = Charts.lines(i18n, "train.step", "loss");
        marginChart = Charts.lines(i18n, "train.step", "train.dpo.marginAxis");
        outcomes.setHgap(14);
        outcomes.setVgap(3);
        outcomes.setId("dpo-outcomes");
        var note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(i18n.text("train.dpo.note"));
        page.getChildren().addAll(title, intro, pairsLabel, pairs, Form.withAction(form, run), message,
                new HBox(12, br.lncc.llm.ui.widget.EmptyChart.afterClicking(lossChart, i18n, run), br.lncc.llm.ui.widget.EmptyChart.afterClicking(marginChart, i18n, run)),
                br.lncc.llm.ui.widget.GridTable.keepCellsWhole(outcomes), note);
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch07ProofView.class.getResource("train.css").toExternalForm());
        i18n.localeProperty().addListener((o, a, b) -> {
            if (shown != null) draw(shown);
        });
    }

    private void start() {
        ToyDpo.Inputs in;
        try {
            List<ToyDpo.Pair> list = new ArrayList<>();
            int line = 0;
            for (String raw : pairs.getText().split("\n")) {
                line++;
                if (raw.isBlank()) continue;
                String[] parts = raw.split("\\|");
                if (parts.length != 3) {
                    throw new IllegalArgumentException(i18n.get("train.dpo.badLine", line, raw.trim()));
                }
                list.add(new ToyDpo.Pair(parts[0].trim(), parts[1].trim(), parts[2].trim()));
            }
            List<String> held = heldOut.getText().isBlank() ? List.of() : List.of(heldOut.getText().trim());
            in = new ToyDpo.Inputs(list, held, Form.number(beta, "β"), Form.number(lr, "lr"), Form.integer(steps, "steps"), 42);
        } catch (IllegalArgumentException e) {
            i18n.show(message.textProperty(), () -> i18n.get("train.invalid", i18n.error(e)));
            return;
        }
        i18n.show(message.textProperty(), () -> "");
        run.setDisable(true);
        ctx.tasks().run(i18n.get("train.dpo.task"), sink -> ToyDpo.run(in, sink), this::show, () -> run.setDisable(false));
    }

    private void show(ToyDpo.Result r) {
        shown = r;
        var last = r.steps().get(r.steps().size() - 1);
        i18n.show(message.textProperty(), () -> {
            var held = new java.util.StringJoiner("; ", "", ".");
            held.setEmptyValue("—");
            r.heldOutKl().forEach((k, v) -> held.add(String.format(i18n.getLocale(), "%s: KL %.4f", k, v)));
            return i18n.get("train.dpo.summary",
                    String.format(i18n.getLocale(), "%.4f", last.loss()),
                    String.format(i18n.getLocale(), "%.3f", last.meanMargin()),
                    String.format(i18n.getLocale(), "%.0f%%", 100 * last.accuracy()),
                    String.format(i18n.getLocale(), "%.3f", last.klToReference()),
                    held.toString());
        });
        draw(r);
    }

    /** The last result: drawn again, not computed again, when the language changes. */
    private ToyDpo.Result shown;

    /** Charts and table in the language of the moment (series names, decimal separator). */
    private void draw(ToyDpo.Result r) {
        var s = r.steps();
        lossChart.getData().setAll(List.of(Charts.series("loss", s, ToyDpo.Step::step, ToyDpo.Step::loss)));
        marginChart.getData().setAll(List.of(
                Charts.series(i18n.get("train.dpo.margin"), s, ToyDpo.Step::step, ToyDpo.Step::meanMargin),
                Charts.series("KL(π‖π_ref)", s, ToyDpo.Step::step, ToyDpo.Step::klToReference)));
        br.lncc.llm.ui.widget.GridTable.startWithHeader(outcomes,
                "prompt|log π_ref(c)|log π(c)|log π_ref(r)|log π(r)|r(c)|r(r)|" + i18n.get("train.dpo.margin"));
        int row = 1;
        for (var o : r.outcomes()) {
            double[] v = {o.refChosenLogProb(), o.chosenLogProb(), o.refRejectedLogProb(), o.rejectedLogProb(), o.chosenReward(), o.rejectedReward(), o.margin()};
            outcomes.add(new Label(o.pair().prompt()), 0, row);
            for (int j = 0; j < v.length; j++) outcomes.add(new Label(MatrixGrid.format(v[j], 3)), j + 1, row);
            row++;
        }
    }
}
