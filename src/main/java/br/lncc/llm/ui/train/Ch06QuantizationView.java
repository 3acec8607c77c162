package br.lncc.llm.ui.train;

import br.lncc.llm.train.QuantComparison;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.weights.quant.QuantFormat;
import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Cap. 6.4–6.7: one GPT-2 in five storage formats — memory, per-layer error, output and speed. */
public final class Ch06QuantizationView extends ScrollPane {
    private final I18n i18n;
    private final PageContext ctx;
    private final ModelPicker picker;
    private final TextField prompt;
    private final TextField tokens;
    private final Label message = new Label();
    private final GridPane table = new GridPane();
    private final LineChart<Number, Number> errors;
    private final Button run = new Button();
    private final Label randomNote = br.lncc.llm.ui.RandomWeightsNote.create("quant-random-note");
    private boolean ranOnRandomWeights;

    public Ch06QuantizationView(PageContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        setId("ch06-quantization");
        var page = new VBox(12);
        page.getStyleClass().add("page");
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(i18n.text("train.quant.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("train.quant.intro"));
        picker = new ModelPicker(ctx);
        var form = new Form(i18n);
        prompt = form.add("train.prompt", "quant-prompt", "The weather today is");
        tokens = form.add("train.newTokens", "quant-tokens", "12");
        run.setId("quant-run");
        run.textProperty().bind(i18n.text("train.quant.run"));
        run.setOnAction(e -> start());
        message.setWrapText(true);
        message.setId("quant-message");
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        table.setHgap(16);
        table.setVgap(4);
        table.setId("quant-table");
        errors = Charts.lines(i18n.get("train.quant.layerAxis"), i18n.get("train.quant.errorAxis"));
        var note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(i18n.text("train.quant.note"));
        page.getChildren().addAll(title, intro, picker, Form.withAction(form, run), message, randomNote, br.lncc.llm.ui.widget.GridTable.keepCellsWhole(table),
                br.lncc.llm.ui.widget.EmptyChart.afterClicking(errors, i18n, run), note);
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch07ProofView.class.getResource("train.css").toExternalForm());
    }

    private void start() {
        var source = picker.source();
        String p = prompt.getText();
        int n;
        try {
            n = Form.integer(tokens, i18n.get("train.newTokens"));
            if (n < 1 || n > 200) throw new IllegalArgumentException(i18n.get("train.newTokens") + ": 1–200");
        } catch (IllegalArgumentException e) {
            message.setText(i18n.get("train.invalid", e.getMessage()));
            return;
        }
        message.setText("");
        ranOnRandomWeights = picker.randomWeights();
        run.setDisable(true);
        ctx.tasks().run(i18n.get("train.quant.task", source.name()), sink -> QuantComparison.run(source, p, n, sink),
                this::show, () -> run.setDisable(false));
    }

    private void show(QuantComparison.Result r) {
        table.getChildren().clear();
        String[] head = i18n.get("train.quant.columns").split("\\|");
        for (int j = 0; j < head.length; j++) {
            var h = new Label(head[j]);
            h.getStyleClass().add("matrix-name");
            table.add(h, j, 0);
        }
        double fp32 = r.memory().get(QuantFormat.FP32).bytes();
        int row = 1;
        for (QuantFormat f : QuantComparison.FORMATS) {
            var mem = r.memory().get(f);
            var out = r.outputs().get(f);
            var text = new Label(out.text().replace('\n', ' '));
            text.setWrapText(true);
            text.setMaxWidth(420);
            table.addRow(row++,
                    new Label(f.label()),
                    new Label(String.format(i18n.getLocale(), "%.1f MiB", mem.bytes() / 1048576.0)),
                    new Label(String.format(i18n.getLocale(), "%.2f×", fp32 / mem.bytes())),
                    new Label(String.format(i18n.getLocale(), "%.3f", r.conv1dMemory().get(f).bitsPerWeight())),
                    new Label(String.format(i18n.getLocale(), "%.1f", out.msPerToken())),
                    text);
        }
        errors.getData().clear();
        for (QuantFormat f : QuantComparison.FORMATS) {
            if (f == QuantFormat.FP32) continue;
            var s = new XYChart.Series<Number, Number>();
            s.setName(f.label());
            for (int i = 0; i < r.layers().size(); i++) s.getData().add(new XYChart.Data<>(i, r.layers().get(i).relativeRms().get(f)));
            errors.getData().add(s);
        }
        errors.setCreateSymbols(true);
        br.lncc.llm.ui.RandomWeightsNote.show(randomNote, i18n, ranOnRandomWeights, r.model());
        message.setText(i18n.get("train.quant.summary", r.model(), r.layers().size(),
                String.format(i18n.getLocale(), "%.1f", fp32 / 1048576.0)));
    }

    List<String> formats() {
        return QuantComparison.FORMATS.stream().map(QuantFormat::label).toList();
    }
}
