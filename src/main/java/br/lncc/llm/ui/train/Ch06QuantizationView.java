package br.lncc.llm.ui.train;

import br.lncc.llm.lesson.ch06.QuantComparison;
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

    /** The book's prompt for GPT-2 (6.5). */
    static final String BOOK_PROMPT = "The weather today is";

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
        prompt = form.add("train.prompt", "quant-prompt", BOOK_PROMPT);
        // The course model read only Portuguese (Cap. 6): its outputs in the table meant nothing after the
        // book's English prompt (seen in the real window). An untouched prompt follows the model, as on 4.8.
        Runnable defaultPrompt = () -> {
            String course = i18n.get(br.lncc.llm.lesson.CourseModelInfo.PROMPT);
            if (prompt.getText().equals(BOOK_PROMPT) || prompt.getText().equals(course)) {
                prompt.setText(picker.source() instanceof br.lncc.llm.lesson.LabModelSource.Course ? course : BOOK_PROMPT);
            }
        };
        picker.choiceProperty().addListener((o, a, b) -> defaultPrompt.run());
        defaultPrompt.run();
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
        errors = Charts.lines(i18n, "train.quant.layerAxis", "train.quant.errorAxis");
        var note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(i18n.text("train.quant.note"));
        page.getChildren().addAll(title, intro, picker, Form.withAction(form, run), message, randomNote, br.lncc.llm.ui.widget.GridTable.keepCellsWhole(table),
                br.lncc.llm.ui.widget.EmptyChart.afterClicking(errors, i18n, run), note, decodeSection());
        setContent(page);
        setFitToWidth(true);
        getStylesheets().add(Ch07ProofView.class.getResource("train.css").toExternalForm());
        i18n.localeProperty().addListener((o, a, b) -> {
            if (shown != null) drawTable(shown);
            if (decodeShown != null) drawDecodeTable(decodeShown);
        });
    }

    /** The last results: drawn again, not computed again, when the language changes. */
    private QuantComparison.Result shown;
    private br.lncc.llm.lesson.ch06.DecodeSideBySide.Result decodeShown;

    private final Button decodeRun = new Button();
    private TextField decodeTokens;
    private final GridPane decodeTable = new GridPane();
    private final Label decodeMessage = new Label();

    /** Cap. 6.5–6.6: the course model decoding FP32, INT8 and NF4, dequantize-then-multiply vs the fused kernel. */
    private VBox decodeSection() {
        var title = new Label();
        title.getStyleClass().add("page-subtitle");
        title.setWrapText(true);
        title.textProperty().bind(i18n.text("train.decode.title"));
        var intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(i18n.text("train.decode.intro"));
        var form = new Form(i18n);
        decodeTokens = form.add("train.newTokens", "decode-tokens", "48");
        decodeRun.setId("decode-run");
        decodeRun.textProperty().bind(i18n.text("train.decode.run"));
        decodeRun.setOnAction(e -> startDecode());
        decodeMessage.setWrapText(true);
        decodeMessage.setId("decode-message");
        decodeMessage.visibleProperty().bind(decodeMessage.textProperty().isNotEmpty());
        decodeMessage.managedProperty().bind(decodeMessage.visibleProperty());
        decodeTable.setHgap(16);
        decodeTable.setVgap(4);
        decodeTable.setId("decode-table");
        var note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(i18n.text("train.decode.note"));
        return new VBox(8, title, intro, Form.withAction(form, decodeRun), decodeMessage,
                br.lncc.llm.ui.widget.GridTable.keepCellsWhole(decodeTable), note);
    }

    private void startDecode() {
        int n;
        try {
            n = Form.integer(decodeTokens, i18n.get("train.newTokens"));
            if (n < 1 || n > br.lncc.llm.lesson.ch06.DecodeSideBySide.MAX_TOKENS) {
                throw new IllegalArgumentException(i18n.get("train.newTokens") + ": 1–" + br.lncc.llm.lesson.ch06.DecodeSideBySide.MAX_TOKENS);
            }
        } catch (IllegalArgumentException e) {
            i18n.show(decodeMessage.textProperty(), () -> i18n.get("train.invalid", i18n.error(e)));
            return;
        }
        i18n.show(decodeMessage.textProperty(), () -> i18n.get("train.decode.running"));
        decodeRun.setDisable(true);
        ctx.tasks().run(i18n.get("train.decode.task"),
                sink -> br.lncc.llm.lesson.ch06.DecodeSideBySide.run(n, 3, r -> javafx.application.Platform.runLater(() -> showDecode(r)), sink),
                r -> {
                    showDecode(r);
                    i18n.show(decodeMessage.textProperty(), () -> i18n.get("train.decode.summary", r.model(), r.newTokens(), r.rounds(),
                            String.format(i18n.getLocale(), "%.1f", r.speedup(br.lncc.llm.lesson.ch06.DecodeSideBySide.Road.INT8_FUSED)),
                            String.format(i18n.getLocale(), "%.1f", r.speedup(br.lncc.llm.lesson.ch06.DecodeSideBySide.Road.NF4_FUSED)),
                            String.format(i18n.getLocale(), "%.2f", r.speedup(br.lncc.llm.lesson.ch06.DecodeSideBySide.Road.NF4_DEQUANTIZE))));
                },
                () -> decodeRun.setDisable(false));
    }

    private void showDecode(br.lncc.llm.lesson.ch06.DecodeSideBySide.Result r) {
        decodeShown = r;
        drawDecodeTable(r);
        i18n.show(decodeMessage.textProperty(), () -> i18n.get("train.decode.live", r.rounds()));
    }

    private void drawDecodeTable(br.lncc.llm.lesson.ch06.DecodeSideBySide.Result r) {
        br.lncc.llm.ui.widget.GridTable.startWithHeader(decodeTable, i18n.get("train.decode.columns"));
        int row = 1;
        for (var m : r.measurements()) {
            var tps = new Label(String.format(i18n.getLocale(), "%.1f", m.tokensPerSecond()));
            tps.setId("decode-tps-" + m.road().name().toLowerCase(java.util.Locale.ROOT));
            decodeTable.addRow(row++,
                    new Label(i18n.get("train.decode.road." + m.road().name())),
                    tps,
                    new Label(String.format(i18n.getLocale(), "%.2f×", r.speedup(m.road()))),
                    new Label(String.format(i18n.getLocale(), "%.1f", m.bytesPerToken() / 1e6)),
                    new Label(String.format(i18n.getLocale(), "%.1f", m.heldBytes() / 1e6)));
        }
    }

    private void start() {
        var source = picker.source();
        String p = prompt.getText();
        int n;
        try {
            n = Form.integer(tokens, i18n.get("train.newTokens"));
            if (n < 1 || n > 200) throw new IllegalArgumentException(i18n.get("train.newTokens") + ": 1–200");
        } catch (IllegalArgumentException e) {
            i18n.show(message.textProperty(), () -> i18n.get("train.invalid", i18n.error(e)));
            return;
        }
        i18n.show(message.textProperty(), () -> "");
        ranOnRandomWeights = picker.randomWeights();
        run.setDisable(true);
        ctx.tasks().run(i18n.get("train.quant.task", source.name()), sink -> QuantComparison.run(source, p, n, sink),
                this::show, () -> run.setDisable(false));
    }

    private void show(QuantComparison.Result r) {
        shown = r;
        drawTable(r);
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
        double fp32 = r.memory().get(QuantFormat.FP32).bytes();
        i18n.show(message.textProperty(), () -> i18n.get("train.quant.summary", r.model(), r.layers().size(),
                String.format(i18n.getLocale(), "%.1f", fp32 / 1048576.0)));
    }

    /** The results table in the language of the moment (headers, decimal separator); redrawn on a switch. */
    private void drawTable(QuantComparison.Result r) {
        br.lncc.llm.ui.widget.GridTable.startWithHeader(table, i18n.get("train.quant.columns"));
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
    }

    List<String> formats() {
        return QuantComparison.FORMATS.stream().map(QuantFormat::label).toList();
    }
}
